"""Progress and cancellation for long core work, with no Qt.

A long core function takes ``job: Job | None = None``; it calls ``job.progress(done, total, text)``
now and then and ``job.check()`` at safe points (which raises :class:`Cancelled`). The UI passes a
Job whose ``progress`` emits a Qt signal (``ui/shell/tasks.py``); the CLI passes one that prints to stderr.
"""

from __future__ import annotations

import threading

from cc2desktop.core.errors import CCError


class Cancelled(CCError):
    code = "cancelled"

    def __init__(self, message: str = "cancelled") -> None:
        super().__init__(message)


class Job:
    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._on_cancel: list = []
        self._hooks_lock = threading.Lock()

    def cancel(self) -> None:
        """Ask the work to stop; runs the :meth:`on_cancel` callbacks (e.g. close a socket blocked
        on a read) in the calling thread."""
        self._cancel.set()
        with self._hooks_lock:
            hooks, self._on_cancel = self._on_cancel, []
        for fn in hooks:
            try:
                fn()
            except Exception:  # noqa: BLE001 - a cancel hook must not stop the others
                pass

    def on_cancel(self, fn) -> None:  # noqa: ANN001
        """Call ``fn()`` when the job is cancelled (at once if it already is): for work blocked
        outside Python's reach, such as a network read, that :meth:`check` cannot interrupt."""
        with self._hooks_lock:
            if not self._cancel.is_set():
                self._on_cancel.append(fn)
                return
        fn()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: float, total: float | None = None, text: str = "") -> None:
        """Override to report; ``total`` None means unknown."""
