"""Tables of the learning domain (Alembic branch ``learning``, revisions l001…).

``learning_capsule_progress`` is a cache: :func:`cc2desktop.core.learning.progress.rebuild` rebuilds
it from the event log at any time. ``learner_prefs`` holds per-learner choices (rendition, subtitle
language) that are not learning activity.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core.db.base import Base


class CapsuleProgress(Base):
    __tablename__ = "learning_capsule_progress"
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    course_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    capsule_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    watched: Mapped[str] = mapped_column(Text, default="[]")  # JSON union of [start, end] seconds
    watched_s: Mapped[float] = mapped_column(Float, default=0.0)
    length_s: Mapped[float] = mapped_column(Float, default=0.0)
    position_s: Mapped[float] = mapped_column(Float, default=0.0)
    quiz_attempts: Mapped[int] = mapped_column(Integer, default=0)
    quiz_best: Mapped[float | None] = mapped_column(Float)
    quiz_last: Mapped[float | None] = mapped_column(Float)
    time_spent_s: Mapped[float] = mapped_column(Float, default=0.0)
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_activity_at: Mapped[str | None] = mapped_column(String(32))


class LearnerPref(Base):
    __tablename__ = "learner_prefs"
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
