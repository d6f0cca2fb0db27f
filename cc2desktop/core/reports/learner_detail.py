"""One learner seen by a facilitator: progress per capsule (in the course's order, by title), quiz
scores, group sessions attended. Facilitators only. The figures shared with the dashboard's learner
row (certificate state, average quiz score, attendance rate) come from that row, computed once in
:mod:`cc2desktop.core.reports.dashboard`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cc2desktop.core.db.models import Learner
from cc2desktop.core.errors import NotFoundError
from cc2desktop.core.facilitation.accounts import require


@dataclass(frozen=True)
class CapsuleLine:
    course_id: str
    capsule_id: str
    title: dict | str  # {lang: text} as the course gives it
    has_quiz: bool
    watched_pct: float | None  # None: never opened
    completed: bool
    quiz_attempts: int
    quiz_best_pct: float | None
    quiz_last_pct: float | None
    last_activity: str | None


@dataclass(frozen=True)
class SessionLine:
    date: str
    group: str
    present: bool


@dataclass(frozen=True)
class LearnerDetail:
    learner_id: str
    name: str
    code: str | None
    has_pin: bool
    needs_pin: bool
    groups: list[str]
    capsules: list[CapsuleLine]
    sessions: list[SessionLine]

    @property
    def completed(self) -> int:
        return sum(1 for c in self.capsules if c.completed)


def _pct(v: float | None) -> float | None:
    return None if v is None else round(100.0 * v, 1)


def load(s: Session, fs: object, learner_id: str, courses: Iterable[Any]) -> LearnerDetail:
    """``courses``: the installed courses (:func:`cc2desktop.core.learning.catalog.load_courses`);
    capsules the learner worked on that are not installed here come last, under their id."""
    from cc2desktop.core.facilitation.models import Attendance, Group, GroupMember, GroupSession
    from cc2desktop.core.learning.models import CapsuleProgress

    require(fs)
    row = s.get(Learner, learner_id)
    if row is None:
        raise NotFoundError(f"no learner {learner_id}", code="learner_not_found")
    states = {(p.course_id, p.capsule_id): p for p in s.scalars(
        select(CapsuleProgress).where(CapsuleProgress.learner_id == learner_id))}
    lines = []
    for course in courses:
        for cap in course.capsules:
            p = states.pop((course.id, cap.id), None)
            lines.append(_line(course.id, cap.id, cap.title, cap.has_quiz, p))
    for (course_id, capsule_id), p in sorted(states.items()):
        lines.append(_line(course_id, capsule_id, capsule_id, p.quiz_attempts > 0, p))
    groups = list(s.scalars(select(Group.name).join(GroupMember, GroupMember.group_id == Group.id)
                            .where(GroupMember.learner_id == learner_id).order_by(Group.name)))
    sessions = [SessionLine(d, g, bool(p)) for d, g, p in s.execute(
        select(GroupSession.date, Group.name, Attendance.present)
        .join(GroupSession, GroupSession.id == Attendance.session_id).join(Group, Group.id == GroupSession.group_id)
        .where(Attendance.learner_id == learner_id).order_by(GroupSession.date.desc()))]
    return LearnerDetail(row.id, row.display_name, row.code, bool(row.pin_hash),
                         bool(row.pin_needed and not row.pin_hash), groups, lines, sessions)


def _line(course_id: str, capsule_id: str, title: dict | str, has_quiz: bool, p: Any) -> CapsuleLine:
    if p is None:
        return CapsuleLine(course_id, capsule_id, title, has_quiz, None, False, 0, None, None, None)
    watched = min(100.0, round(100.0 * p.watched_s / p.length_s, 1)) if p.length_s else None
    return CapsuleLine(course_id, capsule_id, title, has_quiz, watched, bool(p.completed), int(p.quiz_attempts or 0),
                       _pct(p.quiz_best), _pct(p.quiz_last), p.last_activity_at)
