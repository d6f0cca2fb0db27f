"""Progress reports (bytes, rate, ETA) and cancellation for long pack work."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from cc2desktop.core.jobs import Cancelled  # noqa: F401 - the one Cancelled the UI task runner knows


@dataclass(frozen=True)
class Progress:
    phase: str  # "verify" | "install" | "download" | "export" | "check" | "repair" | "build"
    done: int  # bytes done in this phase
    total: int  # bytes expected in this phase (0 = unknown)
    rate: float  # bytes per second, smoothed
    eta: float | None  # seconds left, when known
    item: str = ""  # the file or course being worked on

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    def line(self) -> str:
        mib = 1024 * 1024
        pct = f"{100 * self.fraction:3.0f}% " if self.total else ""
        eta = f" ETA {self.eta:.0f}s" if self.eta is not None else ""
        tot = f"/{self.total / mib:.1f}" if self.total else ""
        return f"{self.phase}: {pct}{self.done / mib:.1f}{tot} MiB {self.rate / mib:.1f} MiB/s{eta}"


ProgressCallback = Callable[[Progress], None]


def as_cancel(cancel: Any) -> Callable[[], bool]:
    """Accept None, a callable returning bool, an object with ``is_set()`` (threading.Event) or a
    :class:`cc2desktop.core.jobs.Job` (its ``cancelled`` property)."""
    if cancel is None:
        return lambda: False
    if hasattr(cancel, "is_set"):
        return cancel.is_set
    if hasattr(cancel, "cancelled") and hasattr(cancel, "cancel"):
        return lambda: bool(cancel.cancelled)
    if callable(cancel):
        return lambda: bool(cancel())
    raise TypeError("cancel must be callable or have is_set()")


class Meter:
    """Counts bytes and calls ``callback`` at most every ``interval`` seconds (and at the end)."""

    def __init__(self, callback: ProgressCallback | None, phase: str, total: int, *,
                 interval: float = 0.1, start_done: int = 0) -> None:
        self.callback = callback
        self.phase = phase
        self.total = total
        self.done = start_done
        self._base = start_done
        self._t0 = time.monotonic()
        self._last = 0.0
        self.interval = interval
        self.item = ""

    @property
    def rate(self) -> float:
        dt = time.monotonic() - self._t0
        return (self.done - self._base) / dt if dt > 0 else 0.0

    def add(self, n: int, item: str | None = None) -> None:
        self.done += n
        if item is not None:
            self.item = item
        now = time.monotonic()
        if self.callback is not None and now - self._last >= self.interval:
            self._last = now
            self.emit()

    def emit(self) -> None:
        if self.callback is None:
            return
        rate = self.rate
        eta = (self.total - self.done) / rate if (self.total and rate > 0) else None
        self.callback(Progress(self.phase, self.done, self.total, rate, eta, self.item))

    def finish(self) -> None:
        self.emit()
