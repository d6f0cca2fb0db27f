"""Client-side sync state (Alembic branch ``sync``, revisions ``s001``…)."""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core.db.base import Base


class SyncState(Base):
    """One row (id 1): where this device syncs, its credentials, its pull cursor and last outcome."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_url: Mapped[str | None] = mapped_column(String(255))
    token: Mapped[str | None] = mapped_column(String(128))
    server_public_key: Mapped[str | None] = mapped_column(String(64))
    server_box_key: Mapped[str | None] = mapped_column(String(64))  # X25519: seals PINs in USB bundles
    broadcast_key: Mapped[str | None] = mapped_column(String(64))  # Ed25519 of the origin of broadcast items
    enrolled_at: Mapped[str | None] = mapped_column(String(32))
    cursor: Mapped[str | None] = mapped_column(String(48))
    last_sync: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_code: Mapped[str | None] = mapped_column(String(64))
    batch_size: Mapped[int] = mapped_column(Integer, default=500)


class SyncRejected(Base):
    """Events of this device the server refused (never resent; reported in the status)."""

    __tablename__ = "sync_rejected"
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reason: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(32))


class SyncLearnerSent(Base):
    """The learner profile version the server acknowledged (a changed profile is sent again)."""

    __tablename__ = "sync_learner_sent"
    learner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_hash: Mapped[str] = mapped_column(String(64))


class SyncBackfill(Base):
    """A learner claimed on this device whose history is still being pulled (resumes after a cut)."""

    __tablename__ = "sync_backfill"
    learner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(48), default="0.0")


class SyncItem(Base):
    """Generic items pulled from the server (``kind``: certificate, message…); ``body`` is JSON."""

    __tablename__ = "sync_items"
    pos: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    learner_id: Mapped[str | None] = mapped_column(String(36), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class SyncAck(Base):
    """The server's receive time of this device's events, per acknowledged seq range (cheaper than
    rewriting every event row; ``events.server_received_at`` stays NULL for events pushed from here)."""

    __tablename__ = "sync_acks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[str] = mapped_column(String(32))


class SyncBroadcast(Base):
    """Broadcast items held by this PC (``core/sync/broadcast.py``): ``(scope, n)`` is the item's
    identity given by the origin server; ``h`` the chain's head after it (base64url); ``applied``
    once its kind's applier took it (a kind of a later version waits, with ``error`` if it failed).
    The last ``n`` of a scope is this PC's cursor for it."""

    __tablename__ = "sync_broadcast"
    scope: Mapped[str] = mapped_column(String(160), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(128))
    at: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    h: Mapped[str] = mapped_column(String(43))
    applied: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_sync_broadcast_kind", "kind"), Index("ix_sync_broadcast_applied", "applied"))
