"""How long each free text a person types may be, declared once.

The UI bounds its input fields with these numbers (and shows a counter); core checks them again
before anything is written, so no event can grow past what sync carries in one piece
(:data:`EVENT_PAYLOAD_BYTES`). Counted in characters (code points).
"""

from __future__ import annotations

from cc2desktop.core.errors import ValidationError

#: One event's payload as JSON text in UTF-8: what sync carries in one piece (the server refuses
#: a bigger event alone; :func:`cc2desktop.core.events.append` refuses to write one).
EVENT_PAYLOAD_BYTES = 16_384

#: A learner's typed answer to a ``text`` or ``numeric`` question (practice quiz, final exam).
TEXT_ANSWER = 500
#: A person's name as shown in the app (learner profile, participant, facilitator).
PERSON_NAME = 60
#: A group's name.
GROUP_NAME = 80
#: A facilitator's notes on a session.
SESSION_NOTES = 2000


def check_text(value: str, limit: int, what: str) -> str:
    """``value`` unchanged when it fits, else a :class:`ValidationError` (code ``too_long``) whose
    params say which field and its limit (the UI says it in words)."""
    if isinstance(value, str) and len(value) > limit:
        raise ValidationError(f"{what} is too long ({len(value)} characters, at most {limit})",
                              code="too_long", field=what, limit=limit, length=len(value))
    return value


# --- waits after wrong passwords ---------------------------------------------------------------------
BACKOFF_MAX_WAIT_S = 15 * 60


def backoff_wait(failures: int, last: float, now: float, *, free: int, max_wait: float = BACKOFF_MAX_WAIT_S) -> int:
    """Seconds still to wait after ``failures`` consecutive failures, the last at ``last`` (same clock
    as ``now``): none while ``failures <= free``, then 2 s, 4 s, 8 s… up to ``max_wait``."""
    if failures <= free:
        return 0
    return max(0, int(min(max_wait, 2 ** min(failures - free, 20)) - (now - last) + 0.999))
