"""Facilitation tables.

``facilitators`` is local configuration (accounts of this PC). Every other table here is *derived*
from the event log (``group.enrolled``/``group.left``, ``session.planned``/``session.updated``,
``session.attended``) and can be rebuilt with :func:`cc2desktop.core.facilitation.service.rebuild`,
so that attendance and groups travel by sync like the rest of the learning log.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core.db.base import Base, new_id, utcnow_iso


class Facilitator(Base):
    __tablename__ = "facilitators"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)


class Group(Base):
    __tablename__ = "fac_groups"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))


class GroupMember(Base):
    __tablename__ = "fac_group_members"
    group_id: Mapped[str] = mapped_column(ForeignKey("fac_groups.id", ondelete="CASCADE"), primary_key=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True, index=True)
    since: Mapped[str] = mapped_column(String(32))


class GroupSession(Base):
    __tablename__ = "fac_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("fac_groups.id", ondelete="CASCADE"), index=True)
    date: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD
    capsules: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of capsule ids
    notes: Mapped[str] = mapped_column(Text, default="")
    facilitator: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[str] = mapped_column(String(32))


class Attendance(Base):
    __tablename__ = "fac_attendance"
    session_id: Mapped[str] = mapped_column(ForeignKey("fac_sessions.id", ondelete="CASCADE"), primary_key=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[str] = mapped_column(String(32))

    __table_args__ = (Index("ix_fac_attendance_learner", "learner_id", "present"),)


class PairedPC(Base):
    """A PC of the centre whose USB bundles this PC accepts: paired once by a facilitator who
    compared the pairing code both PCs show (migration f003)."""

    __tablename__ = "fac_paired_pcs"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # the device's Ed25519 key (base64url)
    paired_at: Mapped[str] = mapped_column(String(32))
    paired_by: Mapped[str | None] = mapped_column(String(36))  # facilitator id
