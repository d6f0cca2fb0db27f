"""A centre's hub and its upstream, the central server (docs/sync-protocol.md, "Three tiers").

- :func:`enrol`: once, with a centre enrolment code from the central server (``cc2desktop server
  upstream URL --code CODE``): the hub's own id and token there, the central server's key pinned.
- :class:`Relay`: one round (``cc2desktop server relay``): push up every event of this hub's PCs not
  yet acknowledged (with the PCs, learner profiles and links the central server does not have yet),
  then pull down what concerns this centre's learners from elsewhere (their events, certificates,
  profile changes…) and serve it to the PCs as the central server would.
- :class:`Relayer`: ``serve`` runs rounds in a background thread (interval ± jitter; after a
  failure, capped exponential backoff with full jitter); a cut at any moment resumes at the next round.

Exactly once: the hub's cursor (the last event position sent up) and what it records as sent move
only in the transaction that follows the central server's acknowledgement, and the central server
stores each event once by its identity: a page sent again after a lost reply stores nothing twice.
Everything that came down moves the down cursor in the transaction that stores it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.errors import CCError, NotFoundError, PermissionDeniedError, ValidationError
from cc2desktop.core.sync import protocol as P
from cc2desktop.server import db as sdb
from cc2desktop.server.hub import Hub, RateLimitedError, add_item
from cc2desktop.server.models import (
    Device, DeviceLearner, Item, RelayBackfill, RelaySent, RelayUpstream, ServerBroadcast, ServerEvent, ServerLearner,
)
from cc2desktop.server.relay import central, wire
from cc2desktop.server.relay.errors import UpstreamUnavailable

log = logging.getLogger(__name__)

PAGE_EVENTS = 10000                # events per page up (the central server takes up to 20,000)
PAGE_BYTES = 8 * 1024 * 1024       # payload text per page up, before compression
FIRST_PAGE_PART = 4                # a round's first page: a quarter of a page
GZIP_LEVEL = 5                     # pages up: 37 bytes/event at level 5 (36.6 at 6, in 2/3 of its time)
DOWN_LIMIT = 5000
INTERVAL = 60.0                    # seconds between rounds when all is well
MIN_RETRY, MAX_RETRY = 5.0, 900.0  # after failures: capped exponential backoff, full jitter


class UpstreamError(CCError):
    code = "upstream"


def _h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def profile_hash(p: dict) -> str:
    return _h(json.dumps([p.get(k) for k in P.PROFILE_FIELDS], ensure_ascii=False))


def _row(hub: Hub) -> RelayUpstream | None:
    with hub.ReadSession() as s:
        return s.get(RelayUpstream, 1)


def upstream_of(hub: Hub) -> dict | None:
    """This hub's upstream (url, centre id, cursors, last round…) as plain data, or None."""
    row = _row(hub)
    if row is None:
        return None
    out = {c.name: getattr(row, c.name) for c in RelayUpstream.__table__.columns if c.name != "token"}
    out["last_round"] = json.loads(row.last_round) if row.last_round else None
    out["issuers"] = json.loads(row.issuers) if row.issuers else None
    return out


def attach(hub: Hub) -> bool:
    """Make an opened hub a centre's hub when it has an upstream: a learner code it does not know is
    checked at the central server. Returns whether it has one."""
    if _row(hub) is None:
        return False
    hub.claim_upstream = lambda device_id, code, pin: forward_claim(hub, device_id, code, pin)
    return True


def answer_keys_in(courses_dir: Path) -> list[Path]:
    from cc2desktop.core.packs.exam_key import SUFFIX

    return sorted(Path(courses_dir).glob(f"*{SUFFIX}")) if Path(courses_dir).is_dir() else []


def refuse_grading_keys(hub: Hub, courses_dir: str | Path | None, issuer_key: str | Path | None,
                        data_dir: Path) -> None:
    """A centre's hub never grades: it refuses to start with an exam answer key in its courses
    folder or a certificate-signing key given to it (they belong on the central server only)."""
    row = _row(hub)
    where = row.url if row is not None else "the central server"
    keys = answer_keys_in(Path(courses_dir) if courses_dir else data_dir / "courses")
    if keys:
        raise UpstreamError(f"this hub relays to {where} and never grades: remove the exam answer key "
                            f"{keys[0]} (answer keys belong on the central server only)", code="answer_key_on_hub")
    if issuer_key:
        raise UpstreamError(f"this hub relays to {where} and never signs certificates: do not give it --key "
                            "(the central server signs them)", code="issuer_key_on_hub")


def refuse_to_become_hub(hub: Hub, courses_dir: str | Path | None, data_dir: Path) -> None:
    """Before a running server is enrolled as a centre's hub (from its admin page): it must not be
    the central server (centres relay to it) nor hold an exam answer key."""
    if any(c["revoked_at"] is None for c in central.centre_stats(hub)):
        raise UpstreamError("centres relay to this server: it is the central server, not a centre's hub",
                            code="is_central")
    refuse_grading_keys(hub, courses_dir, None, data_dir)


def stop_grading(hub: Hub) -> None:
    """A server just enrolled as a centre's hub grades no more exam claims (the central server does)."""
    certifier = getattr(hub, "certifier", None)
    if certifier is not None:
        hub.event_hooks[:] = [h for h in hub.event_hooks if h is not certifier]
        hub.certifier = None


def _transport(url: str, token: str | None, *, retries: int = 2, timeout: tuple[float, float] = (5.0, 60.0),
               cancel: Any = None):  # noqa: ANN202
    from cc2desktop.core.sync.client import Transport

    t = Transport(url, token, retries=retries, backoff=0.5, max_backoff=10.0, timeout=timeout, cancel=cancel)
    t.fast_link = False  # the hub ↔ central leg is the internet's: the smallest body
    return t


def enrol(hub: Hub, url: str, code: str, name: str | None = None) -> dict:
    """Enrol this hub with the central server at ``url`` (a centre enrolment code). Enrolling
    again with the same server gives a fresh token; another server is refused."""
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValidationError(f"{url!r} is not an http(s) address", code="bad_url")
    row = _row(hub)
    if row is not None and row.url != url:
        raise ValidationError(f"this hub already relays to {row.url}", code="upstream_exists")
    centre_id = row.centre_id if row is not None else new_id()
    t = _transport(url, None)
    try:
        out = t.call("POST", "/relay/enrol", json_body={"code": code, "centre_id": centre_id,
                                                        "public_key": hub.server_public_key, "name": name or ""},
                     gzip_body=False)
    finally:
        t.close()
    key = out.get("server_public_key")
    if not isinstance(key, str) or not isinstance(out.get("token"), str):
        raise UpstreamError("the central server's reply was not an enrolment", code="bad_reply")
    if row is not None and row.server_key != key:
        raise UpstreamError("the server at this address has another key than the one this hub enrolled with",
                            code="upstream_key_changed")
    issuers = out.get("issuers")
    now = utcnow_iso()
    with hub.Session.begin() as s:
        r = s.get(RelayUpstream, 1)
        if r is None:
            r = RelayUpstream(id=1, url=url, centre_id=centre_id, token=out["token"], server_key=key,
                              enrolled_at=now, up_pos=0, down_cursor="0.0", failures=0, sent_total=0,
                              received_total=0)
            s.add(r)
        r.token = out["token"]
        r.origin_key = out.get("origin_key") if isinstance(out.get("origin_key"), str) else key
        if central.check_issuer_statement(issuers, key):
            r.issuers = json.dumps(issuers)
        r.last_error = r.last_error_code = None
    origin = r.origin_key if isinstance(out.get("origin_key"), str) else None
    if origin:
        hub.set_broadcast_origin(origin)  # serve the central server's broadcast items, never publish
    attach(hub)
    return {"url": url, "centre_id": centre_id, "server_public_key": key,
            "issuer_keys": central.check_issuer_statement(issuers, key)}


# --- claims of learners the hub does not know ----------------------------------------------------

_CLAIM_ERRORS = {"wrong_pin": PermissionDeniedError, "unknown_learner_code": NotFoundError,
                 "pin_locked": RateLimitedError, "rate_limited": RateLimitedError}


def forward_claim(hub: Hub, device_id: str, code: str, pin: str) -> dict:
    """Ask the central server (the PIN over its TLS link, never stored here); on success the
    learner is registered here, linked to the PC, and her history comes down at the next round."""
    row = _row(hub)
    if row is None:
        raise NotFoundError("no learner has this code on the server", code="unknown_learner_code")
    with hub.ReadSession() as s:
        dev = s.get(Device, device_id)
        device = [dev.id, dev.public_key, dev.name] if dev is not None else None
    if device is None:
        raise PermissionDeniedError("unknown device", code="unauthorized")
    from cc2desktop.core.sync.client import SyncError

    t = _transport(row.url, row.token, retries=1, timeout=(5.0, 20.0))
    try:
        p = t.call("POST", "/relay/claim", json_body={"code": code, "pin": pin, "device": device}, idempotent=False)
    except SyncError as exc:
        cls = _CLAIM_ERRORS.get(exc.code)
        if cls is not None:
            raise cls(exc.message, code=exc.code) from None
        raise UpstreamUnavailable("the central server could not be reached to check this account; "
                                  "try again later") from None
    finally:
        t.close()
    profile = P.clean_profile(p)
    now = utcnow_iso()
    with hub.Session.begin() as s:
        _upsert_learner(s, profile, str(p.get("origin_device") or device_id), now, respect_pending=False)
        if s.get(DeviceLearner, (device_id, profile["id"])) is None:
            s.add(DeviceLearner(device_id=device_id, learner_id=profile["id"], linked_at=now))
        for kind, key, h in (("device", device_id, _device_hash(device)),
                             ("link", f"{device_id}:{profile['id']}", "1")):
            s.merge(RelaySent(kind=kind, key=key, hash=h))
        if s.get(RelayBackfill, profile["id"]) is None:
            s.add(RelayBackfill(learner_id=profile["id"], cursor="0.0"))
    relayer = getattr(hub, "relayer", None)
    if relayer is not None:
        relayer.wake()  # bring her history down now
    return {k: profile.get(k) for k in P.PROFILE_FIELDS}


def _device_hash(d: list) -> str:
    return _h(json.dumps(d))


def _upsert_learner(s: Any, p: dict, origin_device: str, rx: str, *, respect_pending: bool = True) -> bool:
    """A learner profile from the central server: registered when new; applied when it differs and
    this hub holds no change of its own not yet sent up (that one goes up next and wins). Returns
    whether the hub's row changed (its PCs then get a ``profile`` item)."""
    row = s.get(ServerLearner, p["id"])
    h = profile_hash(p)
    sent = s.get(RelaySent, ("learner", p["id"]))
    if row is None:
        if p.get("code") and s.scalar(select(ServerLearner.id).where(ServerLearner.code == p["code"])):
            p = {**p, "code": None}
        s.add(ServerLearner(**{k: p.get(k) for k in P.PROFILE_FIELDS}, origin_device=origin_device, received_at=rx,
                            claim_failures=0))
        s.merge(RelaySent(kind="learner", key=p["id"], hash=h))
        s.flush()
        return False
    current = {k: getattr(row, k) for k in P.PROFILE_FIELDS}
    if respect_pending and sent is not None and sent.hash != profile_hash(current):
        return False  # a change made here is on its way up: it will win
    changed = False
    for k in P.PROFILE_MUTABLE:
        if p.get(k) is not None and getattr(row, k) != p[k]:
            setattr(row, k, p[k])
            changed = True
    if p.get("code") and not row.code:
        row.code = p["code"]
    s.merge(RelaySent(kind="learner", key=p["id"], hash=profile_hash({k: getattr(row, k) for k in P.PROFILE_FIELDS})))
    s.flush()
    return changed


# --- one round -------------------------------------------------------------------------------------

@dataclass
class RoundReport:
    sent: int = 0             # events acknowledged by the central server
    stored: int = 0           # of which new to it
    refused: int = 0          # refused there (kept in its rejections)
    devices: int = 0          # PCs, learner profiles and links sent up
    learners: int = 0
    links: int = 0
    received: int = 0         # events that came down
    items: int = 0            # items that came down (certificates, profile changes…)
    profiles: int = 0         # learners whose profile changed here from above
    backfilled: int = 0       # events of learners who claimed their account here
    broadcast: int = 0        # broadcast items (forum, announcements…) that came down
    pages_up: int = 0
    pages_down: int = 0
    backlog_up: int = 0       # events still to send up after the round
    backlog_down: int = 0     # what the central server still holds for this centre
    bytes_up: int = 0
    bytes_down: int = 0
    seconds: float = 0.0
    more: bool = False        # the round stopped at its page limit: more to do
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Known:
    """A round's view of what the hub has sent up and of its PCs and learners (:meth:`Relay._known`)."""
    sent: dict[tuple[str, str], str]
    devices: dict[str, list]
    links: list[tuple[str, str]]
    learners: dict[str, Any]


class Relay:
    """One round with the central server (push up, pull down, back-fills)."""

    def __init__(self, hub: Hub, *, page_events: int = PAGE_EVENTS, down_limit: int = DOWN_LIMIT,
                 max_pages: int | None = None, cancel: Any = None, retries: int = 2) -> None:
        self.hub = hub
        self.page_events, self.down_limit = page_events, down_limit
        self.max_pages = max_pages
        self.cancel = cancel or threading.Event()
        self.retries = retries
        self.report = RoundReport()
        self._profile_hashes: dict[tuple, str] = {}
        self._snapshot: _Known | None = None

    def round(self) -> RoundReport:
        row = _row(self.hub)
        if row is None:
            raise UpstreamError("this hub has no upstream (cc2desktop server upstream URL --code CODE)",
                                code="no_upstream")
        started = time.monotonic()
        self._note(last_attempt_at=utcnow_iso())
        t = _transport(row.url, row.token, retries=self.retries, cancel=self.cancel)
        try:
            self.push_up(t)
            self.pull_down(t)
            self.backfill(t)
            self.pull_broadcast(t)
        except CCError as exc:
            self._failed(exc)
            raise
        except Exception as exc:
            self._failed(CCError(f"{type(exc).__name__}: {exc}", code="relay_error"))
            raise
        finally:
            self.report.bytes_up += t.report.bytes_sent
            self.report.bytes_down += t.report.bytes_received
            t.close()
        self.report.seconds = round(time.monotonic() - started, 3)
        self.report.backlog_up = backlog_up(self.hub)
        self.report.more = self.report.more or self.report.backlog_up > 0
        with self.hub.Session.begin() as s:
            r = s.get(RelayUpstream, 1)
            r.last_success_at, r.last_error, r.last_error_code, r.failures = utcnow_iso(), None, None, 0
            rep = self.report
            if rep.sent or rep.received or rep.items or rep.learners or rep.devices or rep.backfilled or rep.broadcast:
                r.last_round = json.dumps(rep.to_dict())  # the last round that moved something
        return self.report

    def _note(self, **values: Any) -> None:
        with self.hub.Session.begin() as s:
            r = s.get(RelayUpstream, 1)
            for k, v in values.items():
                setattr(r, k, v)

    def _failed(self, exc: CCError) -> None:
        self.report.errors.append(exc.code)
        try:
            with self.hub.Session.begin() as s:
                r = s.get(RelayUpstream, 1)
                r.last_error, r.last_error_code = exc.message[:500], exc.code
                r.failures = (r.failures or 0) + 1
                r.last_round = json.dumps(self.report.to_dict())
        except Exception:  # noqa: BLE001 - the database itself may be what failed
            log.exception("could not record the relay's failure")

    def _pages_left(self, done: int) -> bool:
        if self.cancel.is_set():
            from cc2desktop.core.sync.client import Cancelled

            raise Cancelled("relay cancelled")
        return self.max_pages is None or done < self.max_pages

    # up -----------------------------------------------------------------------------------------
    def next_page(self, after: int | None = None, pending: list[tuple[str, str, str]] | None = None,
                  *, exact: bool | None = None, limit: int | None = None
                  ) -> tuple[dict, int, list[tuple[str, str, str]]] | None:
        """(page body, highest event position in it, what it records as sent) or None when nothing
        is left to send. ``after``: the events after this position (default: the cursor);
        ``pending``: what the page still on its way carries (not sent again: this page is sent
        only once that one is acknowledged). ``exact``: see :func:`wire.encode_columns`. ``limit``:
        events in the page (default: the relay's page size)."""
        with self.hub.ReadSession() as s:
            r = s.get(RelayUpstream, 1)
            up = r.up_pos if after is None else after
            conn = s.connection()
            local = select(Device.id).where(Device.role.is_(None), Device.via.is_(None))
            ev = ServerEvent
            # ``device_id || ''``: walk the log by position from the cursor (the index on device_id
            # would have SQLite read every event of the PCs and sort them, for every page)
            rows = conn.execute(select(ev.pos, ev.id, ev.learner_id, ev.device_id, ev.seq, ev.type, ev.course_id,
                                       ev.payload, ev.created_at).where(ev.pos > up, (ev.device_id + "").in_(local))
                                .order_by(ev.pos).limit(limit or self.page_events)).all()
            # at most PAGE_BYTES of payload text (at least one event)
            sizes = list(accumulate(len(p) + 80 for p in map(itemgetter(7), rows)))
            rows = rows[:max(1, bisect_right(sizes, PAGE_BYTES))]
            known = self._known(s, rows)
        sent = dict(known.sent)
        sent.update(((k, key), h) for k, key, h in pending or ())
        devices, links, learners = known.devices, known.links, known.learners
        record: list[tuple[str, str, str]] = []
        # learner profiles new to the central server or changed here (by one of this centre's PCs)
        linked_dev: dict[str, str] = {}
        for d, lid in links:
            linked_dev.setdefault(lid, d)
        lp = []
        hashes = self._profile_hashes
        for lid, lr in learners.items():
            values = tuple(lr)
            h = hashes.get(values)  # each page of a round reads every profile: each hashed once
            if h is None:
                h = hashes[values] = profile_hash({k: getattr(lr, k) for k in P.PROFILE_FIELDS})
            if sent.get(("learner", lid)) != h:
                p = {k: getattr(lr, k) for k in P.PROFILE_FIELDS}
                dev = lr.origin_device if lr.origin_device in devices else linked_dev.get(lid)
                if dev is not None:
                    lp.append([dev, p])
                    record.append(("learner", lid, h))
        lk = [[d, lid] for d, lid in links if ("link", f"{d}:{lid}") not in sent]
        record += [("link", f"{d}:{lid}", "1") for d, lid in lk]
        by_dev: dict[str, list] = {}
        for r in rows:
            by_dev.setdefault(r[3], []).append(r[1:])
        need = {d for d, _ in lk} | {x[0] for x in lp} | set(by_dev)
        dev = []
        for d in sorted(need):
            h = _device_hash(devices[d])
            if sent.get(("device", d)) != h:
                dev.append(devices[d])
                record.append(("device", d, h))
        if not rows and not dev and not lp and not lk:
            return None
        groups = [P.batch_columns(d, sorted(evs, key=itemgetter(3))) for d, evs in by_dev.items()]
        body = {"upto": rows[-1].pos if rows else up, "dev": dev, "lp": lp, "lk": lk,
                "ev": wire.encode_columns(groups, exact=exact) if groups else None}
        return body, (rows[-1].pos if rows else up), record

    def _known(self, s: Any, rows: list) -> _Known:
        """What the hub has sent up (devices, profiles, links: their hashes), its PCs, their links
        and its learners' profiles, as plain rows. Read once per round (every page read them all
        again before: ~15 ms a page) and again when a page holds an event of a PC or a learner
        registered since; what the central server acknowledges is added as it does. A profile or
        link that changes during the round goes up at the next one."""
        known = self._snapshot
        if known is not None and all(r[3] in known.devices and r[2] in known.learners for r in rows):
            return known
        conn = s.connection()
        local = select(Device.id).where(Device.role.is_(None), Device.via.is_(None))
        cols = [getattr(ServerLearner, k) for k in P.PROFILE_FIELDS] + [ServerLearner.origin_device]
        known = self._snapshot = _Known(
            sent={(k, key): h for k, key, h in conn.execute(select(RelaySent.kind, RelaySent.key, RelaySent.hash))},
            devices={d: [d, key, name] for d, key, name in conn.execute(select(
                Device.id, Device.public_key, Device.name).where(Device.role.is_(None), Device.via.is_(None)))},
            links=[(d, lid) for d, lid in conn.execute(select(DeviceLearner.device_id, DeviceLearner.learner_id)
                                                       .where(DeviceLearner.device_id.in_(local)))],
            learners={lr.id: lr for lr in s.execute(select(*cols))})
        return known

    def _prepared(self, after: int | None, pending: list[tuple[str, str, str]] | None = None,
                  limit: int | None = None) -> tuple[bytes, int, int, list[tuple[str, str, str]]] | None:
        """The next page ready to send: gzip'd body, its event count, its last position, what it
        records as sent (prepared in a thread while the previous page is on its way)."""
        page = self.next_page(after, pending, exact=False, limit=limit)
        if page is None:
            return None
        body, upto, record = page
        ev = body.pop("ev")
        ev_data = wire.dumps(ev) if ev else b"null"
        if ev and b"e+" in ev_data:
            # a float of 1e16 or more in a payload: maybe an integer beyond 64 bits that orjson read
            # as a float (rare): the payloads are read again exactly
            again = self.next_page(after, pending, exact=True, limit=limit)
            assert again is not None
            ev = again[0]["ev"]
            ev_data = wire.dumps(ev)
        head = wire.dumps({**body, "ev": None})  # the events' columns spliced in as they are
        if not head.endswith(b',"ev":null}'):
            raise AssertionError("relay page: unexpected serialisation")
        n = len(ev["p"]) if ev else 0
        return P.gz(head[:-5] + ev_data + b"}", level=GZIP_LEVEL), n, upto, record

    def push_up(self, t: Any) -> None:
        from concurrent.futures import ThreadPoolExecutor

        pages = 0
        # a round without a page limit starts with a smaller page: the central server starts
        # storing sooner, while the next (full) page is being read and compressed here
        size = self.page_events if self.max_pages is not None else max(1, self.page_events // FIRST_PAGE_PART)
        with ThreadPoolExecutor(1, thread_name_prefix="cc2-relay-page") as pool:
            nxt = pool.submit(self._prepared, None, None, size)
            while self._pages_left(pages):
                page = nxt.result()
                if page is None:
                    return
                gzipped, n, upto, record = page
                # after a full page, the next one is read and compressed while the central server
                # stores this one (without the PCs, profiles and links this one carries: it is sent
                # only after this one is acknowledged)
                ahead = n >= size
                size = self.page_events
                if ahead:
                    nxt = pool.submit(self._prepared, upto, record, size)
                out = t.call("POST", "/relay/push", gzipped=gzipped)
                self._acknowledged(out, n, upto, record)
                pages += 1
                if not ahead:
                    nxt = pool.submit(self._prepared, None, None, size)
            nxt.cancel()

    def _acknowledged(self, out: dict, n: int, upto: int, record: list[tuple[str, str, str]]) -> None:
        acked = int(out.get("acked") or 0)
        refused = int(out.get("refused") or 0)
        if acked + refused < n:
            raise UpstreamError("the central server acknowledged less than it was sent", code="bad_reply")
        if refused:
            log.warning("the central server refused %d event(s) of this centre: %s", refused,
                        ", ".join(sorted({str(r.get("reason")) for r in out.get("rejected", [])})))
        with self.hub.Session.begin() as s:
            r = s.get(RelayUpstream, 1)
            r.up_pos = max(r.up_pos, upto)
            r.sent_total = (r.sent_total or 0) + acked
            _record_sent(s, record)
        known = self._snapshot
        if known is not None:
            known.sent.update(((k, key), h) for k, key, h in record)
        rep = self.report
        rep.pages_up += 1
        rep.sent += acked
        rep.stored += int(out.get("stored") or 0)
        rep.refused += refused
        rep.devices += sum(1 for k, _, _ in record if k == "device")
        rep.learners += sum(1 for k, _, _ in record if k == "learner")
        rep.links += sum(1 for k, _, _ in record if k == "link")

    # down ---------------------------------------------------------------------------------------
    def pull_down(self, t: Any) -> None:
        pages = 0
        while self._pages_left(pages):
            with self.hub.ReadSession() as s:
                cursor = s.get(RelayUpstream, 1).down_cursor
            out = t.call("GET", "/relay/pull", params={"cursor": cursor, "limit": self.down_limit})
            self.apply_down(out)
            pages += 1
            self.report.pages_down += 1
            self.report.backlog_down = int(out.get("backlog") or 0)
            self.report.more = bool(out.get("more"))
            if not out.get("more"):
                return

    def backfill(self, t: Any) -> None:
        with self.hub.ReadSession() as s:
            todo = [(b.learner_id, b.cursor) for b in s.scalars(select(RelayBackfill))]
        for lid, cursor in todo:
            pages = 0
            while self._pages_left(pages):
                out = t.call("GET", "/relay/pull", params={"cursor": cursor, "limit": self.down_limit, "learner": lid})
                self.report.backfilled += self.apply_down(out, backfill=lid)
                cursor = out["cursor"]
                pages += 1
                self.report.more = self.report.more or bool(out.get("more"))
                if not out.get("more"):
                    with self.hub.Session.begin() as s:
                        s.execute(delete(RelayBackfill).where(RelayBackfill.learner_id == lid))
                    break

    def pull_broadcast(self, t: Any) -> None:
        """The central server's broadcast items, stored as they are (checked against its key)."""
        if self.hub.broadcast_key == self.hub.server_public_key:
            return  # enrolled before the central server named its broadcast origin
        pages = 0
        while self._pages_left(pages):
            with self.hub.ReadSession() as s:
                held = dict(s.execute(select(ServerBroadcast.scope, func.max(ServerBroadcast.n))
                                      .group_by(ServerBroadcast.scope)).all())
            out = t.call("POST", "/relay/broadcast", json_body={"scopes": held, "limit": self.down_limit})
            try:
                self.report.broadcast += self.hub.store_broadcast(out)
            except CCError as exc:
                raise UpstreamError(f"the central server's broadcast page was refused ({exc.message})",
                                    code="bad_broadcast") from None
            pages += 1
            if not out.get("more"):
                return
        self.report.more = True  # stopped at the page limit

    def apply_down(self, out: dict, *, backfill: str | None = None) -> int:
        """Store one page from above in one transaction, with the cursor it moves (idempotent)."""
        try:
            batches = wire.decode(out["ev"]) if out.get("ev") is not None else []
            decoded = []
            for b in batches:
                rows = P.decode_rows(b, utcnow_iso())
                times = P.received_times(b)
                decoded.extend(r[:8] + (t or r[8], r[9]) for r, t in zip(rows, times))
            profiles = [(P.clean_profile(p), str(p.get("origin_device") or "")) for p in out.get("learners", [])]
            items = out.get("items") or []
            cursor = str(out["cursor"])
            parse_ok = central.parse_cursor(cursor)
        except (CCError, KeyError, TypeError, ValueError) as exc:
            raise UpstreamError(f"the central server's page was malformed ({exc})", code="bad_reply") from None
        now = utcnow_iso()
        n = 0
        with self.hub.Session.begin() as s:
            for p, origin in profiles:
                if _upsert_learner(s, p, origin or "central", now):
                    self.report.profiles += 1
                    add_item(s, "profile", {**p, "updated_at": now, "by": "central"}, learner_id=p["id"])
            if decoded:
                n = _insert_events(s, decoded)
            for it in items:
                if not (isinstance(it, dict) and isinstance(it.get("pos"), int) and isinstance(it.get("kind"), str)):
                    continue
                if it["kind"] == "profile":
                    try:
                        p = P.clean_profile(it.get("body"))
                    except CCError:
                        continue
                    if s.get(ServerLearner, p["id"]) is None or not _upsert_learner(s, p, "central", now):
                        continue  # nothing changed here, or a change of this centre's on its way up
                    self.report.profiles += 1
                if _insert_item(s, it):
                    self.report.items += 1
            r = s.get(RelayUpstream, 1)
            if backfill is not None:
                b = s.get(RelayBackfill, backfill)
                if b is not None:
                    b.cursor = cursor
            else:
                r.down_cursor = _max_cursor(r.down_cursor, parse_ok)
                issuers = out.get("issuers")
                if issuers and central.check_issuer_statement(issuers, r.server_key):
                    r.issuers = json.dumps(issuers)
            r.received_total = (r.received_total or 0) + n
        if backfill is None:
            self.report.received += n
        return n


def _record_sent(s: Any, record: list[tuple[str, str, str]]) -> None:
    """What the central server acknowledged (devices, learner profiles, links), in one statement."""
    if not record:
        return
    rows = list({(k, key): {"kind": k, "key": key, "hash": h} for k, key, h in record}.values())
    conn = s.connection()
    stmt = sdb.insert(conn)(RelaySent.__table__)
    conn.execute(stmt.on_conflict_do_update(index_elements=["kind", "key"], set_={"hash": stmt.excluded.hash}), rows)


def _max_cursor(held: str | None, new: tuple[int, int]) -> str:
    a, b = central.parse_cursor(held)
    return f"{max(a, new[0])}.{max(b, new[1])}"


def _insert_events(s: Any, rows: list[tuple]) -> int:
    """Events from above, each stored once (one already here is skipped); returns how many were new."""
    conn = s.connection()
    stmt = sdb.insert(conn)(ServerEvent.__table__).on_conflict_do_nothing()
    cols = ("id", "learner_id", "device_id", "seq", "type", "course_id", "payload", "created_at", "received_at",
            "body_hash")
    res = conn.execute(stmt, [dict(zip(cols, r)) for r in rows])
    return max(int(res.rowcount or 0), 0)


def _insert_item(s: Any, it: dict) -> bool:
    if s.scalar(select(Item.pos).where(Item.origin_pos == it["pos"])) is not None:
        return False
    body = it.get("body")
    s.add(Item(kind=it["kind"][:64], learner_id=it.get("learner_id"), device_id=it.get("device_id"),
               body=body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, separators=(",", ":")),
               created_at=str(it.get("created_at") or utcnow_iso())[:32], origin_pos=it["pos"]))
    s.flush()
    return True


def backlog_up(hub: Hub) -> int:
    """Events of this hub's PCs not yet acknowledged by the central server."""
    with hub.ReadSession() as s:
        r = s.get(RelayUpstream, 1)
        if r is None:
            return 0
        local = select(Device.id).where(Device.role.is_(None), Device.via.is_(None))
        return int(s.scalar(select(func.count()).select_from(ServerEvent).where(
            ServerEvent.pos > r.up_pos, (ServerEvent.device_id + "").in_(local))) or 0)  # by position: see next_page


# --- in the background -----------------------------------------------------------------------------

class Relayer:
    """Rounds in a background thread while ``serve`` runs: every ``interval`` seconds (± 20 %),
    sooner when woken (a claim forwarded), after a failure with capped exponential backoff and full
    jitter. Never blocks serving the PCs: each round's writes are short transactions."""

    def __init__(self, hub: Hub, *, interval: float = INTERVAL, min_retry: float = MIN_RETRY,
                 max_retry: float = MAX_RETRY, **relay_kw: Any) -> None:
        self.hub = hub
        self.interval, self.min_retry, self.max_retry = interval, min_retry, max_retry
        self.relay_kw = relay_kw
        self.failures = 0
        self.rounds = 0
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        hub.relayer = self

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="cc2-relay", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._cancel.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    def next_delay(self) -> float:
        import random

        if self.failures == 0:
            return self.interval * random.uniform(0.8, 1.2)
        cap = min(self.max_retry, self.min_retry * 2 ** min(self.failures - 1, 16))
        return random.uniform(self.min_retry / 2, max(self.min_retry, cap))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                rep = Relay(self.hub, cancel=self._cancel, **self.relay_kw).round()
                self.failures = 0
                if rep.sent or rep.received or rep.items:
                    log.info("relay: %d event(s) up, %d down, %d item(s)", rep.sent, rep.received, rep.items)
                more = rep.more
            except CCError as exc:
                self.failures += 1
                more = False
                if not self._stop.is_set():
                    log.warning("relay to the central server failed (%s): %s", exc.code, exc.message)
            except Exception:  # noqa: BLE001 - a bug must not end the relay for the life of the server
                self.failures += 1
                more = False
                log.exception("relay round failed")
            self.rounds += 1
            if more:
                continue
            self._wake.wait(self.next_delay())
            self._wake.clear()
