"""Revocation lists: which certificates the programme withdrew, signed and dated by the issuer, so
that a PC with no connection can say REVOKED (docs/certification.md, "Revocation").

A list (JSON)::

    {"type": "cc2desktop-revocations", "v": 1, "issuer": key id, "issued_at": UTC ISO,
     "revoked": [{"code": "7K3M-9QX2-PA4C", "at": UTC ISO}, …],   # sorted by code
     "sig": base64url Ed25519(issuer key, RFC 8785 canonical JSON of every other field)}

It is signed by the key that signs the certificates (a hub relays it, it cannot make one), so it is
checked against the same trusted issuer keys, wherever it comes from: sync (a broadcast item of kind
:data:`ITEM_KIND` in the ``programme`` scope, pulled over HTTP and in USB replies alike), a course
pack (``certification.revocations`` names the file) or a file. A PC keeps the newest list of each
issuer (``cert_revocation_lists``); a list older than the one held never replaces it. A list
revokes only certificates of its own issuer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cc2desktop.core import crypto
from cc2desktop.core.errors import CCError

LIST_TYPE = "cc2desktop-revocations"
ITEM_KIND = "certificate.revocations"  # the broadcast item kind lists travel as (scope "programme")
MAX_ENTRIES = 100_000


class RevocationError(CCError):
    code = "cert_revocations"


@dataclass(frozen=True)
class RevocationList:
    issuer: str
    issued_at: str
    revoked: dict[str, str]          # code → when
    body: dict[str, Any]             # the signed document, as received

    def age_days(self, now: str | None = None) -> float:
        from cc2desktop.core.db.base import utcnow_iso

        return max(0.0, (_dt(now or utcnow_iso()) - _dt(self.issued_at)).total_seconds() / 86400)


def _dt(iso: str):  # noqa: ANN202
    import datetime as dt

    return dt.datetime.fromisoformat(str(iso).replace("Z", "+00:00"))


def make_list(issuer_key: Any, revoked: list[tuple[str, str]], issued_at: str) -> dict[str, Any]:
    """A signed list of ``(code, revoked at)`` by ``issuer_key`` (the certificate issuer's key)."""
    from cc2desktop.core.certification.keys import key_id

    body = {"type": LIST_TYPE, "v": 1, "issuer": key_id(issuer_key.public_key()), "issued_at": issued_at,
            "revoked": [{"code": c, "at": a} for c, a in sorted(revoked)]}
    return {**body, "sig": crypto.b64url(crypto.sign_json(issuer_key, body))}


def check_list(doc: Any, trusted: dict[str, Any]) -> RevocationList:
    """The list in ``doc`` if it is well formed and signed by a trusted issuer key; else
    :class:`RevocationError` saying why."""
    if not isinstance(doc, dict) or doc.get("type") != LIST_TYPE or doc.get("v") != 1:
        raise RevocationError("not a revocation list")
    issuer, issued_at, revoked = doc.get("issuer"), doc.get("issued_at"), doc.get("revoked")
    if not isinstance(issuer, str) or not isinstance(issued_at, str) or not isinstance(revoked, list) \
            or len(revoked) > MAX_ENTRIES:
        raise RevocationError("revocation list is malformed")
    try:
        _dt(issued_at)
        entries = {str(r["code"]): str(r["at"]) for r in revoked}
    except (KeyError, TypeError, ValueError) as exc:
        raise RevocationError("revocation list is malformed") from exc
    pub = trusted.get(issuer)
    if pub is None:
        raise RevocationError(f"revocation list signed by an unknown issuer key ({issuer})")
    try:
        sig = crypto.b64url_decode(str(doc.get("sig", "")))
    except ValueError:
        sig = b""
    if not crypto.verify_json(pub, sig, {k: v for k, v in doc.items() if k != "sig"}):
        raise RevocationError("the revocation list's signature does not match (altered or forged)")
    return RevocationList(issuer, issued_at, entries, doc)


# --- on a PC ----------------------------------------------------------------------------------------
def store(session, doc: Any, *, trusted: dict[str, Any], source: str) -> bool:  # noqa: ANN001
    """Keep ``doc`` if it is a valid list newer than the one held for its issuer; returns whether it
    was kept. An invalid list raises :class:`RevocationError` (nothing changes)."""
    from cc2desktop.core.certification.models import RevocationListRow
    from cc2desktop.core.db.base import utcnow_iso

    rl = check_list(doc, trusted)
    row = session.get(RevocationListRow, rl.issuer)
    if row is not None and _dt(row.issued_at) >= _dt(rl.issued_at):
        if row.issued_at == rl.issued_at:
            row.received_at = utcnow_iso()  # the same list again: it is still the latest one known
        return False
    text = json.dumps(rl.body, ensure_ascii=False, separators=(",", ":"))
    if row is None:
        session.add(RevocationListRow(issuer=rl.issuer, issued_at=rl.issued_at, body=text, received_at=utcnow_iso(),
                                      source=source[:40]))
    else:
        row.issued_at, row.body, row.received_at, row.source = rl.issued_at, text, utcnow_iso(), source[:40]
    session.flush()
    return True


def apply_items(session, items: list[Any]) -> Any:  # noqa: ANN001
    """Apply revocation lists that came as broadcast items (``body``: the list): the broadcast
    applier of :data:`ITEM_KIND` (:mod:`cc2desktop.core.broadcast_kinds`)."""
    from cc2desktop.core.certification.keys import trusted_issuers
    from cc2desktop.core.changes import Changes

    trusted = trusted_issuers(_keys_dir(session))
    kept = False
    for it in items:
        body = it.get("body") if isinstance(it, dict) else getattr(it, "body", None)
        kept = store(session, body, trusted=trusted, source="sync") or kept
    return Changes(certificates=True) if kept else None


def _keys_dir(session) -> Any:  # noqa: ANN001
    """The data folder's keys folder of the database ``session`` is bound to (trusted issuer keys)."""
    from pathlib import Path

    db = session.get_bind().url.database
    return Path(db).parent / "keys" if db else None


def held_lists(session, pack_lists: list[dict] | None = None, *, trusted: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    """Issuer → (newest valid list, when this PC received it) among the lists synced and those the
    installed packs carry (``pack_lists``)."""
    from sqlalchemy import select

    from cc2desktop.core.certification.models import RevocationListRow

    out: dict[str, tuple[RevocationList, str | None, str]] = {}
    for row in session.scalars(select(RevocationListRow)):
        try:
            out[row.issuer] = (check_list(json.loads(row.body), trusted), row.received_at, row.source)
        except (RevocationError, ValueError):
            continue
    for doc in pack_lists or []:
        try:
            rl = check_list(doc, trusted)
        except RevocationError:
            continue
        cur = out.get(rl.issuer)
        if cur is None or _dt(cur[0].issued_at) < _dt(rl.issued_at):
            out[rl.issuer] = (rl, None, "pack")
    return out
