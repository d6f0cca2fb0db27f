"""The server's own schema (its own declarative base and Alembic migrations in ``migrations/``).

SQLite by default, PostgreSQL for a central server; only portable column types are used.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PosType = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: INTEGER PRIMARY KEY = rowid


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ServerMeta(ServerBase):
    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EnrolmentCode(ServerBase):
    __tablename__ = "enrolment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[str] = mapped_column(String(32))
    uses_left: Mapped[int] = mapped_column(Integer, default=1)
    label: Mapped[str | None] = mapped_column(String(120))
    revoked_at: Mapped[str | None] = mapped_column(String(32))


class Device(ServerBase):
    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str | None] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(String(64))      # Ed25519, base64url
    name: Mapped[str | None] = mapped_column(String(120))
    code_hash: Mapped[str | None] = mapped_column(String(64))  # the enrolment code it used
    enrolled_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))
    last_seen_at: Mapped[str | None] = mapped_column(String(32))
    pull_cursor: Mapped[str | None] = mapped_column(String(48))  # what it had at its last pull ("E.I")


class ServerLearner(ServerBase):
    __tablename__ = "learners"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    display_name: Mapped[str] = mapped_column(String(255))
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    gender: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(255))
    age_band: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[str | None] = mapped_column(String(255))
    origin_device: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[str] = mapped_column(String(32))
    claim_failures: Mapped[int] = mapped_column(Integer, default=0)
    claim_locked_until: Mapped[str | None] = mapped_column(String(32))


class DeviceLearner(ServerBase):
    """Which device may push events for, and pulls the history of, which learner."""

    __tablename__ = "device_learners"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    learner_id: Mapped[str] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    linked_at: Mapped[str] = mapped_column(String(32))
    # Position in the event log at link time: a newly linked device back-fills below it.
    __table_args__ = (Index("ix_device_learners_learner", "learner_id"),)


class ServerEvent(ServerBase):
    """Every learner event, stored once. ``pos`` orders the log for pull cursors."""

    __tablename__ = "events"
    pos: Mapped[int] = mapped_column(PosType, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    learner_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    course_id: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))       # the device's clock, as sent
    received_at: Mapped[str] = mapped_column(String(32))      # the server's clock
    body_hash: Mapped[str] = mapped_column(String(32))
    __table_args__ = (Index("ix_events_learner_pos", "learner_id", "pos"),)


class Item(ServerBase):
    """Generic things the server holds for learners or devices (certificates, messages...).

    ``kind`` names the body's format (e.g. ``certificate``, ``message``); pull returns items in
    ``pos`` order for the device's learners (``learner_id``) or addressed to it (``device_id``).
    """

    __tablename__ = "items"
    pos: Mapped[int] = mapped_column(PosType, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64))
    learner_id: Mapped[str | None] = mapped_column(String(36), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class Rejection(ServerBase):
    """An event refused alone: its id already stored with another body (``conflict``, never
    overwritten), an unknown type, a learner not linked to the device, too large or malformed
    (``body``: the refused row, or only its seq when the payload itself was the problem)."""

    __tablename__ = "rejections"
    pos: Mapped[int] = mapped_column(PosType, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))


class UsedBundle(ServerBase):
    """USB bundles already imported (by digest): a second import replies without re-applying."""

    __tablename__ = "used_bundles"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    imported_at: Mapped[str] = mapped_column(String(32))


class ServerBroadcast(ServerBase):
    """Broadcast items (``core/sync/broadcast.py``): for every PC of a scope (``programme``,
    ``course:<id>``). ``(scope, n)`` is the identity given by the origin server; ``h`` the chain's
    head after the item and ``sig`` the origin's signature of that head (both base64url), kept as
    received when this server relays another origin's items."""

    __tablename__ = "broadcast_items"
    scope: Mapped[str] = mapped_column(String(160), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(128))
    at: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    h: Mapped[str] = mapped_column(String(43))
    sig: Mapped[str] = mapped_column(String(88))
