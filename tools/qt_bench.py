"""What the GUI benchmarks share: waiting on the event loop for a condition, and a heartbeat timer
on the GUI thread whose longest gap is the longest time that thread could not run."""

from __future__ import annotations

import time
from typing import Callable


def wait_until(cond: Callable[[], object], timeout: float = 60.0, what: str = "") -> None:
    """Run the Qt event loop (1 ms at a time) until ``cond()`` is true; TimeoutError after ``timeout`` s."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError(f"benchmark step timed out waiting for {what or 'its end'}")
        loop = QEventLoop()
        QTimer.singleShot(1, loop.quit)
        loop.exec()


class Heartbeat:
    """Ticks of an ``interval_ms`` timer on the GUI thread: ``max_gap`` (s), the longest time between
    two ticks; ``gaps_over_16`` frames' worth of gaps; ``max_busy`` (s), the GUI thread's own CPU time
    in its longest gap (the work it did, without the time other processes held the cores)."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = self.last_cpu = 0.0
        self.max_gap = self.max_busy = 0.0
        self.gaps_over_16 = 0

    def start(self) -> None:
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.max_gap = self.max_busy = 0.0
        self.gaps_over_16 = 0
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap = now - self.last
        self.max_gap = max(self.max_gap, gap)
        self.max_busy = max(self.max_busy, cpu - self.last_cpu)
        self.gaps_over_16 += gap > 0.016
        self.last, self.last_cpu = now, cpu

    def stop(self) -> float:
        """Stop; the longest gap (s)."""
        self.timer.stop()
        self._tick()
        return self.max_gap
