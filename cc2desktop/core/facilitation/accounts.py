"""Facilitator accounts and the :class:`FacilitatorSession` capability.

Passwords are hashed by :func:`cc2desktop.core.crypto.hash_secret` (scrypt, salted). Every
facilitator operation in core takes a ``FacilitatorSession`` and calls :func:`require` first; the
only way to get one is :func:`authenticate` with a facilitator's name and password, so a learner
session (or anything else) passed in is refused with :class:`PermissionDeniedError`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cc2desktop.core import crypto
from cc2desktop.core.errors import PermissionDeniedError, ValidationError
from cc2desktop.core.facilitation.models import Facilitator

MIN_PASSWORD = 8
SESSION_TTL_S = 12 * 3600  # a working day

_MINT = object()  # only this module can mint sessions


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    return crypto.hash_secret(password, salt=salt)


def verify_password(password: str, stored: str) -> bool:
    return crypto.verify_secret(password, stored)


@dataclass(frozen=True)
class FacilitatorSession:
    """Proof that a facilitator authenticated on this PC. Not constructible outside this module."""

    facilitator_id: str
    name: str
    issued_at: float
    _mint: object = field(repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self._mint is not _MINT:
            raise PermissionDeniedError("a facilitator session is obtained only by signing in", code="forbidden")

    @property
    def expired(self) -> bool:
        return time.time() - self.issued_at > SESSION_TTL_S


def require(fs: object) -> FacilitatorSession:
    """Raise unless ``fs`` is a genuine, unexpired facilitator session."""
    if not isinstance(fs, FacilitatorSession) or fs._mint is not _MINT:
        raise PermissionDeniedError("this action is reserved to facilitators", code="facilitator_only")
    if fs.expired:
        raise PermissionDeniedError("the facilitator session has expired: sign in again", code="facilitator_expired")
    return fs


def add_facilitator(s: Session, name: str, password: str, *, by: FacilitatorSession | None = None) -> str:
    """Create an account. The first facilitator of a PC is free to create (setting the PC up); every
    later one needs ``by``, the session of an existing facilitator, so that nobody at a shared PC can
    make themselves a facilitator."""
    if s.scalar(select(Facilitator.id).limit(1)) is not None:
        if by is None:
            raise PermissionDeniedError("only a facilitator can add another facilitator: sign in first",
                                        code="facilitator_only")
        require(by)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("a facilitator needs a name", code="facilitator_name")
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"the password must have at least {MIN_PASSWORD} characters", code="password_short",
                              min=MIN_PASSWORD)
    if s.scalar(select(Facilitator.id).where(Facilitator.name == name)) is not None:
        raise ValidationError(f"a facilitator named {name!r} already exists", code="facilitator_exists")
    row = Facilitator(name=name, password_hash=hash_password(password))
    s.add(row)
    s.flush()
    return row.id


def list_facilitators(s: Session) -> list[str]:
    return list(s.scalars(select(Facilitator.name).order_by(Facilitator.name)))


BACKOFF_KEY = "facilitator_signin_failures"
BACKOFF_FREE = 3  # wrong passwords before the first wait (then 2 s, 4 s, 8 s… up to 15 min)


def _failures(s: Session) -> tuple[int, float]:
    import json

    from cc2desktop.core.db.models import Meta

    row = s.get(Meta, BACKOFF_KEY)
    try:
        n, last = json.loads(row.value) if row is not None else (0, 0.0)
        return int(n), float(last)
    except (ValueError, TypeError):
        return 0, 0.0


def signin_wait(s: Session) -> int:
    """Seconds before the next facilitator sign-in may be tried on this PC (0: now)."""
    from cc2desktop.core.limits import backoff_wait

    n, last = _failures(s)
    return backoff_wait(n, last, time.time(), free=BACKOFF_FREE)


def sign_in(kit, name: str, password: str) -> FacilitatorSession:  # noqa: ANN001
    """:func:`authenticate` with a backoff kept in the database (the GUI and every CLI run share it):
    after a few wrong passwords each try waits longer, and a try during the wait is refused unchecked
    (``PermissionDeniedError`` code ``signin_backoff``, ``seconds``). The password is checked
    outside the write transaction."""
    import json

    from cc2desktop.core.db.models import Meta

    with kit.read() as s:
        wait = signin_wait(s)
    if wait:
        raise PermissionDeniedError(f"too many wrong passwords: wait {wait} s", code="signin_backoff", seconds=wait)
    try:
        with kit.read() as s:
            fs = authenticate(s, name, password)
    except PermissionDeniedError:
        with kit.write() as s:
            n, last = _failures(s)
            if time.time() - last > 3600:
                n = 0
            row = s.get(Meta, BACKOFF_KEY) or Meta(key=BACKOFF_KEY, value="")
            row.value = json.dumps([n + 1, time.time()])
            s.add(row)
        raise
    with kit.write() as s:
        row = s.get(Meta, BACKOFF_KEY)
        if row is not None:
            s.delete(row)
    return fs


def authenticate(s: Session, name: str, password: str) -> FacilitatorSession:
    row = s.scalar(select(Facilitator).where(Facilitator.name == " ".join((name or "").split())))
    # Hash even for an unknown name so that timing does not reveal which names exist.
    ok = verify_password(password or "", row.password_hash if row else hash_password("x", salt=b"0" * 16))
    if row is None or not ok:
        raise PermissionDeniedError("wrong facilitator name or password", code="bad_credentials")
    return FacilitatorSession(row.id, row.name, time.time(), _MINT)
