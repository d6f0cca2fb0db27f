"""The server's revocation list: every revoked certificate, signed and dated by the certificate
issuer's key (:mod:`cc2desktop.core.certification.revocation`), handed to PCs so that an offline
check says REVOKED.

:func:`publish` signs a new list after a revocation and hands it to every enrolled PC as a sync item
of kind ``revocations`` (pulled over HTTP and in USB replies alike); a PC enrolled later gets the
current list at enrolment (:func:`for_device`). The list is also exported to a file (``server
revocations --out``) that a course pack can carry (``certification.revocations``). When the
programme's broadcast scope is on the server, the same signed list is the body of one broadcast
item instead of one item per PC.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cc2desktop.core.certification.revocation import ITEM_KIND, make_list
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.server.models import Device, ServerBase


class ServerRevocationList(ServerBase):
    """The latest signed list of each issuer key this server signed (or received, on a hub)."""

    __tablename__ = "cert_revocation_lists"
    issuer: Mapped[str] = mapped_column(String(16), primary_key=True)
    issued_at: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)


def current(session: Session) -> list[dict[str, Any]]:
    """The signed lists this server holds (one per issuer key)."""
    return [json.loads(r.body) for r in session.scalars(select(ServerRevocationList))]


def build(session: Session, issuer_key: Any) -> dict[str, Any]:
    """A new signed list of every certificate revoked on this server."""
    from cc2desktop.server.cert_models import ServerCertificate

    rows = session.execute(select(ServerCertificate.code, ServerCertificate.revoked_at).where(
        ServerCertificate.revoked_at.is_not(None), ServerCertificate.code.is_not(None))).all()
    return make_list(issuer_key, [(c, a) for c, a in rows], utcnow_iso())


def publish(session: Session, issuer_key: Any) -> dict[str, Any]:
    """Sign the list anew, keep it, and hand it to every enrolled PC."""
    from cc2desktop.server.hub import add_item

    doc = build(session, issuer_key)
    row = session.get(ServerRevocationList, doc["issuer"])
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    if row is None:
        session.add(ServerRevocationList(issuer=doc["issuer"], issued_at=doc["issued_at"], body=text))
    else:
        row.issued_at, row.body = doc["issued_at"], text
    for dev in session.scalars(select(Device.id).where(Device.revoked_at.is_(None))):
        add_item(session, ITEM_KIND, doc, device_id=dev)
    session.flush()
    return doc


def for_device(session: Session, device_id: str) -> int:
    """Hand the current lists to a PC that just enrolled."""
    from cc2desktop.server.hub import add_item

    docs = current(session)
    for doc in docs:
        add_item(session, ITEM_KIND, doc, device_id=device_id)
    return len(docs)
