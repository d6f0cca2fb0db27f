"""Programme report benchmark: ``python -m tools.bench report [--learners 5000] [--events 1000000] [--pg]``.

1. Data through the real path: the simulated programme of ``tests/support/programme.py`` (real pack,
   real server with certification, 10 centres × 2 PCs, 22 countries, campaigns, learners claimed on a
   second PC, exam claims graded, real HTTP syncs) with ``--learners`` learners; then more PCs of the
   same centres push simulated activity on the demo course over HTTP until the server holds
   ``--events`` events.
2. Baseline: the SQL aggregates the report needs (programme.activity_sql, last_device_sql, the
   learners, the devices' centres and the decisions), run raw on the driver connection and fetched.
3. ``programme.build`` (JSON figures) on the same database, and the PDF sheet.
Prints the times and the ratio (targets: report ≤ 2× raw SQL; PDF ≤ 3 s). ``--pg``: the same on a
throwaway PostgreSQL cluster (the data pushed again there). ``--keep DIR`` keeps the data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _fill(prog, events: int, say) -> None:  # noqa: ANN001
    """More PCs of the programme's centres push demo-course activity until ``events`` are stored."""
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.core.sync.simulate import simulate

    i = 0
    while prog.hub.stats()["events"] < events:
        have = prog.hub.stats()["events"]
        centre = f"Centre {i % 10 + 1:02d}"
        kit = Kit(resolve_data_paths(prog.root / f"extra{i:03d}"))
        SyncClient(kit).enrol(prog.server.url, prog.hub.new_enrolment_code(centre=centre), f"extra{i}")
        simulate(kit, 150, 60, seed=900 + i, countries=22, campaigns=["femmes-2025", "radio-2025"])
        SyncClient(kit).sync()
        kit.close()
        i += 1
        say(f"{prog.hub.stats()['events'] - have} events more ({prog.hub.stats()['events']} stored)")


def _raw(conn, dialect: str) -> float:  # noqa: ANN001
    """The report's aggregates, raw on the driver connection (fetched), in seconds."""
    from cc2desktop.core.reports import figures as F
    from cc2desktop.core.reports import programme as P

    f = P.ReportFilters()
    params = {"until": "9999", "course": None}
    dec = F.outcomes_sql(F.decisions_sql("server", until=True))
    stmts = [P.PEOPLE_SQL, P.CENTRES_SQL, P.last_device_sql(dialect), P.activity_sql(dialect, f), dec]
    raw = conn.connection.driver_connection
    t = time.perf_counter()
    for sql in stmts:
        if dialect == "postgresql":
            cur = raw.cursor()
            cur.execute(sql.replace(":until", "%(until)s").replace(":course", "%(course)s"), params)
        else:
            cur = raw.execute(sql.replace(":until", "?").replace(":course", "?"),
                              [params[k] for k in ("until",) if ":until" in sql])
        cur.fetchall()
    return time.perf_counter() - t


def measure(db_url: str, pub, rounds: int, label: str) -> None:  # noqa: ANN001
    from cc2desktop.core.reports import programme as P
    from cc2desktop.core.reports.programme_pdf import render
    from cc2desktop.server.hub import Hub

    hub = Hub(db_url)
    try:
        raw, rep, pdf = [], [], []
        n_events = hub.stats()["events"]
        for _ in range(rounds):
            with hub.ReadSession() as s:
                raw.append(_raw(s.connection(), s.connection().dialect.name))
            with hub.ReadSession() as s:
                t = time.perf_counter()
                r = P.build(s.connection(), P.ReportFilters(), pub)
                rep.append(time.perf_counter() - t)
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                render(r, Path(tmp) / "sheet.pdf")
                pdf.append(time.perf_counter() - t)
        m = statistics.median
        print(f"[{label}] {n_events} events, {r['enrolled']} learners, {r['countries']} countries, "
              f"{r['certified']} certified")
        print(f"[{label}] raw SQL aggregates {m(raw):.3f} s; server report {m(rep):.3f} s; "
              f"ratio {m(rep) / m(raw):.2f} (target ≤ 2); PDF {m(pdf):.3f} s (target ≤ 3 s)")
    finally:
        hub.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench report")
    ap.add_argument("--learners", type=int, default=5000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pg", action="store_true", help="also on a throwaway PostgreSQL cluster")
    ap.add_argument("--keep", metavar="DIR")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from cc2desktop.core.reports import programme as P

    from tests.support.programme import build_programme

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cc2bench-report-"))
    root.mkdir(parents=True, exist_ok=True)

    def say(m: str) -> None:
        print(f"  {m}", file=sys.stderr)

    t = time.perf_counter()
    prog = build_programme(root, learners=args.learners, progress=say)
    print(f"programme of {args.learners} learners through the real path in {time.perf_counter() - t:.0f} s",
          file=sys.stderr)
    try:
        _fill(prog, args.events, say)
        pub = P.published([prog.pack.parent])
        url = f"sqlite:///{prog.db_path}"
        prog.server.stop()
        measure(url, pub, args.rounds, "sqlite")
        if args.pg:
            _postgres(prog, pub, args, say)
    finally:
        for k in prog.kits.values():
            k.close()
    return 0


def _postgres(prog, pub, args, say) -> None:  # noqa: ANN001
    """The same server database copied table by table into PostgreSQL (schema by the server's own
    migrations), then measured."""
    import sqlite3

    from sqlalchemy import create_engine, text

    from cc2desktop.server.hub import Hub
    from tests.support.pgcluster import PgCluster, find_pg_bin

    bindir = find_pg_bin()
    if bindir is None:
        print("[postgresql] no PostgreSQL binaries: skipped", file=sys.stderr)
        return
    cluster = PgCluster(bindir, prog.root / "pg").start()
    try:
        url = cluster.new_database()
        Hub(url).close()  # the schema, by migration
        src = sqlite3.connect(prog.db_path)
        eng = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with eng.begin() as conn:
            for table in ("enrolment_codes", "devices", "learners", "device_learners", "events", "certificates",
                          "items", "erased_learners"):
                cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
                rows = src.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
                raw = conn.connection.driver_connection
                with raw.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
                    for row in rows:
                        cp.write_row(row)
                say(f"postgresql: {table} {len(rows)} rows")
            conn.execute(text("ANALYZE"))
        eng.dispose()
        measure(url, pub, args.rounds, "postgresql")
    finally:
        cluster.stop()
