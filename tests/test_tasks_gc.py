"""Qt objects and Python's garbage collector across threads (ui/shell/tasks.py): while a runner exists,
garbage made by workers is collected on the GUI thread, never by a worker (a worker that freed a
widget's cycle crashed the app); the last holder's release gives automatic collection back."""

from __future__ import annotations

import gc
import threading

from cc2desktop.ui.shell.tasks import TaskRunner, _GuiThreadCollector


class _Cycle:
    freed_on: list[int] = []

    def __init__(self) -> None:
        self.me = self  # only the cyclic collector frees it

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.get_ident())


def test_garbage_made_by_workers_is_collected_on_the_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    _Cycle.freed_on.clear()
    enabled_inside: list[bool] = []
    done: list[int] = []

    def work(job):  # noqa: ANN001, ANN202
        enabled_inside.append(gc.isenabled())
        for _ in range(200):
            _Cycle()  # cyclic garbage
            [[] for _ in range(200)]  # containers: crosses the collector's thresholds many times
        return 1

    for _ in range(3):
        runner.long(work, on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 3, timeout=30_000)
    gc.collect()  # what the GUI thread's timer has not collected yet (it waits for Python's thresholds)
    assert len(_Cycle.freed_on) == 600
    assert set(_Cycle.freed_on) == {gui}, "a worker thread ran the cyclic garbage collector"
    assert enabled_inside == [False, False, False]


def test_many_short_tasks_with_progress_all_deliver(qtbot, runner):
    done: list[int] = []
    progress: list[float] = []
    for i in range(20):
        runner.run(lambda job, i=i: (job.progress(i, None, "x"), i)[1], on_done=done.append,
                   on_progress=lambda d, t, s: progress.append(d), lane="read")
    qtbot.waitUntil(lambda: len(done) == 20, timeout=30_000)
    qtbot.wait(300)  # a collector pass on this thread, with the carriers of finished tasks around
    assert sorted(done) == list(range(20)) and not runner.busy


def test_the_last_release_gives_automatic_collection_back(qtbot):
    collector = _GuiThreadCollector.instance()
    holds = collector.holds
    collector.holds, saved = 0, collector._was_enabled  # as in the app: nobody holds it yet
    gc.enable()
    try:
        first, second = TaskRunner(), TaskRunner()
        assert not gc.isenabled() and collector.holds == 2
        first.shutdown(5_000)
        first.shutdown(5_000)  # twice: released once
        assert not gc.isenabled() and collector.holds == 1
        second.deleteLater()  # freed without a shutdown
        qtbot.waitUntil(lambda: collector.holds == 0, timeout=5_000)
        assert gc.isenabled()
    finally:
        gc.disable()
        collector.holds, collector._was_enabled = holds, saved
