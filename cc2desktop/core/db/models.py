"""Client tables shared by every domain, and the import point Alembic uses to see all models.

Domain-specific tables live in ``core/<domain>/models.py`` and are imported at the bottom.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core.db.base import Base, new_id, utcnow_iso


class Meta(Base):
    """Small key/value facts about this data directory (device id, next sequence number...)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Learner(Base):
    __tablename__ = "learners"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    display_name: Mapped[str] = mapped_column(String(120))
    # Short code with a check character, to find one's account on another PC (sync issue).
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    pin_locked_until: Mapped[str | None] = mapped_column(String(32))
    # A profile a facilitator made (no PIN yet): the learner chooses her PIN before its first use.
    # Local to this PC (not a synced profile field); cleared when a PIN is set.
    pin_needed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Self-declared, optional, used only for programme figures.
    gender: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    age_band: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(32))
    # True when this PC created the profile; False when it arrived by sync for a learner of this PC.
    local: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)


class Event(Base):
    """The append-only learning log. Never updated except ``synced``/``server_received_at``.

    ``id`` is a client-generated UUID; ``(device_id, seq)`` is unique; ``payload`` is JSON text.
    Events arriving from other devices by sync keep their own device id and sequence.
    """

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(64))
    course_id: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[str] = mapped_column(String(32))  # device clock, UTC ISO
    server_received_at: Mapped[str | None] = mapped_column(String(32))  # server clock, when known
    synced: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint("device_id", "seq", name="uq_events_device_seq"),
        Index("ix_events_learner_course_type", "learner_id", "course_id", "type"),
        Index("ix_events_unsynced", "synced", "device_id"),
    )


# Domain models (imported for their side effect on Base.metadata). Keep this list sorted.
from cc2desktop.core import model_registry  # noqa: E402,F401
