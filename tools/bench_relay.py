"""``python -m tools.bench relay [--events N] [--devices D] [--runs R] [--no-pg]``

Central ingest through a centre's hub: N simulated events (default 100,000) of D PCs (default 10)
are in a hub's database (pushed there by the PCs, not timed); the hub then relays them all to a real
``cc2desktop serve`` central server (SQLite, then PostgreSQL), timed from the first page to the last
acknowledgement, against a raw ``executemany`` of the same rows into the same table of the same kind
of database, in the same run; the best of R runs (default 3) of each, alternated. The hub's round runs
in a process of its own, as ``serve`` or ``server relay`` would. Prints rates, ratios, bytes per event
on the internet leg (the relay's request and reply bodies) and CPU per event of the central server and
of the hub.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from tools.bench_sync import _make_devices, _proc_cpu, _raw_pg, _raw_sqlite, _rows, _serve


def _fill_hub(kits, hub_db: str) -> int:  # noqa: ANN001
    """The PCs push everything to a hub (a server in a thread), as a centre's PCs do."""
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.server.app import create_app

    from tests.support.live_server import ThreadedServer

    srv = ThreadedServer(create_app(hub_db)).start()
    hub = srv.app.state.hub
    try:
        for kit in kits:
            con = sqlite3.connect(kit.paths.db_path)
            con.executescript("UPDATE events SET synced = 0, server_received_at = NULL; DELETE FROM sync_state; "
                              "DELETE FROM sync_learner_sent;")
            con.commit()
            con.close()
            SyncClient(kit).enrol(srv.url, hub.new_enrolment_code())
            SyncClient(kit).push()
        return hub.stats()["events"]
    finally:
        srv.stop()
        hub.close()


def _relay_to(hub_db: str, central_db: str, central_pid: int, port: int) -> dict:
    """Enrol the hub with this central server (its cursors reset), then relay everything, in a
    process of its own, as a hub's ``serve`` or ``server relay`` runs: the hub's collector then
    walks the hub's heap, not this bench's (the simulated PCs and the rows kept for the raw
    baselines: they cost the hub ~0.9 s of collections per 100,000 events when it ran in here)."""
    import json
    import subprocess

    from cc2desktop.server.hub import Hub

    central = Hub(central_db)
    code = central.new_enrolment_code(role="centre")
    central.close()
    out = subprocess.run([sys.executable, "-m", "tools.bench_relay", "--hub-round", hub_db, str(central_pid),
                          str(port), code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench: the hub's relay round failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _hub_round(hub_db: str, central_pid: int, port: int, code: str) -> dict:
    """In the hub's process: enrol with the central server (cursors reset), then one timed round."""
    from cc2desktop.server.hub import Hub
    from cc2desktop.server.models import RelaySent, RelayUpstream
    from cc2desktop.server.relay import upstream
    from cc2desktop.server.runtime import tune_collector

    hub = Hub(hub_db)
    tune_collector()  # as ``serve`` and ``server relay`` do
    try:
        with hub.Session.begin() as s:
            s.query(RelayUpstream).delete()
            s.query(RelaySent).delete()
        upstream.enrol(hub, f"http://127.0.0.1:{port}", code, "bench centre")
        s0 = _proc_cpu(central_pid)
        t, c0 = time.perf_counter(), time.process_time()
        rep = upstream.Relay(hub).round()
        dt, hcpu = time.perf_counter() - t, time.process_time() - c0
        s1 = _proc_cpu(central_pid)
        return {"wall": dt, "sent": rep.sent, "stored": rep.stored, "pages": rep.pages_up, "up": rep.bytes_up,
                "down": rep.bytes_down, "hub_cpu": hcpu,
                "central_cpu": (s1 - s0) if s0 is not None and s1 is not None else None}
    finally:
        hub.close()


def _relay_once(hub_db: str, central_db: str, n: int) -> dict:
    """A fresh central server (``serve`` on ``central_db``) and one whole relay to it of a fresh copy
    of the hub's database (every run starts from the same hub)."""
    from tests.support.pgcluster import free_port

    src = Path(hub_db.removeprefix("sqlite:///"))
    copy = src.with_name(f"hub-run{next(_RUNS)}.sqlite3")
    shutil.copyfile(src, copy)  # the hub is closed: its database is one file
    hub_db = f"sqlite:///{copy}"
    port = free_port()
    proc = _serve(central_db, port)
    try:
        r = _relay_to(hub_db, central_db, proc.pid, port)
    finally:
        proc.terminate()
        proc.wait(10)
    assert r["stored"] == n, r
    copy.unlink()
    return r


_RUNS = itertools.count()


def _report(label: str, n: int, raw: tuple[float, float], relays: list[dict], target: float) -> None:
    wall, cpu = raw
    r = min(relays, key=lambda x: x["wall"])
    print(f"{label} raw executemany:        {n / wall:>9,.0f} events/s ({wall:.2f} s; "
          f"{cpu * 1e6 / n:.1f} µs CPU/event)")
    print(f"{label} ingest through the hub: {n / r['wall']:>9,.0f} events/s ({r['wall']:.2f} s, {r['pages']} pages)"
          f"  ratio {wall / r['wall']:.2f}x of raw (target >= {target}x)")
    if len(relays) > 1:
        print(f"{label}   best of {len(relays)} for both; relay runs took "
              + ", ".join(f"{x['wall']:.2f}" for x in relays) + " s")
    if r["central_cpu"] is not None:
        print(f"{label}   CPU per event: central server {r['central_cpu'] * 1e6 / n:.1f} µs, hub "
              f"{r['hub_cpu'] * 1e6 / n:.1f} µs")
    print(f"{label}   internet leg: {r['up'] / n:.1f} bytes/event up, {(r['up'] + r['down']) / n:.1f} with the "
          "replies (target <= 40)")


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--hub-round"]:
        import json

        hub_db, pid, port, code = sys.argv[2:6]
        print(json.dumps(_hub_round(hub_db, int(pid), int(port), code)))
        return 0
    ap = argparse.ArgumentParser(prog="bench_relay")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--devices", type=int, default=10)
    ap.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL figure")
    ap.add_argument("--runs", type=int, default=3, help="best of N, for the raw baseline and for the relay alike")
    args = ap.parse_args(argv)
    from tests.support.pgcluster import PgCluster, find_pg_bin

    tmp = Path(tempfile.mkdtemp(prefix="cc2bench-relay-"))
    try:
        t = time.perf_counter()
        kits = _make_devices(tmp, args.devices, args.events // args.devices)
        rows = _rows(kits)
        n = len(rows)
        hub_db = f"sqlite:///{tmp / 'hub.sqlite3'}"
        held = _fill_hub(kits, hub_db)
        assert held == n, (held, n)
        print(f"simulated {n} events on {args.devices} PCs, pushed to the hub, in {time.perf_counter() - t:.1f} s",
              file=sys.stderr)

        # best of N for the baseline and for the relay alike, one after the other (noise hits both)
        raws, relays = [], []
        for i in range(args.runs):
            raws.append(_raw_sqlite(rows, tmp / f"raw{i}.sqlite3"))
            relays.append(_relay_once(hub_db, f"sqlite:///{tmp / f'central{i}.sqlite3'}", n))
        _report("SQLite  ", n, min(raws), relays, 0.25)

        bindir = None if args.no_pg else find_pg_bin()
        if bindir is not None:
            pgdir = Path(tempfile.mkdtemp(prefix="cc2bench-pg-"))
            cluster = PgCluster(bindir, pgdir).start(durable=True)
            try:
                raws, relays = [], []
                for _ in range(args.runs):
                    raws.append(_raw_pg(rows, cluster.new_database()))
                    relays.append(_relay_once(hub_db, cluster.new_database(), n))
            finally:
                cluster.stop()
                shutil.rmtree(pgdir, ignore_errors=True)
            _report("Postgres", n, min(raws), relays, 0.4)
        elif not args.no_pg:
            print("PostgreSQL: binaries not found, figure skipped")
        for k in kits:
            k.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
