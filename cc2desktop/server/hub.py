"""The server's logic, apart from HTTP: enrolment, authentication, push, pull, learner accounts,
generic items, USB bundles, statistics. The FastAPI app (:mod:`cc2desktop.server.app`) and the admin
CLI both drive a :class:`Hub`.

Extension points for other domains (e.g. certification):

* ``hub.event_hooks``: callables ``hook(session, events)`` run after new events are stored, inside
  the same transaction (``events`` is a list of :class:`~cc2desktop.core.event_types.EventRecord` with
  ``received_at``, only the ones new to the
  server). A hook may call :func:`add_item` to hand something back to the learner's devices.
* :func:`add_item(session, kind, body, learner_id=..., device_id=...)`: a generic item (a certificate,
  a message) that pull delivers to every device linked to the learner (or to one device).
* :meth:`Hub.publish(scope, kind, body, session=...)`: a broadcast item for every PC of a scope (a
  course, the programme), signed by the origin server (:mod:`cc2desktop.server.broadcast`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import defaultdict, deque
from typing import Any, Callable

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from cc2desktop.core import crypto
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import CCError, NotFoundError, PermissionDeniedError, ValidationError
from cc2desktop.core.event_types import EventRecord
from cc2desktop.core.learning import pins
from cc2desktop.core.sync import broadcast as B
from cc2desktop.core.sync import bundles
from cc2desktop.core.sync import protocol as P
from cc2desktop.server import broadcast as sbc
from cc2desktop.server import db as sdb
from cc2desktop.server import erase
from cc2desktop.server.items import add_item
from cc2desktop.server.models import (
    ClaimFailure, Device, DeviceLearner, EnrolmentCode, Item, Rejection, ServerEvent, ServerLearner, ServerMeta,
    UsedBundle,
)

TOKEN_BYTES = 32
ENROL_CODE_TTL_DAYS = 7
PULL_LIMIT_MAX = 5000
CLAIM_MAX_FAILURES = 5  # wrong PINs for one learner on one device, then that device waits
CLAIM_LOCK_SECONDS = 15 * 60
CLAIMS_PER_DEVICE = 30  # claims (right or wrong) one device may make in 10 minutes


_EVENT_COLS = "id, learner_id, device_id, seq, type, course_id, payload, created_at, received_at, body_hash"


class AuthError(CCError):
    code = "unauthorized"


class RateLimitedError(CCError):
    code = "rate_limited"


class ConflictError(CCError):
    code = "conflict"


EventHook = Callable[[Session, list[EventRecord]], None]


class RateLimiter:
    """At most ``limit`` failures per ``window`` seconds per key (e.g. a client address)."""

    def __init__(self, limit: int = 10, window: float = 600.0) -> None:
        self.limit, self.window = limit, window
        self._fails: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        with self._lock:
            q = self._fails[key]
            now = time.monotonic()
            while q and now - q[0] > self.window:
                q.popleft()
            if len(q) >= self.limit:
                raise RateLimitedError("too many failed attempts; wait a few minutes")

    def fail(self, key: str) -> None:
        with self._lock:
            self._fails[key].append(time.monotonic())

    def limited(self, key: str) -> bool:
        try:
            self.check(key)
        except RateLimitedError:
            return True
        return False

    def take(self, key: str) -> None:
        """Count one attempt, whatever its outcome; refuse it when ``limit`` were taken in ``window``."""
        with self._lock:
            q = self._fails[key]
            now = time.monotonic()
            while q and now - q[0] > self.window:
                q.popleft()
            if len(q) >= self.limit:
                raise RateLimitedError("too many requests; wait a few minutes")
            q.append(now)


def _sha(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def enrol_code_hash(code: str) -> str:
    """What is stored of an enrolment code: the SHA-256 of its normalized form (typing O for 0,
    I or L for 1, spaces or no dashes still matches); the 4 characters after the 12 secret ones only
    commit to the server's keys (:func:`protocol.server_key_check`)."""
    return P.enrol_code_secret_hash(code)


class Hub:
    def __init__(self, db_url: str, *, event_hooks: list[EventHook] | None = None, migrate: bool = True) -> None:
        self.engine = sdb.make_server_engine(db_url)
        if migrate:
            sdb.upgrade(self.engine)
        self.Session = sdb.make_sessionmaker(self.engine)
        self.ReadSession = sdb.make_sessionmaker(self.engine, read_only=True)
        self.event_hooks: list[EventHook] = list(event_hooks or [])
        from cc2desktop.server import forum  # the course forum: files posts for moderation

        forum.attach(self)
        self.enrol_limiter = RateLimiter(10, 600)  # wrong codes per address (a right code always passes)
        self.claim_limiter = RateLimiter(20, 600)  # wrong claims per address
        self.claim_rate = RateLimiter(CLAIMS_PER_DEVICE, 600)  # every claim of one device, right or wrong
        self._server_key = None
        self._decode_lock = threading.Lock()
        self._seen: dict[str, tuple[str, str | None]] = {}  # device → (last request, last pull cursor)
        self._seen_lock = threading.Lock()
        # a centre's hub (server/relay/): a claim of a learner code it does not know goes to the
        # central server (``claim_upstream(device_id, code, pin) -> profile``)
        self.claim_upstream: Callable[[str, str, str], dict] | None = None
        from cc2desktop.server import calls  # calls for projects: judges every submitted application

        calls.attach(self)

    def close(self) -> None:
        try:
            self.flush_seen()
        except Exception:  # noqa: BLE001 - the database may already be gone; "last seen" is advisory
            pass
        self.engine.dispose()

    # --- last seen -------------------------------------------------------------------------
    def note_seen(self, device_id: str, cursor: str | None = None) -> None:
        """Remember a device's request (and the pull cursor it sent) in memory; written to the
        database by :meth:`flush_seen`, in the next push's transaction: a read costs no write."""
        with self._seen_lock:
            prev = self._seen.get(device_id)
            self._seen[device_id] = (utcnow_iso(), cursor if cursor is not None else (prev[1] if prev else None))

    def _write_seen(self, s: Session) -> None:
        with self._seen_lock:
            seen, self._seen = self._seen, {}
        if seen and s.get_bind().dialect.name == "postgresql":
            # a push holds its own device's row until it commits (locked first, see push): a row held
            # is skipped and noted again for the next write, never waited for (two pushes each
            # writing the other's last request would deadlock)
            free = set(s.scalars(select(Device.id).where(Device.id.in_(sorted(seen))).order_by(Device.id)
                                 .with_for_update(skip_locked=True)))
            with self._seen_lock:
                for dev, value in seen.items():
                    if dev not in free:
                        self._seen.setdefault(dev, value)
            seen = {dev: value for dev, value in seen.items() if dev in free}
        for dev, (at, cursor) in sorted(seen.items()):
            values: dict[str, Any] = {"last_seen_at": at}
            if cursor is not None:
                values["pull_cursor"] = cursor
            s.execute(update(Device).where(Device.id == dev).values(**values))

    def flush_seen(self) -> None:
        """Write the devices' last requests noted since the last flush."""
        if self._seen:
            with self.Session.begin() as s:
                self._write_seen(s)

    # --- keys ------------------------------------------------------------------------------
    @property
    def server_key(self):  # noqa: ANN201
        if self._server_key is None:
            self._ensure_meta("server_ed25519", lambda: crypto.private_raw(crypto.generate_key()))
            with self.ReadSession() as s:  # another process may have won the race: use the stored one
                raw = s.get(ServerMeta, "server_ed25519").value
            self._server_key = crypto.private_key_from_raw(crypto.b64url_decode(raw))
        return self._server_key

    def _ensure_meta(self, key: str, make: Callable[[], bytes]) -> None:
        """Create a server key once; another process creating it at the same time wins harmlessly."""
        from sqlalchemy.exc import IntegrityError

        try:
            with self.Session.begin() as s:
                if s.get(ServerMeta, key) is None:
                    s.add(ServerMeta(key=key, value=crypto.b64url(make())))
        except IntegrityError:
            pass

    @property
    def server_public_key(self) -> str:
        return crypto.public_b64url(self.server_key)

    def _box_private(self) -> bytes:
        """The server's X25519 key: devices seal learners' PINs to it in USB bundles."""
        self._ensure_meta("server_x25519", crypto.new_box_key)
        with self.ReadSession() as s:
            return crypto.b64url_decode(s.get(ServerMeta, "server_x25519").value)

    @property
    def server_box_key(self) -> str:
        return crypto.box_public(self._box_private())

    # --- enrolment -------------------------------------------------------------------------
    def new_enrolment_code(self, *, uses: int = 1, ttl_days: int = ENROL_CODE_TTL_DAYS,
                           label: str | None = None, centre: str | None = None, role: str | None = None) -> str:
        """A code for ``uses`` PCs; ``centre``: where they stand (figures by centre, docs/figures.md).
        ``role="centre"``: a code for a centre's hub (relay)."""
        raw = "".join(secrets.choice(P.CROCKFORD) for _ in range(12))
        import datetime as dt

        now = dt.datetime.now(dt.timezone.utc)
        exp = (now + dt.timedelta(days=ttl_days)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        with self.Session.begin() as s:
            s.add(EnrolmentCode(code_hash=_sha(raw), created_at=utcnow_iso(), expires_at=exp, uses_left=uses,
                                label=label, centre=" ".join((centre or "").split())[:120] or None, role=role))
        check = P.server_key_check(raw, self.server_public_key, self.server_box_key)
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}-{check}"

    def enrol(self, code: str, device_id: str, public_key: str, name: str | None = None, *,
              client: str = "?", code_hash: str | None = None, role: str | None = None) -> dict:
        """Redeem an enrolment code (or, from a USB bundle, the hash of one the bundle proved it
        knows): the device gets a secret token (stored hashed). Enrolling again with the same code,
        device id and key issues a new token (a lost reply can be retried).
        ``role="centre"``: a centre's hub enrolling with the central server (a code made for one)."""
        if not isinstance(device_id, str) or len(device_id) != 36:
            raise ValidationError("device id must be a UUID", code="bad_device")
        try:
            P.unpack_id(device_id)
            if len(crypto.b64url_decode(public_key)) != 32:
                raise ValueError
        except (ValueError, CCError, TypeError) as exc:
            raise ValidationError("bad device id or public key", code="bad_device") from exc
        ch = code_hash or enrol_code_hash(code)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = utcnow_iso()
        with self.Session.begin() as s:
            row = s.get(EnrolmentCode, ch)
            dev = s.get(Device, device_id)
            if dev is not None and dev.code_hash == ch and dev.public_key == public_key and dev.revoked_at is None \
                    and dev.role == role:
                dev.token_hash = _sha(token)
                dev.last_seen_at = now
                return self._enrol_reply(device_id, token, public_key)
            if row is None or row.uses_left <= 0 or row.expires_at < now or row.revoked_at or row.role != role:
                # wrong codes from one address are limited; a right code is never refused for them
                self.enrol_limiter.check(client)
                self.enrol_limiter.fail(client)
                raise AuthError("this enrolment code is unknown, used up or expired", code="bad_enrolment_code")
            if dev is not None:
                raise ConflictError("this device id is already enrolled (a copied data folder?)", code="device_exists")
            row.uses_left -= 1
            s.add(Device(id=device_id, token_hash=_sha(token), public_key=public_key, name=(name or "")[:120] or None,
                         code_hash=ch, enrolled_at=now, last_seen_at=now, centre=row.centre, role=role))
        return self._enrol_reply(device_id, token, public_key)

    def device_cert(self, device_id: str, public_key: str) -> dict:
        """The server's signed word that this device (id and key) is enrolled here: the centre's
        other PCs enrolled with the same server accept its USB bundles without pairing."""
        statement = P.device_statement(device_id, public_key, self.server_public_key)
        return {"sig": crypto.b64url(crypto.sign_json(self.server_key, statement))}

    def _enrol_reply(self, device_id: str, token: str, public_key: str = "") -> dict:
        return {"device_id": device_id, "token": f"{device_id}.{token}", "server_public_key": self.server_public_key,
                "server_box_key": self.server_box_key, "broadcast_key": self.broadcast_key,
                "server_time": utcnow_iso(), "device_cert": self.device_cert(device_id, public_key)}

    def authenticate(self, authorization: str | None, *, role: str | None = None) -> str:
        """Device id of a valid ``Bearer DEVICE.SECRET`` header; constant-time comparison. ``role``:
        the role the caller must have (``None``: a PC; ``"centre"``: a centre's hub)."""
        if not authorization or not authorization.startswith("Bearer "):
            raise AuthError("missing device token")
        dev_id, _, secret = authorization[7:].strip().partition(".")
        with self.ReadSession() as s:
            dev = s.get(Device, dev_id) if len(dev_id) == 36 else None
            want = dev.token_hash if dev is not None and dev.revoked_at is None and dev.token_hash else _sha("x")
            ok = hmac.compare_digest(want, _sha(secret)) and dev is not None and dev.revoked_at is None \
                and dev.role == role
        if not ok:
            raise AuthError("this device token is not valid (revoked or unknown)")
        self.note_seen(dev_id)
        return dev_id

    def revoke(self, device_id: str) -> None:
        with self.Session.begin() as s:
            dev = s.get(Device, device_id)
            if dev is None:
                raise NotFoundError(f"no device {device_id}")
            dev.revoked_at = utcnow_iso()
            dev.token_hash = None

    # --- push ------------------------------------------------------------------------------
    def push_bytes(self, device_id: str, data: bytes) -> dict:
        """:meth:`push` of a JSON request body (parsed by orjson when installed)."""
        try:
            with self._decode_lock:
                body = P.loads(data)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise ValidationError("body is not valid JSON", code="bad_json") from exc
        return self.push(device_id, body, raw=data)

    def push(self, device_id: str, body: Any, *, raw: bytes | None = None, received_at: str | None = None) -> dict:
        """Store a device's batch exactly once; returns acknowledgements and refusals. ``raw``: the
        JSON text ``body`` was parsed from (re-parsed exactly if it holds numbers orjson rounds)."""
        batch, profiles = self._push_parts(body)
        rx = received_at or utcnow_iso()
        events: list[tuple] = []
        refused: list[dict] = []  # events bad on their own (too large, malformed): refused alone
        if batch is not None:
            with self._decode_lock:  # one decode at a time: pushes then interleave less (caches, GIL)
                try:
                    events = P.decode_rows(batch, rx, refused=refused)
                except P.InexactNumbers:
                    if raw is not None:
                        batch, profiles = self._push_parts(P.loads(raw, exact=True))
                    refused.clear()
                    events = P.decode_rows(batch, rx, exact=True, refused=refused)
            if batch.get("d") != device_id:
                raise PermissionDeniedError("a device pushes only its own events", code="wrong_device")
        erase_ids = body.get("x") if isinstance(body, dict) else None
        with self.Session.begin() as s:
            commit_order_shared(s)
            if s.get_bind().dialect.name == "postgresql":  # its own row first (see _write_seen)
                s.execute(select(Device.id).where(Device.id == device_id).with_for_update())
            self._write_seen(s)
            acked_erasures = None
            if erase_ids:  # a facilitator erased learners on that PC (before its events: they are dropped)
                certifier = getattr(self, "certifier", None)
                acked_erasures = erase.requested(s, device_id, erase_ids,
                                                 issuer_key=getattr(certifier, "issuer_key", None))
            out = self._store(s, device_id, profiles, events, rx, batch)
            if refused:
                out["rejected"] = refused + out["rejected"]
                s.add_all([Rejection(event_id=r["id"], device_id=device_id, reason=r["reason"],
                                     body=json.dumps({"seq": r["seq"]}), received_at=rx) for r in refused])
            if acked_erasures is not None:
                out["erased"] = acked_erasures
        if acked_erasures:
            erase.compact(self.engine)
        return out

    @staticmethod
    def _push_parts(body: Any) -> tuple[Any, list[dict]]:
        if not isinstance(body, dict):
            raise ValidationError("push body must be an object", code="bad_batch")
        profiles = body.get("l") or []
        if not isinstance(profiles, list):
            raise ValidationError("learners must be a list", code="bad_learner")
        return body.get("b"), [_bounded_pin(P.clean_profile(p)) for p in profiles]

    def _store(self, s: Session, device_id: str, profiles: list[dict], events: list[tuple], rx: str,
               batch: dict | None = None) -> dict:
        """Store decoded rows (:func:`protocol.decode_rows`) of one device exactly once.

        The usual case costs one ``executemany``: every learner of the batch is linked to the
        device, every type is known (checked once per batch on its dictionaries) and every event
        is new (the insert's row count says so). Otherwise the insert is undone and the rows are
        sorted out one by one: refusals, replays, changed bodies."""
        conn = s.connection()
        dropped: list[int] = []
        gone = erase.erased(s, [p["id"] for p in profiles] + (list(batch["L"]) if batch is not None else []))
        if gone:  # erased learners: their profiles and events are acknowledged and dropped
            profiles = [p for p in profiles if p["id"] not in gone]
            dropped = [r[3] for r in events if r[1] in gone]
            events = [r for r in events if r[1] not in gone]
        self._register_learners(s, device_id, profiles, rx)
        linked = set(s.scalars(select(DeviceLearner.learner_id).where(DeviceLearner.device_id == device_id)))
        if events and batch is not None and linked.issuperset(batch["L"]) \
                and all(P.type_is_known(t) for t in batch["T"]) and self._insert_all_new(conn, events):
            return self._stored(s, device_id, events, dropped, [], rx)
        rejected: list[dict] = []
        rows: dict[str, tuple] = {}
        type_ok: dict[str, bool] = {}
        for r in events:
            eid, lid, typ = r[0], r[1], r[4]
            if lid not in linked:
                rejected.append({"id": eid, "seq": r[3], "reason": "learner_not_linked"})
                s.add(Rejection(event_id=eid, device_id=device_id, reason="learner_not_linked",
                                body=json.dumps(r, ensure_ascii=False), received_at=rx))
                continue
            ok = type_ok.get(typ)
            if ok is None:
                ok = type_ok[typ] = P.type_is_known(typ)
            if not ok:
                rejected.append({"id": eid, "seq": r[3], "reason": "unknown_type"})
                s.add(Rejection(event_id=eid, device_id=device_id, reason="unknown_type",
                                body=json.dumps(r, ensure_ascii=False), received_at=rx))
                continue
            prev = rows.get(eid)
            if prev is not None:  # the same id twice in one batch
                if prev[9] != r[9]:
                    rejected.append({"id": eid, "seq": r[3], "reason": "conflict"})
                continue
            rows[eid] = r
        acked: list[int] = list(dropped)
        if rows and self._insert_all_new(conn, list(rows.values())):
            return self._stored(s, device_id, list(rows.values()), acked, rejected, rx)
        # Some events are already stored: a replay with the same body is acknowledged, another body
        # refused (and recorded). A digest that differs only because another JSON library wrote the
        # stored payload text is compared by value.
        ids = list(rows)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            ev = ServerEvent
            query = select(ev.id, ev.body_hash, ev.learner_id, ev.type, ev.course_id, ev.seq, ev.created_at,
                           ev.payload).where(ev.device_id == device_id, ev.id.in_(chunk))
            for eid, h, *stored in conn.execute(query):
                r = rows.pop(eid)
                if h == r[9] or P.same_event(stored, r):
                    acked.append(r[3])
                else:
                    rejected.append({"id": eid, "seq": r[3], "reason": "conflict"})
                    s.add(Rejection(event_id=eid, device_id=device_id, reason="conflict",
                                    body=json.dumps(r, ensure_ascii=False), received_at=rx))
        new_rows = list(rows.values())
        new_ids = self._insert_events(conn, new_rows)
        return self._stored(s, device_id, [r for r in new_rows if r[0] in new_ids], acked, rejected, rx)

    def _stored(self, s: Session, device_id: str, new_rows: list[tuple], acked: list[int],
                rejected: list[dict], rx: str) -> dict:
        """Run the hooks on the events new to the server and build the reply."""
        acked.extend(r[3] for r in new_rows)
        if new_rows:
            for hook in self.event_hooks:
                want = getattr(hook, "event_types", None)  # a hook may name the types it handles
                fresh = [EventRecord(*r[:8], synced=True, received_at=r[8]) for r in new_rows
                         if want is None or r[4] in want]
                if fresh:
                    hook(s, fresh)
        s.execute(update(Device).where(Device.id == device_id).values(last_seen_at=rx))
        return {"acked": P.seq_ranges(acked), "rejected": rejected, "stored": len(new_rows), "received_at": rx}

    # the relay (server/relay/central.py) stores a centre's PCs' events and profiles by the same rules
    def store_events(self, s: Session, device_id: str, rows: list[tuple], rx: str, batch: dict) -> dict:
        """:meth:`push`'s store of decoded rows of one device, inside the caller's transaction."""
        return self._store(s, device_id, [], rows, rx, batch)

    def apply_profiles(self, s: Session, device_id: str, profiles: list[dict], rx: str) -> None:
        """New learners registered and linked to the device; changes of linked ones kept (last writer)."""
        self._register_learners(s, device_id, profiles, rx)

    @staticmethod
    def _insert_all_new(conn, rows: list[tuple]) -> bool:  # noqa: ANN001
        """Insert every row under a savepoint, skipping ids already stored; keep it only if every
        row was new (no replay, no conflict, no id twice), else undo it. SQLite holds the write lock
        since BEGIN IMMEDIATE; on PostgreSQL a row a concurrent push stored first fails the COPY
        (the rows are then sorted out one by one: a replay)."""
        pg = conn.dialect.name == "postgresql"
        conn.exec_driver_sql("SAVEPOINT cc2_push")
        if pg:
            n = Hub._copy_events(conn, rows)
        else:
            n = conn.exec_driver_sql(f"INSERT OR IGNORE INTO events ({_EVENT_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                     rows).rowcount
        if n == len(rows):
            conn.exec_driver_sql("RELEASE SAVEPOINT cc2_push")
            return True
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT cc2_push")
        conn.exec_driver_sql("RELEASE SAVEPOINT cc2_push")
        return False

    @staticmethod
    def _copy_events(conn, rows: list[tuple]) -> int:  # noqa: ANN001
        """PostgreSQL: the rows by ``COPY`` (one stream, rows formatted in C: several times cheaper
        than an INSERT per row); the number stored, or -1 when any row is already there (a replay,
        or a concurrent push that stored it first: COPY then fails whole, and the caller's
        savepoint undoes it)."""
        import psycopg

        cur = conn.connection.driver_connection.cursor()
        try:
            with cur.copy(f"COPY events ({_EVENT_COLS}) FROM STDIN") as cp:
                write = cp.write_row
                for r in rows:
                    write(r)
        except (psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected):
            return -1
        finally:
            cur.close()
        return len(rows)

    @staticmethod
    def _insert_events(conn, rows: list[tuple]) -> set[str]:  # noqa: ANN001
        """Insert new events; returns the ids actually inserted. SQLite: the write lock is held since
        BEGIN IMMEDIATE, so the rows checked absent are absent (plain executemany, the fast path).
        PostgreSQL: a concurrent push of the same ids may win, so ON CONFLICT DO NOTHING RETURNING."""
        if not rows:
            return set()
        cols = _EVENT_COLS
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"INSERT INTO events ({cols}) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            return {r[0] for r in rows}
        cur = conn.connection.driver_connection.cursor()  # psycopg 3: pipelined executemany
        out: set[str] = set()
        try:
            cur.executemany(f"INSERT INTO events ({cols}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                            "ON CONFLICT (device_id, id) DO NOTHING RETURNING id", rows, returning=True)
            while True:
                out.update(r[0] for r in cur.fetchall())
                if not cur.nextset():
                    break
        finally:
            cur.close()
        return out

    def _register_learners(self, s: Session, device_id: str, profiles: list[dict], rx: str) -> None:
        if not profiles:
            return
        conn = s.connection()
        ids = [p["id"] for p in profiles]
        existing = {r.id: r for r in s.scalars(select(ServerLearner).where(ServerLearner.id.in_(ids)))}
        linked = set(s.scalars(select(DeviceLearner.learner_id).where(DeviceLearner.device_id == device_id,
                                                                      DeviceLearner.learner_id.in_(ids))))
        codes = [p["code"] for p in profiles if p.get("code")]
        taken = set(s.scalars(select(ServerLearner.code).where(ServerLearner.code.in_(codes)))) if codes else set()
        new_learners, new_links = [], []
        for p in profiles:
            row = existing.get(p["id"])
            if row is None:
                if p["id"] in {x["id"] for x in new_learners}:
                    continue
                if p.get("code") in taken:
                    p = {**p, "code": None}  # a code collision: keep the profile, drop the code
                elif p.get("code"):
                    taken.add(p["code"])
                new_learners.append({**p, "origin_device": device_id, "received_at": rx, "claim_failures": 0,
                                     "claim_locked_until": None})
                new_links.append({"device_id": device_id, "learner_id": p["id"], "linked_at": rx})
            elif p["id"] in linked:
                # last writer wins, by the server's receive time; the change reaches every device
                # linked to the learner as a "profile" item (pull)
                changed = False
                for k in P.PROFILE_MUTABLE:
                    if p.get(k) is not None and getattr(row, k) != p[k]:
                        setattr(row, k, p[k])
                        changed = True
                if p.get("code") and not row.code and p["code"] not in taken:
                    row.code = p["code"]
                    taken.add(p["code"])
                if changed:
                    add_item(s, "profile", {**_profile(row), "updated_at": rx, "by": device_id}, learner_id=row.id)
            # else: a learner of another device, not linked here: ignored (its events are refused)
        if new_learners:
            conn.execute(ServerLearner.__table__.insert(), new_learners)
            conn.execute(DeviceLearner.__table__.insert(), new_links)
        s.flush()

    # --- pull ------------------------------------------------------------------------------
    def pull(self, device_id: str, cursor: str | None = None, limit: int = 1000, learner: str | None = None) -> dict:
        """What the server holds for this device's learners after ``cursor`` ("E.I": event and item
        positions): events from other devices, items. ``learner`` back-fills one learner's history."""
        ec, ic = parse_cursor(cursor)
        limit = max(1, min(int(limit), PULL_LIMIT_MAX))
        if learner is None:
            self.note_seen(device_id, f"{ec}.{ic}")
        with self.ReadSession() as s:
            if learner is not None and s.get(DeviceLearner, (device_id, learner)) is None:
                raise PermissionDeniedError("this learner is not linked to this device", code="learner_not_linked")
            ev = ServerEvent
            q = select(ev.pos, ev.id, ev.learner_id, ev.device_id, ev.seq, ev.type, ev.course_id, ev.payload,
                       ev.created_at, ev.received_at).where(ev.pos > ec, ev.device_id != device_id)
            if learner is not None:
                q = q.where(ev.learner_id == learner)
            else:
                q = q.join(DeviceLearner, and_(DeviceLearner.learner_id == ev.learner_id,
                                               DeviceLearner.device_id == device_id))
            rows = s.execute(q.order_by(ev.pos).limit(limit)).all()
            items: list[dict] = []
            if learner is None:
                linked = select(DeviceLearner.learner_id).where(DeviceLearner.device_id == device_id)
                iq = select(Item).where(Item.pos > ic, (Item.device_id == device_id) | Item.learner_id.in_(linked)) \
                    .order_by(Item.pos).limit(limit)
                for it in s.scalars(iq):
                    items.append({"pos": it.pos, "kind": it.kind, "learner_id": it.learner_id,
                                  "body": json.loads(it.body),
                                  "created_at": it.created_at})
            lids = {r.learner_id for r in rows}
            profiles = ([_profile(p) for p in s.scalars(select(ServerLearner).where(ServerLearner.id.in_(lids)))]
                        if lids else [])
        by_dev: dict[str, list] = defaultdict(list)
        rx: dict[str, str] = {}
        for r in rows:
            by_dev[r.device_id].append((r.id, r.learner_id, r.device_id, r.seq, r.type, r.course_id,
                                         json.loads(r.payload), r.created_at))
            rx[r.id] = r.received_at
        batches = []
        for d, evs in by_dev.items():
            evs.sort(key=lambda e: e[3])
            batch = P.encode_batch(d, evs)
            batch["r"] = P.run_lengths([rx[e[0]] for e in evs])  # the server's receive time of each event
            batches.append(batch)
        new_ec = rows[-1].pos if rows else ec
        new_ic = items[-1]["pos"] if items else ic
        more = len(rows) == limit or len(items) == limit
        return {"batches": batches, "learners": profiles, "items": items,
                "cursor": f"{new_ec}.{new_ic}" if learner is None else f"{new_ec}.{ic}", "more": more,
                "server_time": utcnow_iso()}

    # --- broadcast scope -------------------------------------------------------------------
    @property
    def broadcast_key(self) -> str:
        """The Ed25519 key (base64url) of the broadcast items this server serves: its own when it is
        their origin, else the origin's whose items it relays (a centre's hub: the central server's)."""
        with self.ReadSession() as s:
            row = s.get(ServerMeta, "broadcast_origin")
        return row.value if row is not None else self.server_public_key

    def set_broadcast_origin(self, public_key: str | None) -> None:
        """Relay the broadcast items of the server with this key (None: be their origin again)."""
        own = self.server_public_key
        with self.Session.begin() as s:
            row = s.get(ServerMeta, "broadcast_origin")
            if public_key is None or public_key == own:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(ServerMeta(key="broadcast_origin", value=public_key))
            else:
                row.value = public_key

    def publish(self, scope: str, kind: str, body: dict, *, session: Session | None = None) -> B.BroadcastItem:
        """Publish a broadcast item for every PC of ``scope`` (inside ``session``'s transaction when
        given, e.g. a moderation decision's). Only the origin publishes: a relay refuses (``not_origin``)."""
        if session is None:
            self.server_key  # noqa: B018 - created (or read) before the write: the usual case
            with self.Session.begin() as s:
                return self.publish(scope, kind, body, session=s)
        sbc.lock(session)  # one publisher at a time, from here to the commit
        if session.get(ServerMeta, "broadcast_origin") is not None:
            raise PermissionDeniedError("this server relays another server's broadcast items: publish there",
                                        code="not_origin")
        key = self._server_key
        if key is None:  # first use, inside a write: the key is created in this transaction (not cached:
            row = session.get(ServerMeta, "server_ed25519")  # it may still roll back)
            if row is None:
                row = ServerMeta(key="server_ed25519", value=crypto.b64url(crypto.private_raw(crypto.generate_key())))
                session.add(row)
                session.flush()
            key = crypto.private_key_from_raw(crypto.b64url_decode(row.value))
        return sbc.publish(session, key, scope, kind, body)

    def broadcast_page(self, device_id: str | None, scopes: Any, limit: int = B.PAGE_LIMIT, *, full: bool = False,
                       all_scopes: bool = False) -> dict:
        """The broadcast items after a device's cursors (``{scope: last n held}``)."""
        wanted = B.check_request(scopes)
        limit = max(1, min(int(limit), B.BUNDLE_LIMIT))
        key = self.broadcast_key
        with self.ReadSession() as s:
            return sbc.page(s, wanted, limit, key=key, full=full, all_scopes=all_scopes)

    def store_broadcast(self, page: Any) -> int:
        """Store a ``full`` page of the origin's items (this server relays them); returns how many were new."""
        key, own = self.broadcast_key, self.server_public_key
        if key == own:
            raise PermissionDeniedError("this server is the origin of its broadcast items", code="not_relay")
        with self.Session.begin() as s:
            return sbc.store_relayed(s, key, page)

    # --- learner accounts ------------------------------------------------------------------
    def claim(self, device_id: str, code: str, pin: str, *, client: str = "?") -> dict:
        """"I already have an account": link a learner to this device by code + PIN; returns the
        profile (then pull with ``learner=`` back-fills the history).

        The PIN is checked outside any transaction (the database stays free for other devices);
        every claim of a device counts against its rate, right or wrong; wrong PINs lock out the
        device that typed them for that learner, never the learner's other PCs."""
        self.claim_limiter.check(client)
        self.claim_rate.take(device_id)
        norm = P.normalize_learner_code(code)
        if self.claim_upstream is not None:  # a centre's hub: a learner it does not know may be at central
            with self.ReadSession() as s:
                known = s.scalar(select(ServerLearner.id).where(ServerLearner.code == norm)) is not None
            if not known:
                return self.claim_upstream(device_id, norm, pin)
        now = utcnow_iso()
        with self.ReadSession() as s:
            found = s.execute(select(ServerLearner.id, ServerLearner.pin_hash)
                              .where(ServerLearner.code == norm)).first()
            lock = s.get(ClaimFailure, (found.id, device_id)) if found is not None else None
            locked = lock is not None and lock.locked_until is not None and lock.locked_until > now
        if found is None:
            self.claim_limiter.fail(client)
            raise NotFoundError("no learner has this code on the server", code="unknown_learner_code")
        if locked:
            raise RateLimitedError("too many wrong PINs for this learner on this PC; wait 15 minutes",
                                   code="pin_locked")
        ok = crypto.secret_cost_ok(found.pin_hash) and pins.verify_pin(pin, found.pin_hash)
        with self.Session.begin() as s:
            fails = s.get(ClaimFailure, (found.id, device_id))
            if not ok:
                self.claim_limiter.fail(client)
                if fails is None:
                    fails = ClaimFailure(learner_id=found.id, device_id=device_id, failures=0)
                    s.add(fails)
                fails.failures = (fails.failures or 0) + 1
                if fails.failures >= CLAIM_MAX_FAILURES:
                    import datetime as dt

                    fails.failures = 0
                    until = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=CLAIM_LOCK_SECONDS)
                    fails.locked_until = until.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            else:
                if fails is not None:
                    s.delete(fails)
                row = s.get(ServerLearner, found.id)
                if s.get(DeviceLearner, (device_id, found.id)) is None:
                    s.add(DeviceLearner(device_id=device_id, learner_id=found.id, linked_at=now))
                profile = _profile(row)
        if not ok:
            raise PermissionDeniedError("wrong PIN", code="wrong_pin")  # after the commit: the count is kept
        return profile

    # --- bundles ---------------------------------------------------------------------------
    def import_bundle(self, data: bytes, *, client: str = "bundle") -> bytes:
        """Apply a device's USB push bundle and return the signed reply bundle. A bundle already
        imported is not applied again (its reply is rebuilt: acks are idempotent)."""
        header, payload, digest = bundles.read_bundle(data)
        if header["kind"] != "push":
            raise bundles.BundleError("this is a reply bundle: import it on the device it is for")
        dev_id = header["device"]
        with self.ReadSession() as s:
            dev = s.get(Device, dev_id)
            known_key = dev.public_key if dev is not None else None
            revoked = dev is not None and dev.revoked_at is not None
        if revoked:
            raise AuthError("this device was revoked")
        if known_key is None:
            code, proof = payload.get("code"), payload.get("enrol_proof")
            if isinstance(proof, str):
                ch = self._proven_code(dev_id, header["key"], proof)
                if ch is None:
                    self.enrol_limiter.check(client)
                    self.enrol_limiter.fail(client)
                    raise AuthError("this enrolment code is unknown, used up or expired", code="bad_enrolment_code")
                self.enrol("", dev_id, header["key"], payload.get("name"), client=client, code_hash=ch)
            elif code:  # a bundle written by an older version: the code in clear
                self.enrol(str(code), dev_id, header["key"], payload.get("name"), client=client)
            else:
                raise AuthError("this device is not enrolled: export the bundle with an enrolment code",
                                code="not_enrolled")
        elif known_key != header["key"]:
            raise bundles.BundleError("bundle signed by another key than the device's enrolled key")
        payload["l"] = self._open_pins(dev_id, payload.get("l"))
        batches = payload.get("bs") if isinstance(payload.get("bs"), list) else []
        if payload.get("b") is not None:
            batches = [payload["b"], *batches]
        rx = utcnow_iso()  # every event of a bundle: received when the bundle was
        first: dict[str, Any] = {"l": payload.get("l") or []}
        if payload.get("x"):
            first["x"] = payload["x"]
        result = self.push(dev_id, first, received_at=rx)
        acked_seqs: list[int] = P.expand_ranges(result["acked"])
        rejected = list(result["rejected"])
        for b in batches[:100]:
            res = self.push(dev_id, {"b": b}, received_at=rx)
            acked_seqs.extend(P.expand_ranges(res["acked"]))
            rejected.extend(res["rejected"])
        result = {"acked": P.seq_ranges(acked_seqs), "rejected": rejected, "received_at": result["received_at"],
                  "erased": result.get("erased")}
        claims = self._bundle_claims(dev_id, payload.get("claims"), client)
        pulled = self.pull(dev_id, payload.get("cursor"), PULL_LIMIT_MAX)
        try:  # the broadcast items after the PC's cursors, as many as a stick reasonably carries
            broadcast = self.broadcast_page(dev_id, payload["bc"], B.BUNDLE_LIMIT) if "bc" in payload else None
        except B.BroadcastError:
            broadcast = None
        backfill = [self.pull(dev_id, "0.0", PULL_LIMIT_MAX, learner=c["profile"]["id"]) for c in claims if c["ok"]]
        with self.Session.begin() as s:
            if s.get(UsedBundle, digest) is None:
                s.add(UsedBundle(digest=digest, device_id=dev_id, imported_at=utcnow_iso()))
        reply = {"for": digest, "acked": result["acked"], "rejected": result["rejected"], "erased": result["erased"],
                 "received_at": result["received_at"], "pull": pulled,
                 "claims": claims, "backfill": backfill, "server_public_key": self.server_public_key,
                 "server_box_key": self.server_box_key, "broadcast_key": self.broadcast_key,
                 "device_cert": self.device_cert(dev_id, header["key"])}
        if broadcast is not None:
            reply["broadcast"] = broadcast
        return bundles.write_bundle("reply", dev_id, reply, self.server_key, utcnow_iso())

    def _proven_code(self, device_id: str, public_key: str, proof: str) -> str | None:
        """The hash of the usable enrolment code a bundle's ``enrol_proof`` was made with."""
        now = utcnow_iso()
        with self.ReadSession() as s:
            hashes = list(s.scalars(select(EnrolmentCode.code_hash).where(
                EnrolmentCode.uses_left > 0, EnrolmentCode.expires_at > now, EnrolmentCode.revoked_at.is_(None))))
        for ch in hashes:
            if hmac.compare_digest(P.enrol_proof(ch, device_id, public_key), proof):
                return ch
        return None

    def _open_pins(self, device_id: str, profiles: Any) -> list:
        """Profiles of a USB bundle carry their PIN hash sealed: to the server's box key, or (first
        bundle of a PC that never heard from the server) with the enrolment code's hash."""
        if not isinstance(profiles, list):
            return []
        out = []
        code_hash = None
        for p in profiles:
            if isinstance(p, dict) and ("pin_sealed" in p or "pin_code_box" in p):
                p = dict(p)
                try:
                    if "pin_sealed" in p:
                        p["pin_hash"] = crypto.open_sealed(self._box_private(), p.pop("pin_sealed")).decode("utf-8")
                    else:
                        if code_hash is None:
                            with self.ReadSession() as s:
                                dev = s.get(Device, device_id)
                                code_hash = dev.code_hash if dev is not None else ""
                        box = p.pop("pin_code_box")
                        p["pin_hash"] = crypto.open_secret_box(bytes.fromhex(code_hash or "00"), box,
                                                               purpose=b"pin").decode("utf-8")
                except (ValueError, UnicodeDecodeError):
                    p.pop("pin_sealed", None)
                    p.pop("pin_code_box", None)
                    p["pin_hash"] = None
            out.append(p)
        return out

    def _bundle_claims(self, dev_id: str, claims: Any, client: str) -> list[dict]:
        """"I already have an account" by USB: each claim is the learner code and PIN sealed to the
        server's X25519 key (never readable on the stick)."""
        out: list[dict] = []
        if not isinstance(claims, list):
            return out
        for box in claims[:20]:
            try:
                opened = json.loads(crypto.open_sealed(self._box_private(), box))
                profile = self.claim(dev_id, str(opened["code"]), str(opened["pin"]), client=client)
                out.append({"ok": True, "code": profile.get("code"), "profile": profile})
            except CCError as exc:
                out.append({"ok": False, "error": exc.code, "message": exc.message})
            except (ValueError, KeyError, TypeError):
                out.append({"ok": False, "error": "bad_claim", "message": "unreadable claim"})
        return out

    # --- admin -----------------------------------------------------------------------------
    def stats(self) -> dict:
        """What ``server stats`` and the admin page's statistics show: stored events, learners, enrolled
        PCs, and the certification figures as :mod:`cc2desktop.core.reports.figures` defines them
        (``certificates``: valid certificates issued; ``certified`` / ``not_passed``: learners)."""
        from cc2desktop.core.reports.figures import certificate_counts

        with self.ReadSession() as s:
            return {
                "events": s.scalar(select(func.count()).select_from(ServerEvent)) or 0,
                "learners": s.scalar(select(func.count()).select_from(ServerLearner)) or 0,
                "devices": s.scalar(select(func.count()).select_from(Device).where(Device.revoked_at.is_(None))) or 0,
                **certificate_counts(s.connection(), "server"),
            }

    def learner_history(self, learner_id: str) -> list[dict]:
        with self.ReadSession() as s:
            rows = s.execute(select(ServerEvent).where(ServerEvent.learner_id == learner_id)
                             .order_by(ServerEvent.device_id, ServerEvent.seq)).scalars().all()
            return [{"id": r.id, "device_id": r.device_id, "seq": r.seq, "type": r.type, "course_id": r.course_id,
                     "payload": json.loads(r.payload), "created_at": r.created_at} for r in rows]


def _bounded_pin(p: dict) -> dict:
    """A profile whose PIN hash costs more to check than the standard one keeps no PIN hash here:
    checking a claim must never let one device make the server work for seconds."""
    if p.get("pin_hash") is not None and not crypto.secret_cost_ok(p["pin_hash"]):
        return {**p, "pin_hash": None}
    return p


#: PostgreSQL advisory lock that orders event positions with commits (see :func:`commit_order_shared`)
_COMMIT_ORDER_LOCK = 80032603


def commit_order_shared(s: Session) -> None:
    """Taken (shared) by every transaction that stores events, before it takes positions.
    PostgreSQL hands out positions before commit, so a reader by position could pass a row still
    uncommitted and never see it; a reader that must not (the relay to a centre) takes the lock
    exclusively first (:func:`commit_order_barrier`), which waits for the storing transactions under
    way. SQLite: one writer at a time already commits positions in order."""
    if s.get_bind().dialect.name == "postgresql":
        s.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({_COMMIT_ORDER_LOCK})")


def commit_order_barrier(s: Session) -> None:
    """In a reading transaction: every position handed out before is committed (or rolled back)
    when this returns, and none is handed out until the transaction ends."""
    if s.get_bind().dialect.name == "postgresql":
        s.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({_COMMIT_ORDER_LOCK})")


def _profile(row: ServerLearner) -> dict:
    return {k: getattr(row, k) for k in P.PROFILE_FIELDS}


def parse_cursor(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    try:
        a, _, b = str(cursor).partition(".")
        ec, ic = int(a), int(b or 0)
        if ec < 0 or ic < 0 or ec > 2**62 or ic > 2**62:
            raise ValueError
        return ec, ic
    except ValueError as exc:
        raise ValidationError("bad cursor", code="bad_cursor") from exc
