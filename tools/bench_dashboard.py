"""Dashboard benchmark: ``python -m tools.bench_dashboard [--learners 5000] [--days 30]``.

1. Simulates a centre (the sync domain's simulator for learners and learning events — 6 modules × 5
   capsules = 30 capsules — plus groups of 40 with weekly sessions and attendance).
2. Baseline: the same SQL aggregates the dashboard runs (learners, capsules, hardest questions,
   sessions), executed raw with sqlite3 and fetched.
3. Dashboard, core: ``reports.dashboard.load`` aggregating the log (``tallies=False``, how it loaded
   before the running tallies) and reading the tallies (the default).
4. Dashboard, UI: ``DashboardWidget`` offscreen, from ``refresh()`` to its ``loaded`` signal (tables,
   tiles and charts on screen), with a 5 ms QTimer heartbeat kept 100 ms past ``loaded``: the longest
   gap between two beats is the worst UI stall while the figures load and paint.
5. What the tallies cost: 2,000 events written in one transaction with the tally triggers and without
   them (dropped inside the transaction, which is rolled back), and a rebuild of every tally from the log.
Prints the figures and the ratios (targets: UI open ≤ 250 ms; stall ≤ 50 ms). ``--keep DIR`` reuses
(or keeps) a simulated data directory.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench_dashboard")
    ap.add_argument("--learners", type=int, default=5000)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--capsules", type=int, default=30)
    ap.add_argument("--keep", metavar="DIR", help="data directory to reuse or keep")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.facilitation.simulate import simulate_centre
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.reports import dashboard

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cc2bench-"))
    kit = Kit(resolve_data_paths(root))
    with kit.session() as s:
        have = accounts.list_facilitators(s)
        n_learners = s.execute(dashboard.text("SELECT COUNT(*) FROM learners")).scalar()
    if not n_learners:
        t = time.perf_counter()
        res = simulate_centre(kit, learners=args.learners, days=args.days, capsules=args.capsules)
        print(f"simulated {res['learners']} learners, {res['events']} events, {res['capsules']} capsules "
              f"in {time.perf_counter() - t:.1f} s ({root})", file=sys.stderr)
    if "Bench" not in have:
        with kit.session() as s:
            accounts.add_facilitator(s, "Bench", "bench-password")
    with kit.session() as s:
        fs = accounts.authenticate(s, "Bench", "bench-password")
        n_learners = s.execute(dashboard.text("SELECT COUNT(*) FROM learners")).scalar()
        n_events = s.execute(dashboard.text("SELECT COUNT(*) FROM events")).scalar()
    caps = args.capsules
    rounds = args.rounds

    # baseline: the same statements, raw
    params = dashboard.Filters().params()
    raw = sqlite3.connect(kit.paths.db_path)

    def baseline() -> None:
        for sql, extra in ((dashboard.LEARNERS_SQL, {}), (dashboard.CAPSULES_SQL, {}),
                           (dashboard.QUESTIONS_SQL, {"limit": 15, "min_answers": 3}),
                           (dashboard.SESSIONS_SQL, {})):
            raw.execute(sql, {**params, **extra}).fetchall()

    def core() -> None:
        with kit.read() as s:
            dashboard.load(s, fs, capsule_total=caps)

    def core_log() -> None:
        with kit.read() as s:
            dashboard.load(s, fs, capsule_total=caps, tallies=False)

    # the widget, offscreen, with a heartbeat
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from cc2desktop.ui.facilitator.dashboard import DashboardWidget

    app = QApplication.instance() or QApplication([])
    from cc2desktop.ui.shell.tasks import TaskRunner

    runner = TaskRunner()
    w = DashboardWidget(kit.facilitation, fs, runner)
    w.resize(1280, 800)
    w.show()
    w.runner.wait()
    app.processEvents()
    clock = QElapsedTimer()
    beats: list[int] = []
    hb = QTimer()
    hb.setTimerType(hb.timerType().PreciseTimer)
    hb.setInterval(5)
    hb.timeout.connect(lambda: beats.append(clock.elapsed()))

    def ui() -> int:
        """Open time is measured by the caller; returns the longest gap between heartbeats (ms)."""
        loop = QEventLoop()
        w.loaded.connect(loop.quit)
        beats.clear()
        clock.start()
        hb.start()
        w.refresh()
        loop.exec()
        QTimer.singleShot(100, loop.quit)  # the paint that follows `loaded` is part of the stall budget
        loop.exec()
        hb.stop()
        w.loaded.disconnect(loop.quit)
        return max((b - a for a, b in zip([0] + beats, beats)), default=0)

    baseline()  # warm-up: page cache, Qt fonts and chart classes
    core()
    cold_stall = ui()
    t_raws, t_logs, t_cores, t_uis, stalls = [], [], [], [], []
    for _ in range(rounds):  # interleaved, so that a busy machine slows them all alike
        t = time.perf_counter()
        baseline()
        t_raws.append(time.perf_counter() - t)
        t = time.perf_counter()
        core_log()
        t_logs.append(time.perf_counter() - t)
        t = time.perf_counter()
        core()
        t_cores.append(time.perf_counter() - t)
        t = time.perf_counter()
        stall = ui()
        t_uis.append(time.perf_counter() - t - 0.1)  # minus the 100 ms watched after `loaded`
        stalls.append(stall)
    t_raw, t_log, t_core, t_ui = (statistics.median(x) for x in (t_raws, t_logs, t_cores, t_uis))
    stall_ms = max(stalls)
    w.close()
    write_with, write_without, t_rebuild = _write_cost(raw, rounds)
    kit.close()
    raw.close()

    print(f"data: {n_learners} learners, {n_events} events, {caps} capsules")
    print(f"raw SQL aggregates (sqlite3, same statements):   {t_raw * 1000:8.0f} ms")
    print(f"before: dashboard core load from the log:        {t_log * 1000:8.0f} ms   {t_log / t_raw:5.3f}x raw")
    print(f"after:  dashboard core load from the tallies:    {t_core * 1000:8.0f} ms   {t_core / t_raw:5.3f}x raw"
          f"   ({t_log / t_core:.0f}x faster)")
    print(f"dashboard widget open (refresh → on screen):    {t_ui * 1000:8.0f} ms   {t_ui / t_raw:5.3f}x raw"
          f"   (target ≤ 250 ms)")
    print(f"longest UI stall while loading (5 ms heartbeat): {stall_ms:7d} ms   (target ≤ 50 ms; max of "
          f"{rounds} runs, median {statistics.median(stalls):.0f} ms; first, cold run: {cold_stall} ms)")
    print(f"event writes, 2,000 in one transaction:  {write_with * 1e6:6.0f} µs/event with the tallies, "
          f"{write_without * 1e6:6.0f} µs without ({write_with / write_without:.2f}x)")
    print(f"rebuild of every tally from the log:     {t_rebuild * 1000:6.0f} ms")
    if not args.keep:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
    return 0


def _write_cost(raw: sqlite3.Connection, rounds: int) -> tuple[float, float, float]:
    """Seconds per event written with and without the tally triggers (medians), and one rebuild;
    every change rolled back."""
    import uuid

    from sqlalchemy import create_engine

    from cc2desktop.core.reports import tallies

    cols = "learner_id, device_id, seq, type, course_id, payload, created_at, synced"
    sample = raw.execute(f"SELECT {cols} FROM events WHERE type LIKE 'quiz.%' "
                         "ORDER BY rowid DESC LIMIT 2000").fetchall()
    rows = [(str(uuid.uuid4()), r[0], "bench-" + r[1], *r[2:]) for r in sample]
    names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name LIKE 'tally%'")]
    with_, without = [], []
    for _ in range(rounds):
        for keep in (True, False):
            raw.execute("BEGIN IMMEDIATE")
            if not keep:
                for n in names:
                    raw.execute(f"DROP TRIGGER {n}")
            t = time.perf_counter()
            raw.executemany(f"INSERT INTO events (id, {cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            (with_ if keep else without).append((time.perf_counter() - t) / len(rows))
            raw.execute("ROLLBACK")
    engine = create_engine(f"sqlite:///{raw.execute('PRAGMA database_list').fetchone()[2]}")
    with engine.connect() as conn:
        t = time.perf_counter()
        tallies.rebuild(conn)
        t_rebuild = time.perf_counter() - t
        conn.rollback()
    engine.dispose()
    return statistics.median(with_), statistics.median(without), t_rebuild


if __name__ == "__main__":
    raise SystemExit(main())
