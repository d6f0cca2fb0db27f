"""The server's revocation list: every revoked certificate, signed and dated by the certificate
issuer's key (:mod:`cc2desktop.core.certification.revocation`), handed to PCs so that an offline
check says REVOKED.

:func:`publish` signs a new list after a revocation and publishes it as a broadcast item of the
``programme`` scope (:meth:`cc2desktop.server.hub.Hub.publish`): every PC receives it with its next
sync, over HTTP or in a USB reply, including PCs enrolled later (they pull the scope from its
start). The list is also exported to a file (``server revocations --out``) that a course pack can
carry (``certification.revocations``). One broadcast item holds the whole list (up to about 1,200
revoked certificates: the item's 64 KB limit).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cc2desktop.core.certification.revocation import ITEM_KIND, make_list
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.server.models import ServerBase


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


def publish(session: Session, issuer_key: Any, hub: Any) -> dict[str, Any]:
    """Sign the list anew, keep it, and publish it to every PC (the programme's broadcast scope)."""
    from cc2desktop.core.sync.broadcast import PROGRAMME

    doc = build(session, issuer_key)
    row = session.get(ServerRevocationList, doc["issuer"])
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    if row is None:
        session.add(ServerRevocationList(issuer=doc["issuer"], issued_at=doc["issued_at"], body=text))
    else:
        row.issued_at, row.body = doc["issued_at"], text
    session.flush()
    hub.publish(PROGRAMME, ITEM_KIND, doc, session=session)
    return doc
