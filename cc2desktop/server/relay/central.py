"""The central server's side of the three tiers: centres (a centre's hub enrolled as a device of
role ``centre``), the pages they push up (their PCs' devices, learners, links and events, stored
exactly once by the usual store), the pages they pull down (what concerns their learners, from
elsewhere) and the learner claims they forward. docs/sync-protocol.md, "Three tiers".

Every function takes the :class:`~cc2desktop.server.hub.Hub` of the central server.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from cc2desktop.core import crypto
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import PermissionDeniedError, ValidationError
from cc2desktop.core.sync import protocol as P
from cc2desktop.server import db as sdb
from cc2desktop.server.hub import PULL_LIMIT_MAX, Hub, commit_order_barrier, commit_order_shared, parse_cursor
from cc2desktop.server.models import Device, DeviceLearner, Item, Rejection, ServerEvent, ServerLearner
from cc2desktop.server.relay import wire

CENTRE = "centre"
ISSUERS_CONTEXT = b"cc2-issuer-keys\n"
MAX_PAGE = wire.MAX_EVENTS


def issuer_statement(hub: Hub) -> dict | None:
    """The central server's certificate issuer key(s), signed by its server key: a hub passes the
    statement on unchanged, so a PC that pinned the central server's key trusts certificates only
    from the issuer the central server names (docs/certification.md)."""
    certifier = getattr(hub, "certifier", None)
    if certifier is None:
        return None
    keys = [crypto.public_b64url(certifier.issuer_key)]
    return {"keys": keys, "origin": hub.server_public_key,
            "sig": crypto.b64url(hub.server_key.sign(ISSUERS_CONTEXT + crypto.canonicalize(keys)))}


def check_issuer_statement(stmt: Any, origin_key: str) -> list[str]:
    """The issuer keys of a statement signed by ``origin_key``; [] when it is not."""
    if not isinstance(stmt, dict) or not isinstance(stmt.get("keys"), list) or stmt.get("origin") != origin_key:
        return []
    keys = [k for k in stmt["keys"] if isinstance(k, str) and len(k) == 43]
    try:
        sig = crypto.b64url_decode(str(stmt.get("sig")))
    except (ValueError, TypeError):
        return []
    ok = crypto.verify(origin_key, sig, ISSUERS_CONTEXT + crypto.canonicalize(stmt["keys"]))
    return keys if ok else []


def enrol_centre(hub: Hub, code: str, centre_id: str, public_key: str, name: str | None, *,
                 client: str = "?") -> dict:
    """A centre's hub redeems an enrolment code made for a centre: its own token, the central
    server's keys and the issuer statement."""
    out = hub.enrol(code, centre_id, public_key, name, client=client, role=CENTRE)
    out["issuers"] = issuer_statement(hub)
    out["origin_key"] = hub.broadcast_key  # the origin of the broadcast items the centre relays
    return out


def broadcast_for_centre(hub: Hub, body: Any) -> dict:
    """Every broadcast scope's items after the centre's cursors, each with its signed head (the
    centre's hub stores them as they are and serves its PCs from them)."""
    if not isinstance(body, dict):
        raise ValidationError("broadcast wants an object with scopes", code="bad_request")
    limit = body.get("limit") if isinstance(body.get("limit"), int) else 5000
    return hub.broadcast_page(None, body.get("scopes") or {}, limit, full=True, all_scopes=True)


# --- up: a centre's page -------------------------------------------------------------------------

def _ensure_devices(s: Session, centre: str, devices: Any, rx: str) -> set[str]:
    """Register the PCs a centre relays (id, Ed25519 key, name); returns the ids it may relay.
    A PC known with another key is not the centre's to relay (its events are refused)."""
    if not isinstance(devices, list):
        raise ValidationError("relay page: devices must be a list", code="bad_batch")
    ok: set[str] = set()
    wanted: dict[str, tuple[str, str | None]] = {}
    for d in devices[:MAX_PAGE]:
        if not (isinstance(d, list) and len(d) == 3 and isinstance(d[0], str) and len(d[0]) == 36
                and isinstance(d[1], str) and len(d[1]) <= 64 and (d[2] is None or isinstance(d[2], str))):
            raise ValidationError("relay page: a device must be [id, key, name]", code="bad_batch")
        wanted[d[0]] = (d[1], (d[2] or "")[:120] or None)
    if not wanted:
        return ok
    known = {r.id: r for r in s.scalars(select(Device).where(Device.id.in_(list(wanted))))}
    new = [{"id": dev_id, "public_key": key, "name": name, "enrolled_at": rx, "last_seen_at": rx, "via": centre}
           for dev_id, (key, name) in wanted.items() if dev_id not in known]
    if new:
        # another centre may register the same PC at the same moment (its USB bundle imported
        # there too): the first one registers it, the other reads it as known
        conn = s.connection()
        res = conn.execute(sdb.insert(conn)(Device.__table__).on_conflict_do_nothing().returning(Device.id), new)
        ok.update(r[0] for r in res)
        others = [d["id"] for d in new if d["id"] not in ok]
        if others:
            known.update((r.id, r) for r in s.scalars(select(Device).where(Device.id.in_(others))))
    for dev_id, (key, _name) in wanted.items():
        row = known.get(dev_id)
        if row is None:
            continue
        if row.role is None and row.public_key == key and row.revoked_at is None:
            # a PC first known here directly now syncs with a centre's hub; a PC already relayed keeps
            # its first centre (its USB bundles may be imported at another one: both relay it)
            row.via = row.via or centre
            row.last_seen_at = rx
            ok.add(dev_id)
    s.flush()
    return ok


def _relayed(s: Session, ids: set[str]) -> set[str]:
    """Of these PCs, those a centre may relay: PCs relayed by a centre (this one, or another whose
    PC's bundle was imported here), not revoked."""
    if not ids:
        return set()
    return set(s.scalars(select(Device.id).where(Device.id.in_(list(ids)), Device.via.is_not(None),
                                                 Device.role.is_(None), Device.revoked_at.is_(None))))


def ingest_bytes(hub: Hub, centre: str, data: bytes) -> dict:
    """:func:`ingest` of a JSON request body (parsed again exactly if it holds numbers orjson rounds)."""
    try:
        page = P.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValidationError("body is not valid JSON", code="bad_json") from exc
    try:
        return ingest(hub, centre, page)
    except P.InexactNumbers:
        return ingest(hub, centre, P.loads(data, exact=True), exact=True)


def ingest(hub: Hub, centre: str, page: Any, *, exact: bool = False) -> dict:
    """Store a centre's page exactly once, in one transaction: ``{"dev": [[id, key, name]],
    "lp": [[device, profile]], "lk": [[device, learner]], "ev": columnar events, "upto": N}``.
    Returns ``{"upto", "stored", "acked", "rejected", "received_at"}``; a replayed page stores
    nothing again and is acknowledged the same."""
    if not isinstance(page, dict):
        raise ValidationError("relay page must be an object", code="bad_batch")
    rx = utcnow_iso()
    batches = wire.decode_columns(page["ev"]) if page.get("ev") is not None else []
    profiles = page.get("lp") or []
    links = page.get("lk") or []
    if not isinstance(profiles, list) or not isinstance(links, list):
        raise ValidationError("relay page: profiles and links must be lists", code="bad_batch")
    decoded: list[tuple[dict, list[tuple], list[dict]]] = []
    for b, cols in batches:
        refused: list[dict] = []
        rows = P.decode_columns(b, cols, rx, exact=exact, refused=refused)  # InexactNumbers: see ingest_bytes
        decoded.append((b, rows, refused))
    stored = acked = 0
    rejected: list[dict] = []
    with hub.Session.begin() as s:
        commit_order_shared(s)
        relayed = _ensure_devices(s, centre, page.get("dev") or [], rx)
        relayed |= _relayed(s, {b["d"] for b, _cols in batches if isinstance(b.get("d"), str)}
                            | {p[0] for p in profiles if isinstance(p, list) and p and isinstance(p[0], str)}
                            | {k[0] for k in links if isinstance(k, list) and k and isinstance(k[0], str)})
        _learners(hub, s, relayed, profiles, links, rx)
        for b, rows, refused in decoded:
            dev = b["d"]
            if dev not in relayed:
                rejected.extend({"id": r[0], "seq": r[3], "reason": "device_not_relayed"} for r in rows)
                continue
            # the PC's events as if it had pushed them itself: exactly once, hooks (grading) included
            _link_batch(s, dev, b["L"])
            out = hub.store_events(s, dev, rows, rx, b)
            stored += out["stored"]
            acked += sum(y - x + 1 for x, y in out["acked"])
            rejected.extend({**r, "device": dev} for r in refused + out["rejected"])
            if refused:
                s.add_all([Rejection(event_id=r["id"], device_id=dev, reason=r["reason"],
                                     body=json.dumps({"seq": r["seq"]}), received_at=rx) for r in refused])
        s.query(Device).filter(Device.id == centre).update({"last_seen_at": rx})
    return {"upto": page.get("upto"), "stored": stored, "acked": acked, "rejected": rejected[:1000],
            "refused": len(rejected), "received_at": rx}


def _link_batch(s: Session, dev: str, learners: list) -> None:
    """A relayed PC pushing a learner's events is linked to her (as when it pushes her profile)."""
    _link_pairs(s, [(dev, x) for x in learners if isinstance(x, str)])


def _link_pairs(s: Session, pairs: list[tuple[str, str]]) -> None:
    """Link each (PC, learner) not linked yet, for the learners the server knows: a few queries
    and one insert for the whole page, whatever its number of links."""
    want = set(pairs)
    if not want:
        return
    devs = sorted({d for d, _ in want})
    lids = sorted({x for _, x in want})
    have: set[tuple[str, str]] = set()
    exist: set[str] = set()
    for i in range(0, len(lids), 500):
        chunk = lids[i:i + 500]
        have.update(s.execute(select(DeviceLearner.device_id, DeviceLearner.learner_id).where(
            DeviceLearner.device_id.in_(devs), DeviceLearner.learner_id.in_(chunk))).tuples())
        exist.update(s.scalars(select(ServerLearner.id).where(ServerLearner.id.in_(chunk))))
    now = utcnow_iso()
    new = [{"device_id": d, "learner_id": x, "linked_at": now} for d, x in sorted(want - have) if x in exist]
    if new:
        s.connection().execute(DeviceLearner.__table__.insert(), new)


def _learners(hub: Hub, s: Session, relayed: set[str], profiles: list, links: list, rx: str) -> None:
    """Learner profiles (new ones registered, changes kept by last writer) and device links."""
    by_dev: dict[str, list[dict]] = defaultdict(list)
    for item in profiles[:MAX_PAGE]:
        if not (isinstance(item, list) and len(item) == 2 and item[0] in relayed):
            continue
        try:
            by_dev[item[0]].append(P.clean_profile(item[1]))
        except ValidationError:
            continue  # a malformed profile: that learner's events are refused as not linked
    # an existing learner: linked first, then her changes apply; a new one is registered and linked
    _link_pairs(s, [(dev, p["id"]) for dev, ps in by_dev.items() for p in ps])
    for dev, ps in by_dev.items():
        hub.apply_profiles(s, dev, ps, rx)
    # then the other links (a learner registered just above included)
    _link_pairs(s, [(k[0], k[1]) for k in links[:MAX_PAGE * 4]
                    if isinstance(k, list) and len(k) == 2 and k[0] in relayed and isinstance(k[1], str)])


# --- down: what concerns a centre ----------------------------------------------------------------

def down_page(hub: Hub, centre: str, cursor: str | None, limit: int = 5000, learner: str | None = None) -> dict:
    """Events of the centre's learners made elsewhere, after ``cursor`` ("E.I"), and items for them
    or for the centre's PCs (certificates, profile changes…), with the profiles of the learners
    concerned. ``learner``: one learner's whole history from elsewhere (she claimed her account at
    this centre). ``more`` says whether to ask again; ``backlog`` is what is left (capped)."""
    ec, ic = parse_cursor(cursor)
    limit = max(1, min(int(limit), MAX_PAGE))
    ev = ServerEvent
    with hub.Session() as s:
        commit_order_barrier(s)  # PostgreSQL: no position below the last one read is still uncommitted
        mine = select(Device.id).where(Device.via == centre)
        if learner is not None:
            ok = s.scalar(select(func.count()).select_from(DeviceLearner).where(
                DeviceLearner.learner_id == learner, DeviceLearner.device_id.in_(mine)))
            if not ok:
                raise PermissionDeniedError("this learner is not linked to this centre", code="learner_not_linked")
            learners_q: Any = select(ServerLearner.id).where(ServerLearner.id == learner)
        else:
            learners_q = select(DeviceLearner.learner_id).where(DeviceLearner.device_id.in_(mine))
        # a centre's page walks the log by position from its cursor (``learner_id || ''``: through
        # the learner index, the database would read every event of the centre's learners, its own
        # included, and sort them, at every round); one learner's history uses that index
        lcol: Any = ev.learner_id if learner is not None else ev.learner_id + ""
        cond = and_(ev.pos > ec, lcol.in_(learners_q), ev.device_id.not_in(mine))
        rows = s.execute(select(ev.pos, ev.id, ev.learner_id, ev.device_id, ev.seq, ev.type, ev.course_id,
                                ev.payload, ev.created_at, ev.received_at).where(cond)
                         .order_by(ev.pos).limit(limit)).all()
        items: list[dict] = []
        for_them = Item.learner_id.in_(learners_q)
        iq = select(Item).where(Item.pos > ic, for_them if learner is not None else for_them | Item.device_id.in_(mine))
        for it in s.scalars(iq.order_by(Item.pos).limit(limit)):
            items.append({"pos": it.pos, "kind": it.kind, "learner_id": it.learner_id, "device_id": it.device_id,
                          "body": json.loads(it.body), "created_at": it.created_at})
        lids = {r.learner_id for r in rows} | {i["learner_id"] for i in items if i["learner_id"]}
        profiles = [_full_profile(p) for p in s.scalars(select(ServerLearner).where(ServerLearner.id.in_(lids)))] \
            if lids else []
        new_ic = items[-1]["pos"] if items else ic
        if len(rows) == limit:
            new_ec = rows[-1].pos
            left = s.scalar(select(func.count()).select_from(
                select(ev.pos).where(and_(ev.pos > new_ec, lcol.in_(learners_q), ev.device_id.not_in(mine)))
                .limit(100_000).subquery())) or 0
        else:
            # nothing after the last event read concerns the centre: the cursor passes the whole log
            # read (no position below its end is still uncommitted: see commit_order_barrier), so the
            # next round does not read it again
            new_ec = max(ec, s.scalar(select(func.max(ev.pos))) or 0)
            left = 0
    by_dev: dict[str, list] = defaultdict(list)
    rx: dict[str, str] = {}
    for r in rows:
        by_dev[r.device_id].append((r.id, r.learner_id, r.device_id, r.seq, r.type, r.course_id, r.payload,
                                    r.created_at))
        rx[r.id] = r.received_at
    batches = []
    for d, evs in by_dev.items():
        evs.sort(key=lambda e: e[3])
        b = P.encode_batch(d, evs)
        b["r"] = P.run_lengths([rx[e[0]] for e in evs])
        batches.append(b)
    more = len(rows) == limit or len(items) == limit
    return {"ev": wire.encode(batches) if batches else None, "learners": profiles, "items": items,
            "cursor": f"{new_ec}.{new_ic}", "more": more, "backlog": int(left) + (len(items) if more else 0),
            "issuers": issuer_statement(hub), "server_time": utcnow_iso()}


def _full_profile(row: ServerLearner) -> dict:
    out = {k: getattr(row, k) for k in P.PROFILE_FIELDS}
    out["origin_device"] = row.origin_device
    return out


# --- learner accounts ----------------------------------------------------------------------------

def claim_for_centre(hub: Hub, centre: str, body: Any) -> dict:
    """"I already have an account" typed on a PC of a centre whose hub does not know the learner:
    the central server checks the PIN (same lockout), links her to that PC (relayed by the centre)
    and returns her profile; her history then comes down to the centre."""
    if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("code", "pin")) \
            or not isinstance(body.get("device"), list):
        raise ValidationError("claim needs code, pin and device", code="bad_request")
    rx = utcnow_iso()
    with hub.Session.begin() as s:
        ok = _ensure_devices(s, centre, [body["device"]], rx)
    if not ok:
        raise PermissionDeniedError("this PC is not one this centre may relay", code="device_not_relayed")
    dev_id = body["device"][0]
    profile = hub.claim(dev_id, body["code"], body["pin"], client=f"centre:{centre}")
    with hub.ReadSession() as s:
        row = s.get(ServerLearner, profile["id"])
        return _full_profile(row) if row is not None else profile


def centre_stats(hub: Hub) -> list[dict]:
    """Each centre: name, last seen, PCs relayed (for the central server's admin)."""
    with hub.ReadSession() as s:
        rows = s.scalars(select(Device).where(Device.role == CENTRE).order_by(Device.enrolled_at)).all()
        counts = dict(s.execute(select(Device.via, func.count()).where(Device.via.is_not(None))
                                .group_by(Device.via)).all())
        return [{"id": r.id, "name": r.name, "enrolled_at": r.enrolled_at, "last_seen_at": r.last_seen_at,
                 "revoked_at": r.revoked_at, "devices": int(counts.get(r.id, 0))} for r in rows]


def limit_of(value: Any) -> int:
    try:
        return max(1, min(int(value), MAX_PAGE, PULL_LIMIT_MAX * 4))
    except (TypeError, ValueError):
        return 1000
