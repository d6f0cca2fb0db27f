"""Generic items the server hands to devices (certificates, profile changes, erasures...)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.server.models import Item


def add_item(session: Session, kind: str, body: dict | str, *, learner_id: str | None = None,
             device_id: str | None = None) -> int:
    """Store a generic item for a learner's devices (or one device); returns its position."""
    if not kind or (learner_id is None and device_id is None):
        raise ValueError("an item needs a kind and a learner or a device")
    text_body = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    item = Item(kind=kind, learner_id=learner_id, device_id=device_id, body=text_body, created_at=utcnow_iso())
    session.add(item)
    session.flush()
    return item.pos
