"""Progress derived from the event log.

``video.watched`` payload (xAPI "played"/"progressed" ready)::

    {"capsule_id", "module_id", "segments": [[start_s, end_s], ...], "position": s, "length": s,
     "progress": union ratio 0..1 after this event, "rate": playback rate, "duration_s": wall clock,
     "rendition": "standard"|"low"|"audio"}

``quiz.answered``: {"capsule_id", "quiz_id", "attempt_id", "question_id", "interaction_type",
"response" (xAPI string), "raw_response", "success", "score", "duration_s"}.
``quiz.completed``: {"capsule_id", "quiz_id", "attempt_id", "score" (points), "max_score",
"scaled" 0..1, "success", "duration_s"}.
``capsule.completed``: {"capsule_id", "module_id", "watched": ratio, "quiz_scaled"}.

The cache table ``learning_capsule_progress`` holds one row per (learner, course, capsule). A write
folds its one new event into that row (:func:`record`, a few milliseconds whatever the log's size);
:func:`rebuild` recomputes rows from the whole log — the repair path, also used when events arrive by
sync from other PCs (they may sort anywhere in the log). Folding gives exactly what a rebuild would
(tests/test_progress_fold.py checks it on random event sequences).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from cc2desktop.core.event_types import CAPSULE_COMPLETED, QUIZ_ANSWERED, QUIZ_COMPLETED, VIDEO_WATCHED

TYPES = (VIDEO_WATCHED, QUIZ_ANSWERED, QUIZ_COMPLETED, CAPSULE_COMPLETED)


def union(intervals: Iterable[Iterable[float]], gap: float = 0.25) -> list[list[float]]:
    """Merge intervals (touching or less than ``gap`` apart); drops empty and reversed ones."""
    spans = sorted([float(a), float(b)] for a, b in intervals if float(b) > float(a))
    out: list[list[float]] = []
    for a, b in spans:
        if out and a <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def covered(intervals: list[list[float]], length: float | None = None) -> float:
    total = 0.0
    for a, b in intervals:
        if length:
            a, b = max(0.0, a), min(length, b)
        total += max(0.0, b - a)
    return total


@dataclass
class CapsuleState:
    course_id: str
    capsule_id: str
    watched: list[list[float]] = field(default_factory=list)
    length_s: float = 0.0
    position_s: float = 0.0
    quiz_attempts: int = 0
    quiz_best: float | None = None  # scaled 0..1
    quiz_last: float | None = None
    time_spent_s: float = 0.0
    completed: bool = False
    last_activity_at: str | None = None

    @property
    def watched_s(self) -> float:
        return covered(self.watched, self.length_s or None)

    @property
    def watched_ratio(self) -> float:
        if self.length_s <= 0:
            return 0.0
        return min(1.0, self.watched_s / self.length_s)

    def meets_rule(self, min_watched: float, quiz_required: bool, has_quiz: bool) -> bool:
        quiz_ok = (not quiz_required) or (not has_quiz) or self.quiz_attempts > 0
        return self.watched_ratio >= min_watched - 1e-9 and quiz_ok


def _step(st: CapsuleState, e: Any, segs: list) -> None:
    """One event of this capsule into ``st``; its watched segments go to ``segs`` (merged by the caller)."""
    p = e.payload
    st.last_activity_at = max(st.last_activity_at or "", e.created_at)
    if e.type == VIDEO_WATCHED:
        segs.extend(p.get("segments") or [])
        if p.get("length"):
            st.length_s = float(p["length"])
        if p.get("position") is not None:
            st.position_s = float(p["position"])
        st.time_spent_s += float(p.get("duration_s") or 0)
    elif e.type == QUIZ_ANSWERED:
        st.time_spent_s += float(p.get("duration_s") or 0)
    elif e.type == QUIZ_COMPLETED:
        scaled = float(p.get("scaled") or 0.0)
        st.quiz_attempts += 1
        st.quiz_last = scaled
        st.quiz_best = scaled if st.quiz_best is None else max(st.quiz_best, scaled)
    elif e.type == CAPSULE_COMPLETED:
        st.completed = True


def fold_events(course_id: str, capsule_id: str, events: Iterable) -> CapsuleState:
    """Apply events (EventRecord-like: .type, .payload, .created_at) in log order."""
    st = CapsuleState(course_id, capsule_id)
    segs: list = []
    for e in events:
        if e.payload.get("capsule_id") == capsule_id:
            _step(st, e, segs)
    st.watched = union(segs)
    return st


def fold(st: CapsuleState, e: Any) -> CapsuleState:
    """``st`` with one more event of its capsule, the last in log order (a new state; ``st`` is kept).
    The merged watched intervals of ``st`` merged again with the new segments give the same union as
    merging every segment at once."""
    new = CapsuleState(**{**st.__dict__, "watched": [list(w) for w in st.watched]})
    segs: list = []
    _step(new, e, segs)
    if segs:
        new.watched = union(new.watched + segs)
    return new


def state_to_row(st: CapsuleState, learner_id: str):  # noqa: ANN201
    from cc2desktop.core.learning.models import CapsuleProgress

    return CapsuleProgress(
        learner_id=learner_id, course_id=st.course_id, capsule_id=st.capsule_id,
        watched=json.dumps(st.watched), watched_s=st.watched_s, length_s=st.length_s,
        position_s=st.position_s, quiz_attempts=st.quiz_attempts, quiz_best=st.quiz_best,
        quiz_last=st.quiz_last, time_spent_s=st.time_spent_s, completed=st.completed,
        last_activity_at=st.last_activity_at,
    )


def row_to_state(row) -> CapsuleState:  # noqa: ANN001
    return CapsuleState(
        course_id=row.course_id, capsule_id=row.capsule_id, watched=json.loads(row.watched or "[]"),
        length_s=row.length_s or 0.0, position_s=row.position_s or 0.0, quiz_attempts=row.quiz_attempts or 0,
        quiz_best=row.quiz_best, quiz_last=row.quiz_last, time_spent_s=row.time_spent_s or 0.0,
        completed=bool(row.completed), last_activity_at=row.last_activity_at,
    )


def refresh(session, learner_id: str, course_id: str, capsule_id: str) -> CapsuleState:  # noqa: ANN001
    """Recompute one capsule's cache row from the whole course log (inside the write's session)."""
    from cc2desktop.core import events

    evs = events.for_learner(session, learner_id, course_id=course_id, types=TYPES,
                             payload={"capsule_id": capsule_id})
    st = fold_events(course_id, capsule_id, evs)
    session.merge(state_to_row(st, learner_id))
    session.flush()
    return st


def current(session, learner_id: str, course_id: str, capsule_id: str) -> CapsuleState:  # noqa: ANN001
    """The capsule's state from its cache row; recomputed from the log only when the row is missing
    while the log has events of that capsule (a cache that was never built)."""
    from cc2desktop.core.learning.models import CapsuleProgress

    row = session.get(CapsuleProgress, (learner_id, course_id, capsule_id))
    if row is not None:
        return row_to_state(row)
    if _logged(session, learner_id, course_id, capsule_id):
        return refresh(session, learner_id, course_id, capsule_id)
    return CapsuleState(course_id, capsule_id)


def record(session, event: Any) -> CapsuleState | None:  # noqa: ANN001
    """Fold one event just appended on this PC (an :class:`~cc2desktop.core.events.EventRecord`)
    into its capsule's cache row, in the same transaction. Falls back to :func:`refresh` when the
    event does not sort last among that capsule's events (another PC's clock ahead, same millisecond
    as another PC's event) or when the row is missing though the log is not. Returns the new state,
    or None for an event that is not about a capsule's progress."""
    from cc2desktop.core.learning.models import CapsuleProgress

    capsule_id = event.payload.get("capsule_id")
    if event.type not in TYPES or not capsule_id or event.course_id is None:
        return None
    lid, course_id = event.learner_id, event.course_id
    row = session.get(CapsuleProgress, (lid, course_id, capsule_id))
    if row is None:
        if _logged(session, lid, course_id, capsule_id, besides=event.id):
            return refresh(session, lid, course_id, capsule_id)
        st = CapsuleState(course_id, capsule_id)
    elif not _sorts_last(session, row.last_activity_at, event):
        return refresh(session, lid, course_id, capsule_id)
    else:
        st = row_to_state(row)
    st = fold(st, event)
    session.merge(state_to_row(st, lid))
    session.flush()
    return st


def _logged(session, learner_id: str, course_id: str, capsule_id: str, besides: str | None = None) -> bool:  # noqa: ANN001
    from sqlalchemy import func, select

    from cc2desktop.core.db.models import Event

    q = select(Event.id).where(Event.learner_id == learner_id, Event.course_id == course_id, Event.type.in_(TYPES),
                               func.json_extract(Event.payload, "$.capsule_id") == capsule_id)
    if besides is not None:
        q = q.where(Event.id != besides)
    return session.scalar(q.limit(1)) is not None


def _sorts_last(session, last_at: str | None, event: Any) -> bool:  # noqa: ANN001
    """Whether ``event`` comes after every event already folded into the row (log order is
    created_at, device_id, seq). On a tie of created_at, only another PC's event can sort after it."""
    from sqlalchemy import select

    from cc2desktop.core.db.models import Event

    if last_at is None or event.created_at > last_at:
        return True
    if event.created_at < last_at:
        return False
    return session.scalar(select(Event.id).where(
        Event.learner_id == event.learner_id, Event.created_at == event.created_at,
        Event.device_id > event.device_id).limit(1)) is None


def rebuild(session, learner_id: str | None = None) -> int:  # noqa: ANN001
    """Drop and rebuild the cache (for one learner or everyone) from the event log; returns rows."""
    from sqlalchemy import delete, select

    from cc2desktop.core import events
    from cc2desktop.core.db.models import Learner
    from cc2desktop.core.learning.models import CapsuleProgress

    ids = [learner_id] if learner_id else list(session.scalars(select(Learner.id)))
    n = 0
    for lid in ids:
        session.execute(delete(CapsuleProgress).where(CapsuleProgress.learner_id == lid))
        evs = events.for_learner(session, lid, types=TYPES)
        keys = sorted({(e.course_id or "", str(e.payload["capsule_id"])) for e in evs if e.payload.get("capsule_id")})
        for course_id, capsule_id in keys:
            st = fold_events(course_id, capsule_id, [e for e in evs if (e.course_id or "") == course_id])
            session.add(state_to_row(st, lid))
            n += 1
    session.flush()
    return n
