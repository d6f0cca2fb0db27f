"""Devices and enrolment codes as a server's administrator sees them (the admin page; the CLI's
``server enrolment-code`` and ``server revoke`` act through :class:`~cc2desktop.server.hub.Hub`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import NotFoundError, ValidationError
from cc2desktop.server.hub import enrol_code_hash
from cc2desktop.server.models import Device, DeviceLearner, EnrolmentCode, Item, Rejection, ServerEvent

MAX_CODE_USES = 500
MAX_CODE_DAYS = 365
MAX_LABEL = 120


def _cursor(text: str | None) -> tuple[int, int]:
    try:
        a, _, b = (text or "0.0").partition(".")
        return max(0, int(a)), max(0, int(b or 0))
    except ValueError:
        return 0, 0


def count_devices(hub: Any) -> int:
    with hub.ReadSession() as s:
        return s.scalar(select(func.count()).select_from(Device)) or 0


def list_devices(hub: Any, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Active devices first (most recently seen first), then revoked ones; each with its linked
    learners, what the server holds for it since its last pull (``to_receive``: events of its
    learners from other devices, and items) and its refused events."""
    hub.flush_seen()
    with hub.ReadSession() as s:
        rows = s.scalars(select(Device).order_by(Device.revoked_at.is_not(None), Device.last_seen_at.desc(),
                                                 Device.enrolled_at.desc()).limit(limit).offset(offset)).all()
        ids = [d.id for d in rows]
        if not ids:
            return []
        learners = dict(s.execute(select(DeviceLearner.device_id, func.count()).where(DeviceLearner.device_id.in_(ids))
                                  .group_by(DeviceLearner.device_id)).all())
        refused = dict(s.execute(select(Rejection.device_id, func.count()).where(Rejection.device_id.in_(ids))
                                 .group_by(Rejection.device_id)).all())
        out = []
        for d in rows:
            ec, ic = _cursor(d.pull_cursor)
            pending = 0
            if d.revoked_at is None:
                linked = select(DeviceLearner.learner_id).where(DeviceLearner.device_id == d.id)
                mine = and_(DeviceLearner.learner_id == ServerEvent.learner_id, DeviceLearner.device_id == d.id)
                events = s.scalar(select(func.count()).select_from(ServerEvent).join(DeviceLearner, mine)
                                  .where(ServerEvent.pos > ec, ServerEvent.device_id != d.id)) or 0
                items = s.scalar(select(func.count()).select_from(Item).where(
                    Item.pos > ic, (Item.device_id == d.id) | Item.learner_id.in_(linked))) or 0
                pending = events + items
            out.append({"id": d.id, "name": d.name, "enrolled_at": d.enrolled_at, "last_seen_at": d.last_seen_at,
                        "revoked_at": d.revoked_at, "learners": int(learners.get(d.id, 0)),
                        "to_receive": int(pending), "refused": int(refused.get(d.id, 0)),
                        "pulled": d.pull_cursor is not None})
        return out


def get_device(hub: Any, device_id: str) -> dict[str, Any]:
    with hub.ReadSession() as s:
        d = s.get(Device, device_id) if isinstance(device_id, str) and len(device_id) <= 36 else None
        if d is None:
            raise NotFoundError(f"no device {device_id}", code="no_device")
        return {"id": d.id, "name": d.name, "revoked_at": d.revoked_at, "last_seen_at": d.last_seen_at}


# --- enrolment codes ------------------------------------------------------------------------------

def new_code(hub: Any, *, label: str, uses: int, days: int, role: str | None = None) -> str:
    """A new enrolment code (returned once: only its hash is stored); ``role="centre"``: for a
    centre's hub (relay), not for PCs."""
    label = " ".join(str(label or "").split())
    if len(label) > MAX_LABEL:
        raise ValidationError(f"label longer than {MAX_LABEL} characters", code="code_label")
    if not 1 <= uses <= MAX_CODE_USES:
        raise ValidationError(f"uses must be between 1 and {MAX_CODE_USES}", code="code_uses")
    if not 1 <= days <= MAX_CODE_DAYS:
        raise ValidationError(f"days must be between 1 and {MAX_CODE_DAYS}", code="code_days")
    return hub.new_enrolment_code(uses=uses, ttl_days=days, label=label or None, role=role)


def code_state(row: EnrolmentCode, now: str | None = None) -> str:
    now = now or utcnow_iso()
    if row.revoked_at:
        return "revoked"
    if row.expires_at < now:
        return "expired"
    if row.uses_left <= 0:
        return "used_up"
    return "active"


def list_codes(hub: Any, *, limit: int = 200, role: str | None = None) -> list[dict[str, Any]]:
    """Enrolment codes for PCs (``role="centre"``: for centres' hubs), newest first, with how many
    devices enrolled with each."""
    now = utcnow_iso()
    of_role = EnrolmentCode.role.is_(None) if role is None else EnrolmentCode.role == role
    with hub.ReadSession() as s:
        rows = s.scalars(select(EnrolmentCode).where(of_role).order_by(EnrolmentCode.created_at.desc())
                         .limit(limit)).all()
        used = dict(s.execute(select(Device.code_hash, func.count()).where(
            Device.code_hash.in_([r.code_hash for r in rows])).group_by(Device.code_hash)).all()) if rows else {}
        return [{"id": r.code_hash, "label": r.label, "created_at": r.created_at, "expires_at": r.expires_at,
                 "uses_left": r.uses_left, "devices": int(used.get(r.code_hash, 0)), "state": code_state(r, now),
                 "revoked_at": r.revoked_at} for r in rows]


def find_code(hub: Any, code: str) -> dict[str, Any] | None:
    """An enrolment code's row (by the code itself), or ``None``."""
    with hub.ReadSession() as s:
        r = s.get(EnrolmentCode, enrol_code_hash(code))
        if r is None:
            return None
        return {"id": r.code_hash, "label": r.label, "expires_at": r.expires_at, "uses_left": r.uses_left,
                "state": code_state(r)}


def revoke_code(hub: Any, code_id: str) -> None:
    """No more PC may enrol with this code (PCs already enrolled with it stay enrolled)."""
    with hub.Session.begin() as s:
        r = s.get(EnrolmentCode, code_id) if isinstance(code_id, str) and len(code_id) == 64 else None
        if r is None:
            raise NotFoundError("no such enrolment code", code="no_code")
        r.revoked_at = r.revoked_at or utcnow_iso()
