"""``python -m tools.bench_sync [--events N] [--devices D] [--no-pg]``
(also ``python -m tools.bench sync``).

N events (default 100,000) of simulated learner activity on D (default 10) device data dirs are
pushed to a real `cc2desktop serve` process on 127.0.0.1 (SQLite, then PostgreSQL), against a raw
``executemany`` of the same rows into the same table, in the same run. Prints rates, ratios and
bytes per event on the wire (request + response bodies; and with HTTP headers).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


PARALLEL = 4


def _serve(db_url: str, port: int) -> subprocess.Popen:
    import requests

    proc = subprocess.Popen([sys.executable, "-m", "cc2desktop", "serve", "--port", str(port), "--db", db_url],
                            stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                return proc
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("bench: the server did not start")


def _make_devices(root: Path, devices: int, per: int) -> list:
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.simulate import simulate

    kits = []
    for i in range(devices):
        kit = Kit(resolve_data_paths(root / f"pc{i}"))
        r = simulate(kit, learners=max(1, per // 45), days=60, seed=i, max_events=per)
        if r.events < per:  # top up with more learners until the device holds `per` events
            simulate(kit, learners=max(1, (per - r.events) // 20 + 5), days=60, seed=1000 + i,
                     max_events=per - r.events)
        kits.append(kit)
    return kits


def _rows(kits) -> list[tuple]:  # noqa: ANN001
    from cc2desktop.core.sync import protocol as P

    rows = []
    for kit in kits:
        con = sqlite3.connect(kit.paths.db_path)
        for r in con.execute("SELECT id, learner_id, device_id, seq, type, course_id, payload, created_at FROM events"):
            rows.append((*r, "2026-01-01T00:00:00.000Z", P.body_hash(r[1], r[4], r[5], r[3], r[7], r[6])))
        con.close()
    return rows


def _raw_sqlite(rows: list[tuple], path: Path) -> float:
    """The floor: the same rows into the same table (schema by the server's migrations), one
    transaction, WAL + synchronous=FULL like the server."""
    from cc2desktop.server import db as sdb

    eng = sdb.make_server_engine(f"sqlite:///{path}")
    sdb.upgrade(eng)
    eng.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    t, c = time.perf_counter(), time.process_time()
    con.execute("BEGIN")
    con.executemany("INSERT INTO events (id, learner_id, device_id, seq, type, course_id, payload, created_at, "
                    "received_at, body_hash) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    con.execute("COMMIT")
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    con.close()
    return dt, cpu


def _raw_pg(rows: list[tuple], url: str) -> float:
    import psycopg

    from cc2desktop.server import db as sdb

    eng = sdb.make_server_engine(url)
    sdb.upgrade(eng)
    eng.dispose()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as con:
        t, c = time.perf_counter(), time.process_time()
        with con.cursor() as cur:
            cur.executemany("INSERT INTO events (id, learner_id, device_id, seq, type, course_id, payload, created_at, "
                            "received_at, body_hash) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", rows)
        con.commit()
        return time.perf_counter() - t, time.process_time() - c


def _proc_cpu(pid: int) -> float | None:
    """CPU seconds used so far by another process (Linux); None elsewhere."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _push_all(kits, url: str, hub_db: str, server_pid: int | None = None) -> dict:  # noqa: ANN001
    """Enrol every device, then push them all, PARALLEL at a time: wall seconds, wire bytes,
    requests, and CPU seconds used by the client process and the server process meanwhile."""
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.server.hub import Hub

    hub = Hub(hub_db)
    codes = [hub.new_enrolment_code() for _ in kits]
    hub.close()
    for kit, code in zip(kits, codes):
        con = sqlite3.connect(kit.paths.db_path)
        con.executescript("UPDATE events SET synced = 0, server_received_at = NULL; DELETE FROM sync_state; "
                          "DELETE FROM sync_learner_sent;")
        con.commit()
        con.close()
        SyncClient(kit).enrol(url, code)
    clients = [SyncClient(kit) for kit in kits]
    from concurrent.futures import ThreadPoolExecutor

    s0 = _proc_cpu(server_pid) if server_pid else None
    t, c0 = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(PARALLEL) as pool:  # devices of a centre push at the same time
        list(pool.map(lambda c: c.push(), clients))
    dt, ccpu = time.perf_counter() - t, time.process_time() - c0
    s1 = _proc_cpu(server_pid) if server_pid else None
    body = sum(c.report.bytes_sent + c.report.bytes_received for c in clients)
    return {"wall": dt, "body": body, "total": body + sum(c.report.header_bytes for c in clients),
            "requests": sum(c.report.requests for c in clients), "client_cpu": ccpu,
            "server_cpu": (s1 - s0) if s0 is not None and s1 is not None else None}


def _report(label: str, n: int, raw: tuple[float, float], push: dict) -> None:
    wall, cpu = raw
    print(f"{label} raw executemany: {n / wall:>9,.0f} events/s ({wall:.2f} s; {cpu * 1e6 / n:.1f} µs CPU/event)")
    print(f"{label} sync push:       {n / push['wall']:>9,.0f} events/s "
          f"({push['wall']:.2f} s, {push['requests']} requests)"
          f"  ratio {wall / push['wall']:.2f}x of raw (target >= 0.25x)")
    if push["server_cpu"] is not None:
        print(f"{label}   CPU per event: server {push['server_cpu'] * 1e6 / n:.1f} µs, client "
              f"{push['client_cpu'] * 1e6 / n:.1f} µs; raw/server CPU ratio {cpu / push['server_cpu']:.2f}x "
              "(robust to a busy machine)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench_sync")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--devices", type=int, default=10)
    ap.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL figure")
    args = ap.parse_args(argv)
    from tests.support.pgcluster import PgCluster, find_pg_bin, free_port

    tmp = Path(tempfile.mkdtemp(prefix="cc2bench-sync-"))
    try:
        t = time.perf_counter()
        kits = _make_devices(tmp, args.devices, args.events // args.devices)
        rows = _rows(kits)
        n = len(rows)
        print(f"simulated {n} events on {args.devices} devices in {time.perf_counter() - t:.1f} s", file=sys.stderr)

        raw = min((_raw_sqlite(rows, tmp / f"raw{i}.sqlite3") for i in range(3)), key=lambda x: x[0])
        db = f"sqlite:///{tmp / 'server.sqlite3'}"
        port = free_port()
        proc = _serve(db, port)
        try:
            push = _push_all(kits, f"http://127.0.0.1:{port}", db, proc.pid)
        finally:
            proc.terminate()
            proc.wait(10)
        _report("SQLite  ", n, raw, push)
        print(f"wire: {push['body'] / n:.1f} bytes/event (bodies, both ways; target <= 80), "
              f"{push['total'] / n:.1f} with HTTP headers")

        bindir = None if args.no_pg else find_pg_bin()
        if bindir is not None:
            pgdir = Path(tempfile.mkdtemp(prefix="cc2bench-pg-"))
            cluster = PgCluster(bindir, pgdir).start(durable=True)
            try:
                raw_pg = _raw_pg(rows, cluster.new_database())
                url = cluster.new_database()
                port = free_port()
                proc = _serve(url, port)
                try:
                    push_pg = _push_all(kits, f"http://127.0.0.1:{port}", url, proc.pid)
                finally:
                    proc.terminate()
                    proc.wait(10)
            finally:
                cluster.stop()
                shutil.rmtree(pgdir, ignore_errors=True)
            _report("Postgres", n, raw_pg, push_pg)
            print(f"Postgres push rate = {push['wall'] / push_pg['wall']:.2f}x the SQLite push rate")
        elif not args.no_pg:
            print("PostgreSQL: binaries not found, figure skipped")
        for k in kits:
            k.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
