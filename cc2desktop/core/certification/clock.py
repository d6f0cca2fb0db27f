"""The exam's clock: time spent in an attempt, measured so that changing the PC's clock does not
stretch it (docs/certification.md, "Time limit").

Every point of an attempt (its start, each saved answer, the hand-in) records a **reading**
``{"s": sitting, "b": boot, "m": monotonic seconds, "w": wall clock}``: the wall clock, a monotonic
clock that counts from the PC's boot and keeps counting while the PC sleeps (Linux
``CLOCK_BOOTTIME``; elsewhere :func:`time.monotonic`), the boot's id where the system gives one
(Linux), and the id of the app's run (a *sitting*). The time spent at a point is ``t``; from one
point to the next it grows by

- the monotonic difference, when both were read in the same sitting, or in the same known boot
  (the app was closed and opened again without a restart): a clock change cannot touch it;
- otherwise (the PC was restarted — a power cut — or the system gives no boot id) the wall-clock
  difference, never less than zero.

The app and the server apply the same rule (:func:`advance`): the server recomputes every ``t`` of
the attempt's events and refuses a sheet whose timings do not add up. Honest limits: the PC owns
both clocks and its signing key; a restart followed by a clock set back hides the time the PC was
off, and a modified app can forge consistent readings. A supervised session bounds the time by the
facilitator's own PC (:mod:`.proctor`).
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SITTING = secrets.token_hex(4)  # this run of the app
TOLERANCE_S = 1.0                # readings and event times are taken a few milliseconds apart


@dataclass(frozen=True)
class Reading:
    sitting: str
    boot: str        # "" when the system gives no boot id
    mono: float      # seconds since boot
    wall: str        # UTC ISO

    def to_json(self) -> dict[str, Any]:
        return {"s": self.sitting, "b": self.boot, "m": round(self.mono, 3), "w": self.wall}

    @classmethod
    def from_json(cls, d: Any) -> "Reading":
        if not isinstance(d, dict):
            raise ValueError("a clock reading is an object")
        s, b, m, w = d.get("s"), d.get("b", ""), d.get("m"), d.get("w")
        if not isinstance(s, str) or not isinstance(b, str) or isinstance(m, bool) or not isinstance(m, (int, float)) \
                or not isinstance(w, str):
            raise ValueError("malformed clock reading")
        _epoch(w)
        return cls(s[:16], b[:40], float(m), w[:40])


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()[:40]
    except OSError:
        return ""


_BOOT = _boot_id()


def _mono() -> float:
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        try:
            return time.clock_gettime(boottime)
        except OSError:
            pass
    return time.monotonic()


class Clock:
    """Readings of this PC's clocks. Tests and the simulator pass their own (same interface)."""

    def read(self) -> Reading:
        from cc2desktop.core.db.base import utcnow_iso

        return Reading(_SITTING, _BOOT, _mono(), utcnow_iso())


SYSTEM = Clock()


def _epoch(iso: str) -> float:
    return dt.datetime.fromisoformat(str(iso).replace("Z", "+00:00")).timestamp()


def advance(prev: Reading, now: Reading) -> float:
    """Seconds spent from ``prev`` to ``now`` (see the module's rule)."""
    if prev.sitting == now.sitting or (prev.boot and prev.boot == now.boot and now.mono >= prev.mono):
        return max(0.0, now.mono - prev.mono)
    return max(0.0, _epoch(now.wall) - _epoch(prev.wall))


def same_run(prev: Reading, now: Reading) -> bool:
    """Whether the monotonic clock measured the step (else the wall clock did)."""
    return prev.sitting == now.sitting or bool(prev.boot and prev.boot == now.boot and now.mono >= prev.mono)


def check_points(points: list[tuple[float, Reading]]) -> str | None:
    """Why a sequence of ``(t, reading)`` cannot be (None: it adds up): ``t`` recomputed from the
    first point with :func:`advance` must match each recorded one, the monotonic clock never runs
    back within a sitting."""
    for (t0, r0), (t1, r1) in zip(points, points[1:]):
        if r0.sitting == r1.sitting and r1.mono + TOLERANCE_S < r0.mono:
            return "the monotonic clock ran backwards within one run of the app"
        want = t0 + advance(r0, r1)
        if abs(t1 - want) > TOLERANCE_S:
            return f"time spent recorded as {t1:.1f} s where the clocks give {want:.1f} s"
    return None
