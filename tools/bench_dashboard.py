"""Dashboard benchmark: ``python -m tools.bench_dashboard [--learners 5000] [--days 30]``.

1. Simulates a centre (the sync domain's simulator for learners and learning events — 6 modules × 5
   capsules = 30 capsules — plus groups of 40 with weekly sessions and attendance).
2. Baseline: the same SQL aggregates the dashboard runs (learners, capsules, hardest questions,
   sessions), executed raw with sqlite3 and fetched.
3. Dashboard, core: ``reports.dashboard.load``.
4. Dashboard, UI: ``DashboardWidget`` offscreen, from ``refresh()`` to its ``loaded`` signal (tables,
   tiles and charts on screen), with a 5 ms QTimer heartbeat kept 100 ms past ``loaded``: the longest
   gap between two beats is the worst UI stall while the figures load and paint.
Prints the figures and the ratios (targets: UI open ≤ 2× raw SQL; stall ≤ 50 ms). ``--keep DIR``
reuses (or keeps) a simulated data directory.
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
        with kit.session() as s:
            dashboard.load(s, fs, capsule_total=caps)

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
    t_raws, t_cores, t_uis, stalls = [], [], [], []
    for _ in range(rounds):  # interleaved, so that a busy machine slows all three alike
        t = time.perf_counter()
        baseline()
        t_raws.append(time.perf_counter() - t)
        t = time.perf_counter()
        core()
        t_cores.append(time.perf_counter() - t)
        t = time.perf_counter()
        stall = ui()
        t_uis.append(time.perf_counter() - t - 0.1)  # minus the 100 ms watched after `loaded`
        stalls.append(stall)
    t_raw, t_core, t_ui = (statistics.median(x) for x in (t_raws, t_cores, t_uis))
    stall_ms = max(stalls)
    w.close()
    kit.close()
    raw.close()

    print(f"data: {n_learners} learners, {n_events} events, {caps} capsules")
    print(f"raw SQL aggregates (sqlite3, same statements):   {t_raw * 1000:8.0f} ms")
    print(f"dashboard core load (reports.dashboard.load):   {t_core * 1000:8.0f} ms   {t_core / t_raw:4.2f}x raw")
    print(f"dashboard widget open (refresh → on screen):    {t_ui * 1000:8.0f} ms   {t_ui / t_raw:4.2f}x raw"
          f"   (target ≤ 2x)")
    print(f"longest UI stall while loading (5 ms heartbeat): {stall_ms:7d} ms   (target ≤ 50 ms; max of "
          f"{rounds} runs, median {statistics.median(stalls):.0f} ms; first, cold run: {cold_stall} ms)")
    if not args.keep:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
