"""Projector-mode logic (no Qt): where playback pauses for discussion and where the remote jumps.

Pause points: the times given by the capsule (``pause_points_s`` when the course declares them), the
end of every subtitle cue that asks the room a question (text ending with "?"), and the end of the
video. *Next* (PageDown / →) plays to the next pause point; *previous* goes back to the one before.
"""

from __future__ import annotations

import bisect
from typing import Iterable

from cc2desktop.core.learning.subtitles import Cue


def pause_points(cues: list[Cue], explicit: Iterable[float] = (), length: float | None = None) -> list[float]:
    pts = {round(float(t), 3) for t in explicit if float(t) > 0}
    pts |= {round(c.end, 3) for c in cues if c.text.rstrip().endswith("?")}
    if length:
        pts = {p for p in pts if p < length - 0.25}
    return sorted(pts)


def crossed(points: list[float], before: float, now: float) -> float | None:
    """The pause point passed while playing from ``before`` to ``now`` (None if none)."""
    if now <= before:
        return None
    i = bisect.bisect_right(points, before)
    return points[i] if i < len(points) and points[i] <= now else None


def previous_stop(points: list[float], t: float, slack: float = 1.5) -> float:
    """Where *previous* goes from ``t``: the pause point before (``slack`` s back), else 0."""
    i = bisect.bisect_left(points, t - slack)
    return points[i - 1] if i > 0 else 0.0


def cue_start(cues: list[Cue], t: float, step: int) -> float | None:
    """Start of the next (``step`` = 1) or previous (-1) cue from ``t``."""
    starts = sorted(c.start for c in cues)
    if step > 0:
        i = bisect.bisect_right(starts, t + 0.05)
        return starts[i] if i < len(starts) else None
    i = bisect.bisect_left(starts, t - 1.0)
    return starts[i - 1] if i > 0 else 0.0
