"""Run core work off the GUI thread and bring results back to it.

    runner.run(fn, on_done=..., on_error=..., on_progress=..., write=False) -> TaskHandle

``fn(job)`` runs in a worker thread with a :class:`cc2desktop.core.jobs.Job` whose ``progress``
reaches ``on_progress(done, total, text)`` on the GUI thread. ``write=True`` tasks share one
single-thread pool (SQLite has one writer); reads and network use the general pool. ``fn`` must
open its own session and return plain data, never ORM objects or widgets.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from cc2desktop.core.jobs import Cancelled, Job


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(float, object, str)


class _QtJob(Job):
    def __init__(self, signals: _Signals) -> None:
        super().__init__()
        self._signals = signals

    def progress(self, done: float, total: float | None = None, text: str = "") -> None:
        self._signals.progressed.emit(float(done), total, text)


class TaskHandle:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.done = False

    def cancel(self) -> None:
        self.job.cancel()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Job], Any], job: Job, signals: _Signals) -> None:
        super().__init__()
        self.fn, self.job, self.signals = fn, job, signals

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(self.job)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            if not isinstance(exc, (Cancelled,)) and not hasattr(exc, "code"):
                exc.__cc2_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._live: set[_Signals] = set()

    def run(
        self,
        fn: Callable[[Job], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, float | None, str], None] | None = None,
        write: bool = False,
    ) -> TaskHandle:
        signals = _Signals()  # lives in the GUI thread: its slots run there
        job = _QtJob(signals)
        handle = TaskHandle(job)
        self._live.add(signals)

        def finish(result: Any) -> None:
            handle.done = True
            self._live.discard(signals)
            if on_done:
                on_done(result)

        def fail(exc: BaseException) -> None:
            handle.done = True
            self._live.discard(signals)
            if on_error:
                on_error(exc)
            elif not isinstance(exc, Cancelled):
                tb = getattr(exc, "__cc2_traceback__", "")
                print(f"cc2desktop: background task failed: {exc}\n{tb}")

        signals.finished.connect(finish)
        signals.failed.connect(fail)
        if on_progress:
            signals.progressed.connect(on_progress)
        (self.write_pool if write else self.pool).start(_Runnable(fn, job, signals))
        return handle

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every worker (teardown, tests). Pending results still need the event loop."""
        return self.pool.waitForDone(msecs) and self.write_pool.waitForDone(msecs)
