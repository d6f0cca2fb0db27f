"""Run core work off the GUI thread and bring results back to it, in named lanes.

    runner.run(fn, on_done=..., on_error=..., on_progress=..., lane="read") -> TaskHandle

Lanes (one :class:`QThreadPool` each):

- ``read``: interactive reads, several threads (a click's data never waits behind a download);
- ``write``: one thread, every client write a user makes (learner actions, pack commits,
  facilitator changes). The Kit's write lock (``kit.write()``) also serialises the short apply
  transactions of long jobs, and ``BEGIN IMMEDIATE`` other processes (the CLI);
- ``long``: sync exchanges, downloads, verifications: may wait on a slow link for minutes without
  holding a read or the writer.

``fn(job)`` runs in a worker with a :class:`cc2desktop.core.jobs.Job` whose ``progress`` reaches
``on_progress(done, total, text)`` on the GUI thread. ``fn`` opens its own sessions (through the Kit's
facades) and returns plain data, never ORM objects or widgets. A result ``Done(value, changes)``
(:mod:`cc2desktop.core.changes`) is unwrapped: ``on_done(value)``, then :attr:`TaskRunner.changes_applied`
carries ``changes`` to every widget that listens.

On quit, :meth:`shutdown` cancels every job (a sync blocked on a read is aborted through the job's
cancel hooks), drops queued ones and waits for the running ones.

Qt objects die on the GUI thread. A QObject whose Python wrapper owns it is deleted by whichever
thread drops the last reference, and Python's cyclic garbage collector runs in whichever thread
happens to allocate when a threshold is crossed: a worker hashing a pack could free a dialog's
helper object while the GUI thread delivered an event to it (a rare segmentation fault, seen after
hundreds of pages; a test server's thread did the same). So while a runner exists the automatic
collector is off and the GUI thread collects on a timer (:class:`_GuiThreadCollector`).
"""

from __future__ import annotations

import gc
import time
import traceback
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from cc2desktop.core.jobs import Cancelled, Job

if TYPE_CHECKING:  # (core.changes is imported when a task first ends: not before the first frame)
    from cc2desktop.core.changes import Changes

LANES = ("read", "write", "long")


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(float, object, str)


class _QtJob(Job):
    def __init__(self, signals: _Signals) -> None:
        super().__init__()
        self._signals = signals

    def progress(self, done: float, total: float | None = None, text: str = "") -> None:
        if not self.cancelled:
            _emit(self._signals.progressed, float(done), total, text)


def _emit(signal, *args: Any) -> None:  # noqa: ANN001
    try:
        signal.emit(*args)
    except RuntimeError:  # the receiver is gone (window closed while the worker finished)
        pass


def _owner_of(fn: Any) -> QObject | None:
    obj = getattr(fn, "__self__", None)
    return obj if isinstance(obj, QObject) else None


def _gone(owner: QObject | None) -> bool:
    """Whether the C++ side of ``owner`` was deleted (its Python wrapper may live on in a closure)."""
    if owner is None:
        return False
    import shiboken6

    return not shiboken6.isValid(owner)


class _GuiThreadCollector(QObject):
    """Python's automatic garbage collection off, done by the GUI thread on a timer instead.

    One per process (the collector is one per interpreter), held by whoever runs Qt objects next to
    other Python threads: every :class:`TaskRunner` from its creation to its shutdown (so the whole
    app), the test session. Every quarter second, the oldest generation that is due by Python's own
    thresholds, as the automatic collector would (a full pass at most once a minute), always on this
    thread. Released by its last holder, automatic collection comes back (if it was on before)."""

    _instance: _GuiThreadCollector | None = None

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.holds = 0
        self._was_enabled = True
        self._last_full = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.collect)

    @classmethod
    def instance(cls) -> _GuiThreadCollector:
        import shiboken6
        from PySide6.QtCore import QCoreApplication

        if cls._instance is None or not shiboken6.isValid(cls._instance):
            cls._instance = cls(QCoreApplication.instance())
        return cls._instance

    def hold(self) -> None:
        if self.holds == 0:
            self._was_enabled = gc.isenabled()
            gc.disable()
            self._timer.start()
        self.holds += 1

    def release(self) -> None:
        if self.holds == 0:
            return
        self.holds -= 1
        if self.holds == 0:
            self._timer.stop()
            if self._was_enabled:
                gc.enable()

    def collect(self) -> None:
        """One pass, on the calling thread (the GUI thread: the timer, or a test between two tests)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [g for g in range(3) if counts[g] > thresholds[g]]
        if due and due[-1] == 2 and time.monotonic() - self._last_full < 60:
            due = [g for g in due if g < 2]  # a full pass walks every object: at most once a minute
        if due:
            gc.collect(due[-1])
            if due[-1] == 2:
                self._last_full = time.monotonic()


def hold_gui_thread_gc() -> None:
    """Turn Python's automatic garbage collection off for this process and collect on the GUI thread
    instead, until :func:`release_gui_thread_gc` (call both on the GUI thread)."""
    _GuiThreadCollector.instance().hold()


def release_gui_thread_gc() -> None:
    _GuiThreadCollector.instance().release()


class TaskHandle:
    def __init__(self, job: Job, lane: str) -> None:
        self.job = job
        self.lane = lane
        self.done = False

    def cancel(self) -> None:
        self.job.cancel()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Job], Any], job: Job, signals: _Signals) -> None:
        super().__init__()
        self.fn, self.job, self.signals = fn, job, signals

    def run(self) -> None:  # worker thread
        try:
            self.job.check()  # cancelled while queued
            result = self.fn(self.job)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            if not isinstance(exc, Cancelled) and not hasattr(exc, "code"):
                exc.__cc2_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            _emit(self.signals.failed, exc)
        else:
            _emit(self.signals.finished, result)


class TaskRunner(QObject):
    """The GUI's one runner (built by the composition root and handed to every widget)."""

    changes_applied = Signal(object)  # Changes, after the on_done of the task that made them

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        ideal = QThreadPool.globalInstance().maxThreadCount()
        self.pools: dict[str, QThreadPool] = {}
        for lane, threads in (("read", max(2, ideal)), ("write", 1), ("long", max(2, ideal))):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            pool.setObjectName(f"cc2-{lane}")
            self.pools[lane] = pool
        self._live: dict[_Signals, TaskHandle] = {}
        self.closing = False
        collector = _GuiThreadCollector.instance()
        collector.hold()
        held = [True]

        def release(*_: Any) -> None:
            if held[0]:
                held[0] = False
                collector.release()

        self._release_gc = release
        self.destroyed.connect(release)  # a runner freed without a shutdown

    def run(
        self,
        fn: Callable[[Job], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, float | None, str], None] | None = None,
        lane: str = "read",
        write: bool = False,
        owner: QObject | None = None,
    ) -> TaskHandle:
        """``owner``: the widget the callbacks belong to (by default the object of a bound ``on_done`` or
        ``on_error``); once it is deleted (its window closed and freed), its callbacks are dropped."""
        lane = "write" if write else lane
        owner = owner if owner is not None else _owner_of(on_done) or _owner_of(on_error)
        if lane not in LANES:
            raise ValueError(f"unknown lane {lane!r}")
        signals = _Signals()  # lives in the GUI thread, owned by the runner: freed there, never by a worker
        job = _QtJob(signals)
        handle = TaskHandle(job, lane)
        if self.closing:
            job.cancel()
            handle.done = True
            return handle
        self._live[signals] = handle

        def ended() -> None:
            handle.done = True
            self._live.pop(signals, None)

        def finish(result: Any) -> None:
            from cc2desktop.core.changes import Done

            ended()
            changes = None
            if isinstance(result, Done):
                result, changes = result.value, result.changes
            if on_done and not self.closing and not _gone(owner):
                on_done(result)
            if changes and not self.closing:
                self.changes_applied.emit(changes)

        def fail(exc: BaseException) -> None:
            ended()
            if on_error and not self.closing and not _gone(owner):
                on_error(exc)
            elif not isinstance(exc, Cancelled):
                from cc2desktop.core.logs import log

                tb = getattr(exc, "__cc2_traceback__", "")
                log.error("background task failed: %s%s", exc, f"\n{tb.rstrip()}" if tb else "")

        signals.finished.connect(finish)
        signals.failed.connect(fail)
        if on_progress:
            signals.progressed.connect(on_progress)
        self.pools[lane].start(_Runnable(fn, job, signals))
        return handle

    def read(self, fn: Callable[[Job], Any], **kw: Any) -> TaskHandle:
        return self.run(fn, lane="read", **kw)

    def write(self, fn: Callable[[Job], Any], **kw: Any) -> TaskHandle:
        return self.run(fn, lane="write", **kw)

    def long(self, fn: Callable[[Job], Any], **kw: Any) -> TaskHandle:
        return self.run(fn, lane="long", **kw)

    def announce(self, changes: Changes) -> None:
        """Tell every listener about changes made outside a task (rare: tests, a dialog's own work)."""
        if changes:
            self.changes_applied.emit(changes)

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every worker (teardown, tests). Pending results still need the event loop."""
        return all(pool.waitForDone(msecs) for pool in self.pools.values())

    def shutdown(self, msecs: int = 4_000) -> bool:
        """Quit: cancel every job (their cancel hooks abort blocked network reads), drop the queued
        ones, wait for the running ones; no result is delivered afterwards. True if all ended."""
        self.closing = True
        for handle in list(self._live.values()):
            handle.cancel()
        for pool in self.pools.values():
            pool.clear()
        ok = self.wait(msecs)
        if not ok:
            from cc2desktop.core.logs import log

            log.warning("quit: some background work did not stop within %d ms", msecs)
        for signals in list(self._live):
            try:
                signals.finished.disconnect()
                signals.failed.disconnect()
            except (RuntimeError, TypeError):
                pass
        if ok:
            self._live.clear()
            self._release_gc()
        return ok
