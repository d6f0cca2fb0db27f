"""Who may use the admin page: one administration password per server, sessions, CSRF tokens and
the backoff after wrong passwords.

**First start.** A server without a password prints a one-time *setup code* at start (stderr and
its log: only someone at the server's screen or with its files sees it); the first visitor of
``/admin/`` must type it to choose the password. Anyone else on the centre's LAN reaching the page
first cannot take it over. A lost code: restart ``serve`` (a new one is printed), or run
``cc2desktop server admin-password`` on the server's computer (which also signs every session out).

**Storage.** The password is stored hashed (scrypt) in ``server_meta``; the setup code and the
session tokens only as SHA-256 (they are long random strings). Sessions last
:data:`SESSION_HOURS` hours and end at sign-out or when the password changes.

**CSRF.** Every POST form carries ``HMAC(server secret, cookie)`` where the cookie is the session
token (signed in) or a random pre-session cookie (sign-in and first-start forms).

**Backoff.** After :data:`FREE_FAILURES` wrong passwords or setup codes from one address, each
further failure doubles the wait (2 s, 4 s, … up to 15 min); attempts during the wait are refused
without being checked. Every address together: the same from :data:`GLOBAL_FREE_FAILURES`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
import time

from cc2desktop.core.limits import backoff_wait

from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core import crypto
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import CCError
from cc2desktop.server.models import ServerBase, ServerMeta

MIN_PASSWORD = 10
MAX_PASSWORD = 256
SESSION_HOURS = 12
FREE_FAILURES = 3
GLOBAL_FREE_FAILURES = 30
MAX_WAIT_S = 15 * 60
SETUP_CODE_CHARS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U

_PASSWORD_KEY = "admin_password"
_SETUP_KEY = "admin_setup_code"
_SECRET_KEY = "admin_secret"


class AdminSession(ServerBase):
    __tablename__ = "admin_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[str] = mapped_column(String(32))
    client: Mapped[str | None] = mapped_column(String(64))


class AdminError(CCError):
    """A refusal shown on the page: ``code`` maps to ``err.<code>`` in the texts."""

    code = "admin"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def hash_password(password: str) -> str:
    return crypto.hash_secret(password)


def verify_password(password: str, stored: str) -> bool:
    return crypto.verify_secret(password, stored)


def normalize_setup_code(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum()).replace("O", "0").replace("I", "1").replace("L", "1")


def check_new_password(password: str, again: str | None = None) -> None:
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"the password needs at least {MIN_PASSWORD} characters", code="password_short",
                         n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AdminError("the password is too long", code="password_long")
    if again is not None and again != password:
        raise AdminError("the two passwords differ", code="password_mismatch")


class Backoff:
    """Failed attempts per key (a client address, and ``*`` for all of them)."""

    def __init__(self) -> None:
        self._fails: dict[str, tuple[int, float]] = {}  # key → (failures, monotonic time of the last)
        self._lock = threading.Lock()

    @staticmethod
    def _wait(fails: int, last: float, free: int, now: float) -> int:
        return backoff_wait(fails, last, now, free=free, max_wait=MAX_WAIT_S)

    def wait(self, client: str) -> int:
        """Seconds this client must still wait before its next attempt (0: go ahead)."""
        now = time.monotonic()
        with self._lock:
            mine = self._fails.get(client, (0, 0.0))
            every = self._fails.get("*", (0, 0.0))
            return max(self._wait(*mine, FREE_FAILURES, now), self._wait(*every, GLOBAL_FREE_FAILURES, now))

    def fail(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._fails) > 10_000:  # forget addresses idle for an hour
                self._fails = {k: v for k, v in self._fails.items() if now - v[1] < 3600 or k == "*"}
            for key in (client, "*"):
                n, last = self._fails.get(key, (0, 0.0))
                if now - last > 3600:
                    n = 0
                self._fails[key] = (n + 1, now)

    def succeed(self, client: str) -> None:
        with self._lock:
            self._fails.pop(client, None)


class AdminAuth:
    """Password, setup code, sessions and CSRF of one server (state in its database)."""

    def __init__(self, hub) -> None:  # noqa: ANN001
        self.hub = hub
        self.backoff = Backoff()
        self._secret: bytes | None = None

    # --- stored values ---------------------------------------------------------------------
    def _get(self, key: str) -> str | None:
        with self.hub.ReadSession() as s:
            row = s.get(ServerMeta, key)
            return row.value if row is not None else None

    def _put(self, s, key: str, value: str | None) -> None:  # noqa: ANN001
        row = s.get(ServerMeta, key)
        if value is None:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(ServerMeta(key=key, value=value))
        else:
            row.value = value

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            from sqlalchemy.exc import IntegrityError

            if self._get(_SECRET_KEY) is None:
                try:
                    with self.hub.Session.begin() as s:
                        if s.get(ServerMeta, _SECRET_KEY) is None:
                            s.add(ServerMeta(key=_SECRET_KEY, value=secrets.token_hex(32)))
                except IntegrityError:  # another process made it first: use theirs
                    pass
            self._secret = bytes.fromhex(self._get(_SECRET_KEY) or "")
        return self._secret

    def has_password(self) -> bool:
        return self._get(_PASSWORD_KEY) is not None

    # --- first start -----------------------------------------------------------------------
    def new_setup_code(self) -> str | None:
        """A fresh one-time setup code (replacing any earlier one) when no password is set yet;
        ``None`` when there is a password."""
        if self.has_password():
            return None
        raw = "".join(secrets.choice(SETUP_CODE_CHARS) for _ in range(12))
        with self.hub.Session.begin() as s:
            self._put(s, _SETUP_KEY, json.dumps({"hash": _sha(raw), "created_at": utcnow_iso()}))
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"

    def setup(self, code: str, password: str, again: str, client: str) -> str:
        """First start: the setup code proves the visitor is at the server; sets the password and
        returns a new session token."""
        self._check_backoff(client)
        if self.has_password():
            raise AdminError("the password is already set", code="password_set")
        stored = self._get(_SETUP_KEY)
        want = json.loads(stored)["hash"] if stored else _sha(secrets.token_hex(8))
        if not hmac.compare_digest(want, _sha(normalize_setup_code(code))):
            self.backoff.fail(client)
            raise AdminError("wrong setup code", code="bad_setup_code")
        check_new_password(password, again)
        self.backoff.succeed(client)
        self.set_password(password)
        return self._new_session(client)

    def set_password(self, password: str) -> None:
        """Set or reset the password (the setup code is spent, every session ends)."""
        check_new_password(password)
        hashed = hash_password(password)
        with self.hub.Session.begin() as s:
            self._put(s, _PASSWORD_KEY, hashed)
            self._put(s, _SETUP_KEY, None)
            s.execute(delete(AdminSession))

    # --- sign-in ---------------------------------------------------------------------------
    def _check_backoff(self, client: str) -> None:
        wait = self.backoff.wait(client)
        if wait:
            raise AdminError(f"too many failed attempts: wait {wait} s", code="backoff", seconds=wait)

    def sign_in(self, password: str, client: str) -> str:
        self._check_backoff(client)
        stored = self._get(_PASSWORD_KEY)
        if stored is None or not verify_password(password, stored):
            self.backoff.fail(client)
            raise AdminError("wrong password", code="wrong_password")
        self.backoff.succeed(client)
        return self._new_session(client)

    def change_password(self, token: str, current: str, new: str, again: str, client: str) -> str:
        """Change the password (the current one is asked again); every other session ends; returns
        this browser's new session token."""
        self._check_backoff(client)
        stored = self._get(_PASSWORD_KEY)
        if stored is None or not verify_password(current, stored):
            self.backoff.fail(client)
            raise AdminError("wrong password", code="wrong_password")
        check_new_password(new, again)
        self.set_password(new)
        return self._new_session(client)

    def _new_session(self, client: str) -> str:
        token = secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.timezone.utc)
        with self.hub.Session.begin() as s:
            s.execute(delete(AdminSession).where(AdminSession.expires_at < _iso(now)))
            s.add(AdminSession(token_hash=_sha(token), created_at=_iso(now),
                               expires_at=_iso(now + dt.timedelta(hours=SESSION_HOURS)), client=client[:64]))
        return token

    def session_valid(self, token: str | None) -> bool:
        if not token or len(token) > 100:
            return False
        with self.hub.ReadSession() as s:
            exp = s.scalar(select(AdminSession.expires_at).where(AdminSession.token_hash == _sha(token)))
        return exp is not None and exp > utcnow_iso()

    def sign_out(self, token: str | None) -> None:
        if token:
            with self.hub.Session.begin() as s:
                s.execute(delete(AdminSession).where(AdminSession.token_hash == _sha(token)))

    # --- CSRF ------------------------------------------------------------------------------
    def csrf_token(self, cookie: str) -> str:
        return hmac.new(self.secret, b"csrf|" + cookie.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_ok(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.csrf_token(cookie), str(token))
