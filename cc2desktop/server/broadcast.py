"""The server's side of the broadcast scope (docs/sync-protocol.md, "Broadcast scope"): publish an
item for every PC of a scope, serve pages from each PC's cursors, and store another origin's items
as they are (a centre's hub relaying the central server's). The chain and the page form are in
:mod:`cc2desktop.core.sync.broadcast`, shared with the PCs.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from cc2desktop.core import crypto
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.sync import broadcast as B
from cc2desktop.server.models import ServerBroadcast

_PUBLISH_LOCK = 80032602  # PostgreSQL advisory lock: one publisher at a time, so n commits in order


def _last(session: Session, scope: str) -> tuple[int, bytes]:
    row = session.execute(select(ServerBroadcast.n, ServerBroadcast.h).where(ServerBroadcast.scope == scope)
                          .order_by(ServerBroadcast.n.desc()).limit(1)).first()
    return (0, B.genesis(scope)) if row is None else (int(row.n), crypto.b64url_decode(row.h))


def lock(session: Session) -> None:
    """Serialise publishers until the transaction ends (taken again by :func:`publish`: harmless)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PUBLISH_LOCK})")
    # SQLite: the write transaction (BEGIN IMMEDIATE) already holds the database's one write lock


def publish(session: Session, key: Any, scope: str, kind: str, body: dict) -> B.BroadcastItem:
    """Add an item at the end of ``scope``'s chain, signed by ``key`` (inside the caller's write
    transaction: it becomes visible with the decision that made it)."""
    if not B.valid_scope(scope):
        raise B.BroadcastError(f"bad broadcast scope {scope!r}")
    if not isinstance(kind, str) or not B.KIND_RE.fullmatch(kind) or not isinstance(body, dict):
        raise B.BroadcastError(f"bad broadcast item kind {kind!r}")
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    if len(text) > B.MAX_BODY_BYTES:
        raise B.BroadcastError("broadcast item too large")
    lock(session)
    n, prev = _last(session, scope)
    item = B.BroadcastItem(scope, n + 1, kind, utcnow_iso(), json.loads(text))
    h = B.link(prev, item)
    session.add(ServerBroadcast(scope=scope, n=item.n, kind=kind, at=item.at, body=text, h=crypto.b64url(h),
                                sig=B.sign_head(key, scope, item.n, h)))
    session.flush()
    return item


def page(session: Session, scopes: dict[str, int], limit: int, *, key: str, full: bool = False,
         all_scopes: bool = False) -> dict:
    """``{"key", "scopes": {scope: part}, "more", "server_time"}``: the items after each cursor, at
    most ``limit`` in all, scopes in name order. ``all_scopes`` adds every scope this server holds
    (a relay); ``full`` gives every item's head and signature (a relay cuts its own pages)."""
    scopes = dict(scopes)
    if all_scopes:
        for (s,) in session.execute(select(distinct(ServerBroadcast.scope))):
            scopes.setdefault(s, 0)
    parts: dict[str, dict] = {}
    left, more = limit, False
    for scope in sorted(scopes):
        if left <= 0:
            more = True
            break
        rows = session.execute(select(ServerBroadcast).where(ServerBroadcast.scope == scope,
                                                             ServerBroadcast.n > scopes[scope])
                               .order_by(ServerBroadcast.n).limit(left + 1)).scalars().all()
        if len(rows) > left:
            rows, more = rows[:left], True
        if not rows:
            continue
        left -= len(rows)
        items = [B.BroadcastItem(r.scope, int(r.n), r.kind, r.at, json.loads(r.body)) for r in rows]
        parts[scope] = B.encode_part(items, rows[-1].sig, heads=[(r.h, r.sig) for r in rows] if full else None)
    return {"key": key, "scopes": parts, "more": more, "server_time": utcnow_iso()}


def store_relayed(session: Session, origin_key: str, reply: Any) -> int:
    """Store another origin's items from a ``full`` page (a hub relaying the central server's),
    each checked against the origin's signature of its head; returns how many were new. A part that
    does not chain on what is held, or whose signatures do not match, is refused whole."""
    if not isinstance(reply, dict) or reply.get("key") != origin_key or not isinstance(reply.get("scopes"), dict):
        raise B.BroadcastError("broadcast page is not from the expected origin")
    stored = 0
    for scope, part in reply["scopes"].items():
        if not B.valid_scope(scope):
            raise B.BroadcastError(f"bad broadcast scope {str(scope)[:60]!r}")
        items, sig, heads = B.decode_part(scope, part)
        if not items:
            continue
        if heads is None:
            raise B.BroadcastError("a relay needs every item's signed head (ask with full)")
        n, prev = _last(session, scope)
        if items[0].n > n + 1:
            raise B.BroadcastError(f"broadcast items of {scope} do not follow the ones held ({n})")
        if items[0].n <= n:  # overlap: chain from the head held before the first new one
            items, heads = [it for it in items if it.n > n], [hd for it, hd in zip(items, heads) if it.n > n]
            if not items:
                continue
        hs = B.verify_part(origin_key, scope, items, prev, sig if not heads else heads[-1][1])
        for it, h, (h_sent, sig_n) in zip(items, hs, heads):
            if crypto.b64url(h) != h_sent or not B.check_head(origin_key, scope, it.n, h, sig_n):
                raise B.BroadcastError(f"broadcast item {scope}#{it.n}: head or signature does not match")
            session.add(ServerBroadcast(scope=scope, n=it.n, kind=it.kind, at=it.at,
                                        body=json.dumps(it.body, ensure_ascii=False, separators=(",", ":")),
                                        h=h_sent, sig=sig_n))
            stored += 1
    session.flush()
    return stored
