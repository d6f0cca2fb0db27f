"""Erasing a learner on the server, and telling her PCs (docs/figures.md, "Erasure").

``server erase-learner ID`` or a PC's erasure request (``"x"`` in a push or a USB bundle, for a
learner linked to that PC) deletes every row of hers (her events, her profile, her items, every table
with a ``learner_id`` column), keeps her id in ``erased_learners`` and hands each PC that had her an
``erasure`` item (pull, USB replies). Her certificates stay verifiable by their code, without a name:
the name is taken out of the decision, the badge is dropped and the QR payload is signed again
without it (or dropped, when this server has no issuer key). Figures stop counting her: they count the
learners on record. On SQLite the file is then compacted (VACUUM, WAL truncated).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Iterable

from sqlalchemy import delete, inspect, select, text
from sqlalchemy.orm import Session

from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import NotFoundError
from cc2desktop.server.items import add_item
from cc2desktop.server.models import DeviceLearner, ErasedLearner, ServerEvent, ServerLearner

log = logging.getLogger(__name__)
ERASURE_ITEM = "erasure"
#: tables whose rows of an erased learner are kept (changed, not deleted) or are the erasure itself
_KEPT = {"certificates", "erased_learners"}


def erased(session: Session, ids: Iterable[str]) -> set[str]:
    """Which of these learners were erased (one indexed query; empty input: no query)."""
    ids = {i for i in ids if isinstance(i, str)}
    if not ids:
        return set()
    return set(session.scalars(select(ErasedLearner.learner_id).where(ErasedLearner.learner_id.in_(ids))))


def _learner_tables(session: Session) -> list[str]:
    insp = inspect(session.connection())
    out = []
    for name in insp.get_table_names():
        if name in _KEPT or name in ("events", "device_learners", "learners"):
            continue
        if any(c["name"] == "learner_id" for c in insp.get_columns(name)):
            out.append(name)
    return sorted(out)


def _anonymise_certificates(session: Session, learner_id: str, issuer_key: Any) -> int:
    from cc2desktop.core.certification import payload as pl

    rows = session.execute(text("SELECT id, kind, code, body FROM certificates WHERE learner_id = :l"),
                           {"l": learner_id}).all()
    for cid, kind, code, body_text in rows:
        body = json.loads(body_text)
        body["learner_name"] = None
        body["badge"] = None
        qr = None
        if kind == "certificate" and issuer_key is not None and code:
            titles = body.get("course_title") or {}
            qr = pl.sign(pl.CertificateClaims(code=code, name="", course_id=body.get("course_id") or "",
                                              course_title=next(iter(titles.values()), body.get("course_id") or ""),
                                              date=body.get("date") or "", score=round((body.get("score") or 0) * 100)),
                         issuer_key)
        body["payload"] = qr
        session.execute(text("UPDATE certificates SET learner_name = NULL, payload = :p, body = :b WHERE id = :i"),
                        {"p": qr, "b": json.dumps(body, ensure_ascii=False), "i": cid})
    return sum(1 for r in rows if r[1] == "certificate")


def erase_in(session: Session, learner_id: str, *, issuer_key: Any = None) -> dict[str, int]:
    """Erase one learner inside the caller's transaction (see the module's docstring)."""
    devices = list(session.scalars(select(DeviceLearner.device_id).where(DeviceLearner.learner_id == learner_id)))
    session.execute(text("DELETE FROM rejections WHERE event_id IN (SELECT id FROM events WHERE learner_id = :l) "
                         "OR body LIKE :pat"), {"l": learner_id, "pat": f"%{learner_id}%"})
    n_events = session.execute(delete(ServerEvent).where(ServerEvent.learner_id == learner_id)).rowcount
    for table in _learner_tables(session):
        session.execute(text(f'DELETE FROM "{table}" WHERE learner_id = :l'), {"l": learner_id})
    certificates = _anonymise_certificates(session, learner_id, issuer_key)
    session.execute(delete(DeviceLearner).where(DeviceLearner.learner_id == learner_id))
    session.execute(delete(ServerLearner).where(ServerLearner.id == learner_id))
    if session.get(ErasedLearner, learner_id) is None:
        session.add(ErasedLearner(learner_id=learner_id, erased_at=utcnow_iso()))
    for dev in devices:
        add_item(session, ERASURE_ITEM, {"learner_id": learner_id}, device_id=dev)
    session.flush()
    log.info("learner %s erased: %s events, %s PCs told", learner_id, n_events, len(devices))
    return {"events": int(n_events or 0), "devices": len(devices), "certificates": certificates}


def requested(session: Session, device_id: str, ids: Any, *, issuer_key: Any = None) -> list[str]:
    """A PC's erasure requests: erased when the learner is linked to it (or unknown here, or already
    erased); returns the ids acknowledged (the PC then stops sending them)."""
    out: list[str] = []
    if not isinstance(ids, list):
        return out
    for lid in ids[:100]:
        if not isinstance(lid, str) or not (0 < len(lid) <= 36):
            continue
        if session.get(DeviceLearner, (device_id, lid)) is not None:
            erase_in(session, lid, issuer_key=issuer_key)
        elif session.get(ServerLearner, lid) is not None:
            continue  # another PC's learner: not this PC's to erase
        elif session.get(ErasedLearner, lid) is None:
            session.add(ErasedLearner(learner_id=lid, erased_at=utcnow_iso()))
        out.append(lid)
    return out


def compact(engine: Any) -> None:
    """SQLite: rewrite the file without its free pages and empty the WAL (nothing erased stays on
    disk). PostgreSQL reclaims dead rows with its own vacuum."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_learner(hub: Any, learner_id: str) -> dict[str, Any]:
    """``server erase-learner``: erase her now; her PCs are told at their next sync."""
    certifier = getattr(hub, "certifier", None)
    with hub.Session.begin() as s:
        if s.get(ServerLearner, learner_id) is None:
            if s.get(ErasedLearner, learner_id) is not None:
                return {"learner": learner_id, "events": 0, "devices": 0, "certificates": 0, "already": True}
            raise NotFoundError(f"no learner {learner_id} on this server", code="learner_not_found")
        res = erase_in(s, learner_id, issuer_key=getattr(certifier, "issuer_key", None))
    compact(hub.engine)
    return {"learner": learner_id, **res}
