"""Append to the learning event log.

Every learning action becomes one event: a client-generated UUID, the learner, this device, a type,
a JSON payload, the device's UTC time and a per-device sequence number. Call :func:`append` inside
the session of the write; the event is durable when that session commits (synchronous=FULL).

Event types are dotted names, e.g. ``video.watched``, ``quiz.answered``, ``quiz.completed``,
``capsule.completed``, ``exam.claimed``, ``session.attended``. Payloads keep what an xAPI 1.0.3
statement would need (see docs/data-model.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.db.models import Event, Meta
from cc2desktop.core.errors import ValidationError
from cc2desktop.core.limits import EVENT_PAYLOAD_BYTES

DEVICE_ID_KEY = "device_id"


@dataclass(frozen=True)
class EventRecord:
    """A plain copy of an event row (never hand ORM objects across threads)."""

    id: str
    learner_id: str
    device_id: str
    seq: int
    type: str
    course_id: str | None
    payload: dict[str, Any]
    created_at: str
    synced: bool

    @classmethod
    def from_row(cls, row: Event) -> "EventRecord":
        return cls(row.id, row.learner_id, row.device_id, row.seq, row.type, row.course_id,
                   json.loads(row.payload), row.created_at, bool(row.synced))


def device_id(session: Session) -> str:
    """This data directory's device id, created on first use."""
    row = session.get(Meta, DEVICE_ID_KEY)
    if row is None:
        row = Meta(key=DEVICE_ID_KEY, value=new_id())
        session.add(row)
        session.flush()
    return row.value


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def append(
    session: Session,
    learner_id: str,
    type: str,  # noqa: A002 - the event's type
    payload: dict[str, Any] | None = None,
    *,
    course_id: str | None = None,
) -> EventRecord:
    """Append one event. ``type`` must be declared in :mod:`cc2desktop.core.event_types` (the
    server accepts exactly those); its payload must fit in one sync message
    (:data:`cc2desktop.core.limits.EVENT_PAYLOAD_BYTES`): anything else is refused here,
    before it is written, rather than by the server later."""
    from cc2desktop.core.event_types import is_declared

    if not is_declared(type):
        raise ValidationError(f"event type {type!r} is not declared in core/event_types.py", code="unknown_event_type")
    text = dumps(payload or {})
    if len(text) > EVENT_PAYLOAD_BYTES // 4 and len(text.encode("utf-8")) > EVENT_PAYLOAD_BYTES:
        raise ValidationError(f"{type} payload too large ({len(text.encode('utf-8'))} bytes)", code="too_large")
    dev = device_id(session)
    seq = (session.scalar(select(func.max(Event.seq)).where(Event.device_id == dev)) or 0) + 1
    row = Event(
        id=new_id(), learner_id=learner_id, device_id=dev, seq=seq, type=type, course_id=course_id,
        payload=text, created_at=utcnow_iso(), synced=False,
    )
    session.add(row)
    session.flush()
    return EventRecord.from_row(row)


def for_learner(session: Session, learner_id: str, *, course_id: str | None = None,
                types: tuple[str, ...] | None = None, payload: dict[str, str] | None = None) -> list[EventRecord]:
    """The learner's events in log order (created_at, device, seq). ``payload`` keeps the events whose
    payload has those top-level string values (filtered by SQLite, e.g. ``{"attempt_id": ...}``)."""
    q = select(Event).where(Event.learner_id == learner_id)
    if course_id is not None:
        q = q.where(Event.course_id == course_id)
    if types:
        q = q.where(Event.type.in_(types))
    for key, value in (payload or {}).items():
        if not key.isidentifier():
            raise ValueError(f"payload key {key!r} is not a plain name")
        q = q.where(func.json_extract(Event.payload, f"$.{key}") == value)
    q = q.order_by(Event.created_at, Event.device_id, Event.seq)
    return [EventRecord.from_row(r) for r in session.scalars(q)]
