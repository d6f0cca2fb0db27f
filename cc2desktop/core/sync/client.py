"""The device side of sync: enrol, push, pull, learner accounts, USB bundles, status.

Functions take a :class:`~cc2desktop.core.kit.Kit`; the GUI runs them in a worker (see
:class:`~cc2desktop.core.sync.service.SyncService`). Every HTTP request has a timeout; only
idempotent exchanges are retried (push is, by event id), with capped, jittered backoff.
Events are marked synced only when the server's acknowledgement has been received.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from cc2desktop.core import crypto, net
from cc2desktop.core import events as ev
from cc2desktop.core.changes import NONE, Changes
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.db.models import Event, Learner
from cc2desktop.core.errors import CCError, ValidationError
from cc2desktop.core.sync import protocol as P
from cc2desktop.core.sync.models import SyncBackfill, SyncItem, SyncLearnerSent, SyncState

MIN_BATCH, MAX_BATCH = 50, 10_000
#: 429 is a refusal (rate limit, e.g. too many enrolment attempts): said to the user, not retried
RETRY_STATUSES = frozenset({500, 502, 503, 504})
#: codes of a whole push refused for what one of its events holds (a server that refuses such an
#: event alone never answers them; an older one may): the batch is split until the event is found
BATCH_REFUSALS = frozenset({"too_large", "bad_event", "bad_batch"})


class SyncError(CCError):
    """A sync exchange failed; ``code`` says why in a word the UI can translate:
    ``offline``, ``timeout``, ``server_error``, ``unauthorized``, ``not_enrolled``, ``bad_reply``…"""

    code = "sync"


class Cancelled(SyncError):
    code = "cancelled"


@dataclass
class SyncReport:
    pushed: int = 0          # events acknowledged in this run
    rejected: int = 0        # events refused in this run
    pulled: int = 0          # events from other devices applied
    items: int = 0           # items (certificates, messages) received
    profiles: int = 0        # learner profiles added or changed here (names, PINs)
    requests: int = 0
    bytes_sent: int = 0      # request bodies, as on the wire (gzip'd)
    bytes_received: int = 0  # response bodies, as on the wire
    header_bytes: int = 0    # request and response lines and headers, both ways
    rejections: list[dict] = field(default_factory=list)
    broadcast: int = 0       # broadcast items received (forum, announcements, calls…)
    broadcast_refused: list[tuple[str, str]] = field(default_factory=list)  # (scope, reason)
    changes: Changes = NONE  # what the broadcast items' kinds changed here


def _row_id(packed: str) -> str:
    """The event id of a batch row (a damaged id as it is)."""
    try:
        return P.unpack_id(packed)
    except CCError:
        return str(packed)


# --- state --------------------------------------------------------------------------------------

def _state(s: Session) -> SyncState:
    st = s.get(SyncState, 1)
    if st is None:
        st = SyncState(id=1, batch_size=500)
        s.add(st)
        s.flush()
    return st


def status(kit) -> dict:  # noqa: ANN001
    """``{"pending", "synced", "last_sync", "last_error", "last_error_code", "enrolled", "server_url",
    "rejected", "rejected_reasons"}``: counts are events created on this device; ``pending`` are
    the ones still to send, ``rejected`` the ones refused and kept aside (quarantined: never sent
    again unless released, see :func:`release_refused`), by reason in ``rejected_reasons``."""
    with kit.session() as s:
        dev = ev.device_id(s)
        st = _state(s)
        counts = dict(s.execute(select(Event.synced, func.count()).where(Event.device_id == dev)
                                .group_by(Event.synced)).all())
        reasons = dict(s.connection().exec_driver_sql(
            "SELECT r.reason, COUNT(*) FROM sync_rejected r JOIN events e ON e.id = r.event_id "
            "WHERE e.synced = 0 GROUP BY r.reason").fetchall())
        refused = sum(reasons.values())
        return {"pending": int(counts.get(False, 0) or counts.get(0, 0)) - refused,
                "synced": int(counts.get(True, 0) or counts.get(1, 0)),
                "last_sync": st.last_sync, "last_error": st.last_error, "last_error_code": st.last_error_code,
                "enrolled": bool(st.token), "server_url": st.server_url,
                "rejected": refused, "rejected_reasons": reasons, "device_id": dev}


def refused_events(kit, *, with_payload: bool = False) -> list[dict]:  # noqa: ANN001
    """The events of this PC the server refused (or that could never be sent), kept aside with
    their reason, oldest first: ``{"id", "learner_id", "learner_name", "type", "course_id", "seq",
    "created_at", "size", "reason", "refused_at"}`` (and ``payload`` with ``with_payload``)."""
    with kit.session() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT e.id, e.learner_id, l.display_name, e.type, e.course_id, e.seq, e.created_at, "
            "length(CAST(e.payload AS BLOB)), r.reason, r.at, e.payload FROM sync_rejected r "
            "JOIN events e ON e.id = r.event_id LEFT JOIN learners l ON l.id = e.learner_id "
            "WHERE e.synced = 0 ORDER BY e.seq").fetchall()
    keys_ = ("id", "learner_id", "learner_name", "type", "course_id", "seq", "created_at", "size", "reason",
             "refused_at")
    out = []
    for r in rows:
        d = dict(zip(keys_, r[:10]))
        if with_payload:
            d["payload"] = json.loads(r[10])
        out.append(d)
    return out


def export_refused(kit, path: Path) -> Path:  # noqa: ANN001
    """Write the refused events, whole, with their reasons, to a JSON file a facilitator can send to
    the programme (written to a temporary name, then moved into place)."""
    with kit.session() as s:
        dev = ev.device_id(s)
    doc = {"kind": "cc2desktop-refused-events", "v": 1, "device_id": dev, "exported_at": utcnow_iso(),
           "events": refused_events(kit, with_payload=True)}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def release_refused(kit, ids: list[str] | None = None) -> int:  # noqa: ANN001
    """Put refused events back in the queue (every one, or ``ids``): the next sync sends them again
    (e.g. once the server was updated to know their type). Returns how many."""
    with kit.session() as s:
        conn = s.connection()
        if ids is None:
            return conn.exec_driver_sql("DELETE FROM sync_rejected").rowcount
        n = 0
        for i in ids:
            n += conn.exec_driver_sql("DELETE FROM sync_rejected WHERE event_id = ?", (str(i),)).rowcount
        return n


def quarantine(kit, refusals: list[dict]) -> None:  # noqa: ANN001
    """Keep events aside with their reason (``[{"id", "reason"}]``): never sent again automatically."""
    now = utcnow_iso()
    with kit.session() as s:
        s.connection().exec_driver_sql(
            "INSERT OR IGNORE INTO sync_rejected (event_id, reason, at) VALUES (?, ?, ?)",
            [(str(r["id"]), str(r.get("reason"))[:64], now) for r in refusals])


def _is_lan(url: str) -> bool:
    """Whether a server URL names this machine or a private (LAN) address."""
    import ipaddress
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".local"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_link_local


def profile_hash(p: dict) -> str:
    return hashlib.sha256(P.dumps_compact({k: p.get(k) for k in P.PROFILE_FIELDS})).hexdigest()


def changed_profiles(session: Session) -> tuple[list[dict], dict[str, str]]:
    """Learner profiles that differ from the version the server last acknowledged, and their hashes."""
    conn = session.connection()
    sent: dict[str, str] = {r[0]: r[1] for r in conn.exec_driver_sql(
        "SELECT learner_id, profile_hash FROM sync_learner_sent").fetchall()}
    profiles, hashes = [], {}
    for row in conn.exec_driver_sql(f"SELECT {', '.join(P.PROFILE_FIELDS)} FROM learners").fetchall():
        p = dict(zip(P.PROFILE_FIELDS, row))
        h = profile_hash(p)
        if sent.get(p["id"]) != h:
            profiles.append(p)
            hashes[p["id"]] = h
    return profiles, hashes


def ensure_learner_code(session: Session, learner_id: str) -> str:
    """The learner's short code (``XXXX-XXXX``, last character a check), assigned here on first use."""
    lr = session.get(Learner, learner_id)
    if lr is None:
        raise ValidationError(f"no learner {learner_id}", code="not_found")
    if not lr.code:
        for _ in range(10):
            code = P.new_learner_code()
            if session.scalar(select(Learner.id).where(Learner.code == code)) is None:
                lr.code = code
                break
        session.flush()
    return lr.code or ""


def items(session: Session, *, kind: str | None = None, learner_id: str | None = None) -> list[dict]:
    """Items pulled from the server (certificates, messages…), oldest first."""
    q = select(SyncItem).order_by(SyncItem.pos)
    if kind:
        q = q.where(SyncItem.kind == kind)
    if learner_id:
        q = q.where(SyncItem.learner_id == learner_id)
    return [{"pos": i.pos, "kind": i.kind, "learner_id": i.learner_id, "body": json.loads(i.body),
             "created_at": i.created_at} for i in session.scalars(q)]


# --- HTTP ---------------------------------------------------------------------------------------

class Transport:
    """One server's API over :mod:`cc2desktop.core.net` (timeouts, safe retries, abort on cancel),
    with byte counting."""

    def __init__(self, base_url: str, token: str | None = None, *, retries: int = 4, backoff: float = 0.3,
                 max_backoff: float = 20.0, timeout: tuple[float, float] = net.TIMEOUT,
                 cancel: Any = None, report: SyncReport | None = None,
                 keepalive: bool = True) -> None:
        self.keepalive = keepalive
        self.base = base_url.rstrip("/")
        self.token = token
        self.policy = net.RetryPolicy(tries=retries + 1, backoff=backoff, max_backoff=max_backoff,
                                      statuses=RETRY_STATUSES)
        self.timeout = timeout
        self.cancel = cancel or threading.Event()
        self.report = report or SyncReport()
        self.fast_link = _is_lan(self.base)  # a hub on the centre's LAN: cheaper compression
        # loopback or LAN: never through a proxy from the environment
        self.http = net.session(cancel=self.cancel, user_agent="cc2desktop-sync", trust_env=False)

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, *, json_body: Any = None, raw: bytes | None = None,
             params: dict | None = None, gzip_body: bool = True, want: str = "json", idempotent: bool = True,
             gzipped: bytes | None = None) -> Any:
        """One exchange. The sync API is idempotent (events and bundles carry their ids, an enrolment is
        recognised when repeated); ``idempotent=False`` retries only a request that was never sent.
        ``gzipped``: a JSON body already gzip'd (e.g. by a thread that prepared it meanwhile)."""
        import requests
        import urllib3

        headers = {"Accept-Encoding": "gzip"}
        if not self.keepalive:
            headers["Connection"] = "close"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if gzipped is not None:
            data = gzipped
            headers["Content-Type"] = "application/json"
            headers["Content-Encoding"] = "gzip"
        elif json_body is not None:
            data = json_body if isinstance(json_body, bytes) else P.dumps_compact(json_body)
            headers["Content-Type"] = "application/json"
            if gzip_body:  # a fast link (LAN): cheap compression; a slow one: the smallest body
                data = P.gz(data, level=3 if self.fast_link else 6)
                headers["Content-Encoding"] = "gzip"
        elif raw is not None:
            data = raw
            headers["Content-Type"] = "application/octet-stream"
        url = self.base + P.API_PREFIX + path
        last: SyncError | None = None
        wait_after: float | None = None
        for attempt in range(self.policy.tries):
            if self.cancel.is_set():
                raise Cancelled("sync cancelled")
            if attempt and net.wait(self.policy.delay(attempt, wait_after), self.cancel):
                raise Cancelled("sync cancelled")
            self.report.requests += 1
            self.report.bytes_sent += len(data or b"")
            try:
                r = self.http.request(method, url, data=data, params=params, headers=headers, timeout=self.timeout,
                                      stream=True)
                raw_body = r.raw.read(decode_content=False) if r.raw is not None else b""
                self.report.bytes_received += len(raw_body)
                self.report.header_bytes += (len(r.request.method) + len(r.request.path_url) + 12 + sum(
                    len(k) + len(v) + 4 for k, v in r.request.headers.items()) + len(self.base) - 7 + 15 + sum(
                    len(k) + len(v) + 4 for k, v in r.raw.headers.items()) + 2)
                if self.policy.retries_status(r.status_code, idempotent=idempotent):
                    wait_after = net.retry_after(r.headers)
                    last = SyncError(f"the server answered {r.status_code}", code="server_error")
                    continue
                body = P.gunzip_limited(raw_body) if r.headers.get("content-encoding", "") == "gzip" else raw_body
                if r.headers.get("content-length") and int(r.headers["content-length"]) != len(raw_body):
                    raise ValueError("truncated reply")
                if r.status_code >= 400:
                    try:
                        err = json.loads(body)
                        raise SyncError(err.get("message") or f"refused ({r.status_code})",
                                        code=err.get("error") or "refused")
                    except (ValueError, AttributeError):
                        raise SyncError(f"the server refused the request ({r.status_code})", code="refused") from None
                return json.loads(body) if want == "json" else body
            except SyncError:
                raise
            except requests.Timeout as exc:
                last = SyncError(f"the server did not answer in time ({type(exc).__name__})", code="timeout")
                retry = self.policy.retries_error(exc, idempotent=idempotent)
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError, ConnectionError, urllib3.exceptions.HTTPError) as exc:
                last = SyncError(f"cannot reach the server ({type(exc).__name__})", code="offline")
                retry = idempotent or not net.sent(exc)
            except (ValueError, CCError, OSError) as exc:  # truncated/garbled reply
                last = SyncError(f"the server's reply was damaged ({exc})", code="bad_reply")
                retry = idempotent
            if self.cancel.is_set():  # the failure was the abort of a cancelled exchange
                raise Cancelled("sync cancelled")
            wait_after = None
            if not retry:
                break
        assert last is not None
        raise last


# --- the client ---------------------------------------------------------------------------------

class SyncClient:
    def __init__(self, kit, *, cancel: Any = None, retries: int = 4,  # noqa: ANN001
                 backoff: float = 0.3, timeout: tuple[float, float] = net.TIMEOUT,
                 progress: Callable[[str, int, int], None] | None = None, keepalive: bool = True) -> None:
        self.kit = kit
        self.keepalive = keepalive
        self.cancel = cancel or threading.Event()
        self.retries, self.backoff, self.timeout = retries, backoff, timeout
        self.progress = progress or (lambda *_: None)
        self.report = SyncReport()

    # enrolment ---------------------------------------------------------------------------
    def enrol(self, url: str, code: str, name: str | None = None) -> dict:
        from cc2desktop.core.sync import keys  # signing: imported when used, not at start-up

        priv = keys.load_or_create_device_key(self.kit.paths.keys_dir)
        with self.kit.session() as s:
            dev = ev.device_id(s)
        t = self._transport(url, None)
        try:
            out = t.call("POST", "/enrol", json_body={"code": code, "device_id": dev,
                                                      "public_key": crypto.public_b64url(priv), "name": name or ""},
                         gzip_body=False)
        finally:
            t.close()
        with self.kit.session() as s:
            st = _state(s)
            if st.server_public_key and st.server_public_key != out["server_public_key"] and st.server_url != url:
                st.cursor = None  # another server: pull everything it holds
            _pin_broadcast_key(s, st, out.get("broadcast_key") or out["server_public_key"])
            st.server_url, st.token = url.rstrip("/"), out["token"]
            st.server_public_key, st.enrolled_at = out["server_public_key"], utcnow_iso()
            st.server_box_key = out.get("server_box_key")
            st.device_cert = _cert_text(out.get("device_cert"))
            st.last_error = st.last_error_code = None
        return {"device_id": out["device_id"], "server_url": url.rstrip("/"), "server_time": out.get("server_time")}

    def _transport(self, url: str, token: str | None) -> Transport:
        return Transport(url, token, retries=self.retries, backoff=self.backoff, timeout=self.timeout,
                         cancel=self.cancel, report=self.report, keepalive=self.keepalive)

    def _connected(self) -> Transport:
        with self.kit.session() as s:
            st = _state(s)
            url, token = st.server_url, st.token
        if not url or not token:
            raise SyncError("this PC is not enrolled with a server (cc2desktop device enrol URL --code CODE)",
                            code="not_enrolled")
        return self._transport(url, token)

    # the whole exchange -------------------------------------------------------------------
    def sync(self) -> SyncReport:
        """Push everything pending, then pull; records last_sync or last_error either way."""
        t = self._connected()
        try:
            self.push(t)
            self.pull(t)
            self.pull_broadcast(t)
        except CCError as exc:
            with self.kit.session() as s:
                st = _state(s)
                st.last_error, st.last_error_code = exc.message, exc.code
            raise
        finally:
            t.close()
        with self.kit.session() as s:
            st = _state(s)
            st.last_sync, st.last_error, st.last_error_code = utcnow_iso(), None, None
        return self.report

    # push ---------------------------------------------------------------------------------
    def next_batch(self, limit: int, *, after_seq: int = 0,
                   with_profiles: bool = True) -> tuple[str, dict | None, list[dict], dict[str, str]]:
        """(device id, compact batch or None, changed learner profiles, their hashes): the first
        ``limit`` unsynced events of this device with seq > ``after_seq`` (``with_profiles=False``:
        no profiles, e.g. for the later batches of one push)."""
        with self.kit.session() as s:
            dev = ev.device_id(s)
            for lid in s.scalars(select(Learner.id).where(Learner.code.is_(None), Learner.local.is_(True))):
                ensure_learner_code(s, lid)
            # an event too large for any server (written by an older version) is kept aside here, never
            # sent: it would be refused
            big = [r[0] for r in s.connection().exec_driver_sql(
                "SELECT id FROM events WHERE synced = 0 AND device_id = ? AND length(CAST(payload AS BLOB)) > ? "
                "AND id NOT IN (SELECT event_id FROM sync_rejected)", (dev, P.MAX_PAYLOAD_BYTES))]
            if big:
                s.connection().exec_driver_sql(
                    "INSERT OR IGNORE INTO sync_rejected (event_id, reason, at) VALUES (?, ?, ?)",
                    [(i, "too_large", utcnow_iso()) for i in big])
                self.report.rejected += len(big)
                self.report.rejections.extend({"id": i, "reason": "too_large"} for i in big)
            rows = s.connection().exec_driver_sql(
                "SELECT id, learner_id, device_id, seq, type, course_id, payload, created_at FROM events "
                "WHERE synced = 0 AND device_id = ? AND seq > ? AND id NOT IN (SELECT event_id FROM sync_rejected) "
                "ORDER BY seq LIMIT ?", (dev, after_seq, limit)).cursor.fetchall()
            if not with_profiles and rows:  # a learner the server has never acknowledged: send profiles
                sent = {r[0] for r in s.connection().exec_driver_sql("SELECT learner_id FROM sync_learner_sent")}
                with_profiles = not sent.issuperset(r[1] for r in rows)
            profiles, hashes = changed_profiles(s) if with_profiles else ([], {})
        batch = P.encode_batch(dev, rows) if rows else None
        return dev, batch, profiles, hashes

    def push(self, t: Transport | None = None) -> int:
        own = t is None
        t = t or self._connected()
        total = 0
        try:
            with self.kit.session() as s:
                size = _state(s).batch_size or 500
            start_size = size
            first = True
            while True:
                asked = size
                # changed profiles go with the first batch (a profile changed during this push goes
                # with the next sync): hashing every profile again for every batch costs more than it saves
                dev, batch, profiles, hashes = self.next_batch(asked, with_profiles=first)
                erasures = self.pending_erasures() if first else []
                first = False
                if batch is None and not profiles and not erasures:
                    break
                body = b'{"l":' + P.dumps_compact(profiles) + (b',"b":' + P.batch_bytes(batch) if batch else b"") \
                    + (b',"x":' + P.dumps_compact(erasures) if erasures else b"") + b"}"
                started = time.monotonic()
                try:
                    out = t.call("POST", "/sync/push", json_body=body)
                except SyncError as exc:
                    if exc.code in BATCH_REFUSALS and batch is not None:
                        # the whole push refused for what one event holds: halve until it is alone,
                        # then keep it aside with the reason; everything else goes on
                        if len(batch["e"]) > 1:
                            size = max(1, len(batch["e"]) // 2)
                        else:
                            bad = _row_id(batch["e"][0][0])
                            quarantine(self.kit, [{"id": bad, "reason": exc.code}])
                            self.report.rejected += 1
                            self.report.rejections.append({"id": bad, "reason": exc.code})
                            size = start_size
                        first = True  # the profiles were not taken either
                        continue
                    if exc.code in ("timeout", "offline", "bad_reply", "server_error"):
                        size = max(MIN_BATCH, size // 2)
                        self._save_batch_size(size)
                    raise
                elapsed = time.monotonic() - started
                if batch is not None and elapsed < 2.0 and len(batch["e"]) >= asked:
                    size = min(MAX_BATCH, size * 2)
                elif elapsed > 8.0:
                    size = max(MIN_BATCH, size // 2)
                # one transaction (one fsync) per batch: acks, refusals, profiles, next batch size
                self.apply_acks(dev, out, hashes, batch_size=size if size != start_size and size >= MIN_BATCH else None)
                start_size = size
                done = sum(b - a + 1 for a, b in out.get("acked", []))
                total += done
                self.progress("push", total, 0)
                if batch is None:
                    break
                if done + len(out.get("rejected", [])) == 0:
                    raise SyncError("the server acknowledged nothing", code="bad_reply")
                if len(batch["e"]) < asked and not out.get("rejected"):
                    break  # that was the last of the pending events
        finally:
            if own:
                t.close()
        return total

    def pending_erasures(self) -> list[str]:
        """Learners erased here whose erasure the server has not acknowledged (sent with a push)."""
        from cc2desktop.core.learning import erase

        with self.kit.read() as s:
            return erase.pending(s)

    def _save_batch_size(self, size: int) -> None:
        with self.kit.session() as s:
            _state(s).batch_size = size

    def apply_acks(self, dev: str, out: dict, hashes: dict[str, str], *, batch_size: int | None = None) -> None:
        """Mark acknowledged events synced and remember refusals, in one transaction."""
        rx = out.get("received_at")
        with self.kit.session() as s:
            conn = s.connection()
            if batch_size is not None:
                _state(s).batch_size = batch_size
            rx = str(rx)[:32] if isinstance(rx, str) and rx else None
            for a, b in out.get("acked", []):
                # the server's clock beside the device's: one UPDATE per acknowledged range
                conn.exec_driver_sql("UPDATE events SET synced = 1, server_received_at = ? WHERE device_id = ? "
                                     "AND seq BETWEEN ? AND ? AND synced = 0", (rx, dev, int(a), int(b)))
                if rx:
                    conn.exec_driver_sql("INSERT INTO sync_acks (first_seq, last_seq, received_at) VALUES (?, ?, ?)",
                                         (int(a), int(b), str(rx)[:32]))
            now = utcnow_iso()
            rej = [(str(r["id"]), str(r.get("reason"))[:64], now) for r in out.get("rejected", [])]
            if rej:
                conn.exec_driver_sql("INSERT OR IGNORE INTO sync_rejected (event_id, reason, at) VALUES (?, ?, ?)", rej)
            if hashes:
                conn.exec_driver_sql(
                    "INSERT OR REPLACE INTO sync_learner_sent (learner_id, profile_hash) VALUES (?, ?)",
                    list(hashes.items()))
            if isinstance(out.get("erased"), list):
                from cc2desktop.core.learning import erase

                erase.mark_sent(s, out["erased"])
        self.report.pushed += sum(int(b) - int(a) + 1 for a, b in out.get("acked", []))
        self.report.rejected += len(out.get("rejected", []))
        self.report.rejections.extend(out.get("rejected", []))

    # pull ---------------------------------------------------------------------------------
    def pull(self, t: Transport | None = None) -> int:
        own = t is None
        t = t or self._connected()
        n = 0
        try:
            with self.kit.session() as s:
                backfills = [(b.learner_id, b.cursor) for b in s.scalars(select(SyncBackfill))]
            for lid, cur in backfills:
                while True:
                    out = t.call("GET", "/sync/pull", params={"cursor": cur, "learner": lid, "limit": 2000})
                    n += self.apply_pull(out, backfill=lid)
                    cur = out["cursor"]
                    if not out.get("more"):
                        break
                with self.kit.session() as s:
                    s.execute(delete(SyncBackfill).where(SyncBackfill.learner_id == lid))
            while True:
                with self.kit.session() as s:
                    cur = _state(s).cursor
                out = t.call("GET", "/sync/pull", params={"cursor": cur or "0.0", "limit": 2000})
                n += self.apply_pull(out)
                self.progress("pull", n, 0)
                if not out.get("more"):
                    break
        finally:
            if own:
                t.close()
        return n

    def apply_pull(self, out: dict, *, backfill: str | None = None) -> int:
        """Apply a pull reply idempotently (set union), moving the cursor in the same transaction."""
        try:
            decoded = [e for b in out.get("batches", []) for e in P.decode_batch(b)]
            received = [t for b in out.get("batches", []) for t in P.received_times(b)]
            profiles = [P.clean_profile(p) for p in out.get("learners", [])]
        except CCError as exc:
            raise SyncError(f"the server's reply was malformed ({exc.message})", code="bad_reply") from exc
        n = 0
        if not decoded and not profiles and not out.get("items") and backfill is None:
            with self.kit.session() as s:
                if _max_cursor(_state(s).cursor, out["cursor"]) == _state(s).cursor:
                    return 0  # nothing new: no write
        from cc2desktop.core.learning import erase

        profile_changed = False
        erased_now: list[str] = []
        with self.kit.session() as s:
            told = [str(it.get("body", {}).get("learner_id")) for it in out.get("items", [])
                    if it.get("kind") == erase.ERASURE_ITEM and isinstance(it.get("body"), dict)]
            if told:  # the server erased these learners: so does this PC
                erased_now = erase.erase_here(s, told, origin="server")
            gone = erase.erased_ids(s, [p["id"] for p in profiles] + [e.learner_id for e in decoded])
            if gone:  # an erased learner's data still on its way: dropped
                profiles = [p for p in profiles if p["id"] not in gone]
                keep = [i for i, e in enumerate(decoded) if e.learner_id not in gone]
                decoded, received = [decoded[i] for i in keep], [received[i] for i in keep]
            for p in profiles:
                profile_changed |= _apply_server_profile(s, p)
            s.flush()
            conn = s.connection()
            if decoded:
                res = conn.execute(text(
                    "INSERT OR IGNORE INTO events (id, learner_id, device_id, seq, type, course_id, payload, "
                    "created_at, server_received_at, synced) VALUES (:id, :learner_id, :device_id, :seq, :type, "
                    ":course_id, :payload, :created_at, :rx, 1)"),
                    [{"id": e.id, "learner_id": e.learner_id, "device_id": e.device_id, "seq": e.seq,
                      "type": e.type, "course_id": e.course_id, "payload": e.payload_text,
                      "created_at": e.created_at, "rx": rx} for e, rx in zip(decoded, received)])
                n = max(res.rowcount, 0)
                if n:
                    _rebuild_progress(s, {e.learner_id for e in decoded})
            for it in out.get("items", []):
                if it.get("kind") == "profile" and isinstance(it.get("body"), dict) and it["body"].get("id") in gone:
                    continue
                if it.get("kind") == "profile":  # a learner's profile changed on another PC (or here)
                    try:
                        profile_changed |= _apply_server_profile(s, P.clean_profile(it.get("body")), create=False)
                    except CCError:
                        pass  # a malformed profile item changes nothing
                    continue
                if s.get(SyncItem, int(it["pos"])) is None:
                    s.add(SyncItem(pos=int(it["pos"]), kind=str(it["kind"]), learner_id=it.get("learner_id"),
                                   body=json.dumps(it.get("body"), ensure_ascii=False),
                                   created_at=str(it.get("created_at"))))
                    self.report.items += 1
            if backfill is not None:
                row = s.get(SyncBackfill, backfill)
                if row is not None:
                    row.cursor = out["cursor"]
            else:
                st = _state(s)
                st.cursor = _max_cursor(st.cursor, out["cursor"])
        if erased_now:
            erase.compact(self.kit.engine)
        if profile_changed or erased_now:
            self.report.profiles += 1
        self.report.pulled += n
        return n

    # broadcast scope ----------------------------------------------------------------------
    def pull_broadcast(self, t: Transport | None = None) -> int:
        """Fetch and apply the broadcast items after this PC's cursors, page by page (each page in
        one transaction: a cut resumes where it stopped). Returns how many items were stored."""
        from cc2desktop.core.sync import broadcast as B

        own = t is None
        t = t or self._connected()
        total = 0
        try:
            self.report.changes |= B.reapply(self.kit)
            while True:
                scopes = B.cursors(self.kit)
                out = t.call("POST", "/sync/broadcast", json_body={"scopes": scopes, "limit": B.PAGE_LIMIT})
                got = self.apply_broadcast(out, scopes)
                total += got
                self.progress("broadcast", total, 0)
                if not out.get("more") or not got:
                    break
        finally:
            if own:
                t.close()
        return total

    def apply_broadcast(self, page: Any, scopes: list[str] | dict | None = None) -> int:
        """Check and apply one page of broadcast items (HTTP or a USB reply's); a part whose
        signature does not match is refused (in the report), the others are applied."""
        from cc2desktop.core.sync import broadcast as B

        with self.kit.read() as s:
            st = s.get(SyncState, 1)
            key = (st.broadcast_key or st.server_public_key) if st is not None else None
        if not key:
            raise SyncError("this PC does not know its server's key yet", code="not_enrolled")
        try:
            res = B.apply_page(self.kit, page, key=key, scopes=list(scopes if scopes is not None
                                                                     else B.local_scopes(self.kit)))
        except B.BroadcastError as exc:
            raise SyncError(exc.message, code="bad_broadcast") from exc
        self.report.broadcast += res.stored
        self.report.broadcast_refused.extend(res.refused)
        self.report.changes |= res.changes
        return res.stored

    # learner accounts ---------------------------------------------------------------------
    def claim(self, code: str, pin: str) -> dict:
        """"I already have an account": link the learner with this code to this PC (code + PIN
        checked by the server), then pull their whole history. Returns the learner's profile."""
        norm = P.normalize_learner_code(code)
        t = self._connected()
        try:
            profile = P.clean_profile(t.call("POST", "/learners/claim", json_body={"code": norm, "pin": pin},
                                             idempotent=False))  # a lost reply may have counted a wrong PIN
            with self.kit.session() as s:
                upsert_learner(s, profile)
                if s.get(SyncBackfill, profile["id"]) is None:
                    s.add(SyncBackfill(learner_id=profile["id"], cursor="0.0"))
                p = {k: profile.get(k) for k in P.PROFILE_FIELDS}
                h = hashlib.sha256(P.dumps_compact(p)).hexdigest()
                row = s.get(SyncLearnerSent, profile["id"])
                if row is None:
                    s.add(SyncLearnerSent(learner_id=profile["id"], profile_hash=h))
            self.report.profiles += 1
            self.pull(t)
        finally:
            t.close()
        return profile

    # USB bundles --------------------------------------------------------------------------
    def export_bundle(self, directory: Path, *, code: str | None = None, name: str | None = None,
                      claims: list[tuple[str, str]] | None = None) -> Path:
        """Write this device's unsynced events (all learners) as a bundle signed by the device key.
        ``code``: an enrolment code, for a PC that only ever syncs by USB (first bundle).
        ``claims``: ``[(learner code, PIN)]`` — "I already have an account" by USB; each is sealed to
        the server's key (known after the first reply), so the PIN is never readable on the stick."""
        from cc2desktop.core.sync import bundles, keys  # signing: imported when used, not at start-up

        priv = keys.load_or_create_device_key(self.kit.paths.keys_dir)
        dev, batch, profiles, _h = self.next_batch(P.MAX_BATCH_EVENTS)
        batches = []
        while batch is not None:  # every unsynced event, in batches the server accepts
            batches.append(json.loads(P.batch_bytes(batch)))
            if len(batch["e"]) < P.MAX_BATCH_EVENTS:
                break
            last = P.decode_batch(batches[-1])[-1].seq
            _d, batch, _p, _h2 = self.next_batch(P.MAX_BATCH_EVENTS, after_seq=last)
        with self.kit.session() as s:
            st = _state(s)
            cursor, box_key, cert = st.cursor, st.server_box_key, st.device_cert
            if code:
                if not st.server_public_key and P.enrol_check(code) is None:
                    raise SyncError("this enrolment code has 12 characters: a PC that syncs only by USB needs the "
                                    "16-character code the server prints now (its last 4 check the server's reply)",
                                    code="enrol_code_short")
                st.enrol_code = P.normalize_enrol_code(code)
        # a PIN hash never travels readable: sealed to the server's key, or, before the first reply,
        # encrypted with the enrolment code's hash (which only the server holds)
        code_hash = P.enrol_code_secret_hash(code) if code else None
        profiles = [_seal_pin(p, box_key, code_hash) for p in profiles]
        sealed = []
        for lcode, pin in claims or []:
            if not box_key:
                raise SyncError("this PC must exchange one bundle with the server before an account can be "
                                "brought here by USB", code="no_server_key")
            sealed.append(crypto.seal(box_key, P.dumps_compact({"code": P.normalize_learner_code(lcode),
                                                              "pin": str(pin)})))
        from cc2desktop.core.sync import broadcast as B

        payload: dict[str, Any] = {"l": profiles, "bs": batches, "cursor": cursor or "0.0", "bc": B.cursors(self.kit)}
        if cert:  # the server's word that this PC is enrolled: the centre's facilitator PCs accept it
            payload["device_cert"] = json.loads(cert)
        erasures = self.pending_erasures()
        if erasures:
            payload["x"] = erasures
        if code:  # proof that this device knows the code, bound to its key: never the code itself
            payload["enrol_proof"] = P.enrol_proof(code_hash or "", dev, crypto.public_b64url(priv))
            payload["name"] = name or ""
        if sealed:
            payload["claims"] = sealed
        data = bundles.write_bundle("push", dev, payload, priv, utcnow_iso(),
                                    events=sum(len(b["e"]) for b in batches))
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"cc2sync-{dev[:8]}-{utcnow_iso().replace(':', '').replace('-', '')[:15]}{bundles.SUFFIX}"
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        return path

    def import_bundle(self, path: Path) -> dict:
        """A push bundle (from another PC) is forwarded to the server and its reply written next to
        it; a reply bundle for this PC is applied (acks, other devices' events, items)."""
        from cc2desktop.core.sync import bundles  # signing: imported when used, not at start-up

        data = bundles.read_file(path)
        header, payload, _digest = bundles.read_bundle(data)
        if header["kind"] == "push":
            t = self._connected()
            try:
                reply = t.call("POST", "/bundles", raw=data, want="bytes")
            finally:
                t.close()
            try:
                bundles.read_bundle(reply)  # refuse to write a damaged reply
            except bundles.BundleError as exc:
                raise SyncError(f"the server's reply was damaged ({exc.message})", code="bad_reply") from exc
            out = Path(path).with_name(Path(path).name.removesuffix(bundles.SUFFIX) + ".reply" + bundles.SUFFIX)
            tmp = out.with_suffix(".part")
            tmp.write_bytes(reply)
            tmp.replace(out)
            return {"kind": "push", "device": header["device"], "reply": str(out)}
        return self.apply_reply(header, payload)

    def apply_reply(self, header: dict, payload: dict) -> dict:
        from cc2desktop.core.sync import bundles  # signing: imported when used, not at start-up

        with self.kit.session() as s:
            dev = ev.device_id(s)
            st = _state(s)
            pinned, enrol_code = st.server_public_key, st.enrol_code
        if header["device"] != dev:
            raise bundles.BundleError("this reply bundle is for another PC")
        if pinned and header["key"] != pinned:
            raise bundles.BundleError("this reply bundle is not signed by this PC's server")
        box_key = payload.get("server_box_key") if isinstance(payload.get("server_box_key"), str) else None
        if not pinned:
            # a PC that only syncs by USB learns its server's keys from its enrolment code: its last 4
            # characters commit to them. Nothing of an unverified reply is applied.
            check = P.enrol_check(enrol_code or "")
            if not check or not box_key or P.server_key_check(enrol_code or "", header["key"], box_key) != check:
                raise bundles.BundleError("this reply bundle is not from the server of this PC's enrolment code",
                                          code="reply_unverified")
        self.apply_acks(dev, payload, {})
        claimed = []
        for c in payload.get("claims") or []:
            if c.get("ok") and isinstance(c.get("profile"), dict):
                profile = P.clean_profile(c["profile"])
                with self.kit.session() as s:
                    upsert_learner(s, profile)
                    p = {k: profile.get(k) for k in P.PROFILE_FIELDS}
                    s.connection().exec_driver_sql(
                        "INSERT OR REPLACE INTO sync_learner_sent (learner_id, profile_hash) VALUES (?, ?)",
                        (profile["id"], hashlib.sha256(P.dumps_compact(p)).hexdigest()))
                claimed.append(profile)
                self.report.profiles += 1
        pulled = self.apply_pull(payload.get("pull") or {})
        for page in payload.get("backfill") or []:
            pulled += self.apply_pull(page, backfill="-")
        with self.kit.session() as s:
            st = _state(s)
            if not st.server_public_key:  # the first reply of a USB-only PC, checked against its code
                st.server_public_key, st.server_box_key = header["key"], box_key
            elif not st.server_box_key and box_key:
                st.server_box_key = box_key
            if payload.get("device_cert") is not None:
                st.device_cert = _cert_text(payload.get("device_cert")) or st.device_cert
            if not st.broadcast_key:  # said by the server whose key signed this reply
                bkey = payload.get("broadcast_key")
                _pin_broadcast_key(s, st, bkey if isinstance(bkey, str) and len(bkey) < 64 else header["key"])
        broadcast = self.apply_broadcast(payload["broadcast"]) if payload.get("broadcast") else 0
        with self.kit.session() as s:
            st = _state(s)
            st.last_sync, st.last_error, st.last_error_code = utcnow_iso(), None, None
        return {"kind": "reply", "acked": sum(b - a + 1 for a, b in payload.get("acked", [])),
                "rejected": len(payload.get("rejected", [])), "pulled": pulled, "broadcast": broadcast,
                "claimed": [p["display_name"] for p in claimed],
                "claim_errors": [c.get("error") for c in payload.get("claims") or [] if not c.get("ok")]}


def _cert_text(cert: Any) -> str | None:
    if isinstance(cert, dict) and isinstance(cert.get("sig"), str) and len(cert["sig"]) <= 120:
        return json.dumps({"sig": cert["sig"]})
    return None


def _seal_pin(p: dict, box_key: str | None, code_hash: str | None) -> dict:
    """A profile as a USB bundle carries it: its PIN hash sealed, never readable on the stick."""
    pin_hash = p.get("pin_hash")
    out = {k: v for k, v in p.items() if k != "pin_hash"}
    if not pin_hash:
        return out
    if box_key:
        out["pin_sealed"] = crypto.seal(box_key, pin_hash.encode("utf-8"))
    elif code_hash:
        out["pin_code_box"] = crypto.secret_box(bytes.fromhex(code_hash), pin_hash.encode("utf-8"), purpose=b"pin")
    return out  # neither key known (a bundle for the centre's facilitator only): no PIN at all


def _pin_broadcast_key(s: Session, st: SyncState, key: str) -> None:
    """The key of the origin of broadcast items. Items from another origin (this PC moved to another
    programme's server) do not continue the chains held: they are dropped and pulled again."""
    if st.broadcast_key and st.broadcast_key != key:
        s.connection().exec_driver_sql("DELETE FROM sync_broadcast")
    st.broadcast_key = key


def _rebuild_progress(s: Session, learner_ids: set[str]) -> None:
    """Events from the learner's other PCs change what she sees: rebuild her progress cache from
    the log in the same transaction as the events arrive."""
    from cc2desktop.core.learning import progress

    for lid in sorted(learner_ids):
        progress.rebuild(s, lid)


def _max_cursor(a: str | None, b: str) -> str:
    def parts(c: str | None) -> tuple[int, int]:
        try:
            x, _, y = (c or "0.0").partition(".")
            return int(x), int(y or 0)
        except ValueError:
            return 0, 0

    pa, pb = parts(a), parts(b)
    return f"{max(pa[0], pb[0])}.{max(pa[1], pb[1])}"


def _apply_server_profile(s: Session, p: dict, *, create: bool = True) -> bool:
    """Take the server's version of a learner profile (last writer wins by the server's receive
    time), unless this PC holds a change of its own not yet acknowledged (it is pushed next and
    then wins). Returns whether the learner row changed."""
    row = s.get(Learner, p["id"])
    if row is None:
        if create:
            upsert_learner(s, p)
            s.flush()
            _mark_profile_sent(s, p["id"])
            return True
        return False
    sent = s.get(SyncLearnerSent, p["id"])
    current = {k: getattr(row, k) for k in P.PROFILE_FIELDS}
    if sent is None or sent.profile_hash != profile_hash(current):
        return False  # a change made here is still to be pushed
    changed = False
    for k in P.PROFILE_MUTABLE:
        v = p.get(k)
        if v is not None and getattr(row, k) != v:
            setattr(row, k, v)
            changed = True
            if k == "pin_hash":  # a new PIN: the old one's failed tries no longer count
                row.pin_failures, row.pin_locked_until = 0, None
    if changed:
        s.flush()
        _mark_profile_sent(s, p["id"])
    return changed


def _mark_profile_sent(s: Session, learner_id: str) -> None:
    """The row as it is now is the server's version: nothing to push back."""
    row = s.get(Learner, learner_id)
    h = profile_hash({k: getattr(row, k) for k in P.PROFILE_FIELDS})
    sent = s.get(SyncLearnerSent, learner_id)
    if sent is None:
        s.add(SyncLearnerSent(learner_id=learner_id, profile_hash=h))
    else:
        sent.profile_hash = h


def upsert_learner(s: Session, p: dict) -> None:
    """Add or update a learner from a profile another PC or the server sent (a sync reply, a bundle);
    a learner erased on this PC is not brought back."""
    from cc2desktop.core.learning.erase import erased_ids

    if erased_ids(s, [p["id"]]):
        return
    row = s.get(Learner, p["id"])
    fields = {k: p.get(k) for k in P.PROFILE_FIELDS if k != "id"}
    if row is None:
        if fields.get("code") and s.scalar(select(Learner.id).where(Learner.code == fields["code"])):
            fields["code"] = None
        s.add(Learner(id=p["id"], local=False, pin_failures=0, **{k: v for k, v in fields.items() if v is not None}))
    elif not row.local:
        for k, v in fields.items():
            if v is not None and k != "code":
                setattr(row, k, v)
