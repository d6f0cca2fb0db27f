"""The one declarative base of the client database. Domain models live next to their domain
(``core/<domain>/models.py``) and are imported by :mod:`cc2desktop.core.db.models` so that Alembic
sees them all."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow_iso() -> str:
    """UTC timestamp, ISO 8601 with milliseconds and a trailing Z (the device's clock)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
