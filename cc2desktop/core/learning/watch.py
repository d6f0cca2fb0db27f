"""Which parts of a video were actually played (not just where the playhead went). Pure Python."""

from __future__ import annotations


class WatchTracker:
    """Feed it the player's position while playing; it keeps the intervals really played.

    A jump forward larger than ``max_step`` (a seek) or any jump backward starts a new interval,
    so dragging the slider to the end does not count as watching.
    """

    def __init__(self, max_step: float = 1.5) -> None:
        self.max_step = max_step
        self._segments: list[list[float]] = []
        self._last: float | None = None
        self.wall_s = 0.0  # wall-clock seconds of playing since the last take()
        self._taken_end: float | None = None  # where the intervals handed over by take() ended

    def tick(self, position_s: float, playing: bool, rate: float = 1.0) -> None:
        if not playing:
            self._last = None
            return
        last = self._last
        self._last = position_s
        if last is None:
            return
        step = position_s - last
        if 0 < step <= self.max_step * max(1.0, rate):
            if self._segments and abs(self._segments[-1][1] - last) < 1e-6:
                self._segments[-1][1] = position_s
            else:
                self._segments.append([last, position_s])
            self.wall_s += step / max(rate, 0.1)

    def seeked(self) -> None:
        self._last = None
        self._taken_end = None

    def extend_to(self, end_s: float, rate: float = 1.0) -> None:
        """At the end of the media, count the last bit the position signal did not report (also when
        the player said "stopped", and the played intervals were handed over, just before it said
        "end of media")."""
        step = self.max_step * max(1.0, rate)
        if self._segments and 0 <= end_s - self._segments[-1][1] <= step:
            self.wall_s += (end_s - self._segments[-1][1]) / max(rate, 0.1)
            self._segments[-1][1] = end_s
        elif not self._segments and self._taken_end is not None and 0 < end_s - self._taken_end <= step:
            self.wall_s += (end_s - self._taken_end) / max(rate, 0.1)
            self._segments.append([self._taken_end, end_s])
        self._last = None

    def pending(self) -> bool:
        return bool(self._segments)

    def take(self) -> tuple[list[list[float]], float]:
        """The intervals played since the last take (tracking goes on from the current position)."""
        segs, wall = self._segments, self.wall_s
        self._segments, self.wall_s = [], 0.0
        if segs:
            self._taken_end = segs[-1][1]
        return segs, wall
