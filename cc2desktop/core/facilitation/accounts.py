"""Facilitator accounts and the :class:`FacilitatorSession` capability.

Passwords are hashed by :func:`cc2desktop.core.crypto.hash_secret` (scrypt, salted). Every
facilitator operation in core takes a ``FacilitatorSession`` and calls :func:`require` first; the
only way to get one is :func:`authenticate` with a facilitator's name and password, so a learner
session (or anything else) passed in is refused with :class:`PermissionDeniedError`.

Who may create accounts on a shared PC (a cybercafé, a centre's room):

- the **first** account is free to create — it is how a PC is set up — but only while the PC has
  none: the check and the insert run in one write transaction (``kit.write()`` is ``BEGIN
  IMMEDIATE``), so two people racing for the setup step cannot both become "the first";
- every **later** account is added by a signed-in facilitator (``by=``), never from the sign-in
  screen; the sign-in screen lists every account of the PC, so an account nobody expected is seen,
  and any facilitator can remove another one (:func:`remove_facilitator`; never the last one);
- creating, removing and changing a password are written to the PC's log file (names only).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cc2desktop.core import crypto, limits
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
    limits.check_text(name, limits.PERSON_NAME, "facilitator name")
    _check_password(password)
    if s.scalar(select(Facilitator.id).where(Facilitator.name == name)) is not None:
        raise ValidationError(f"a facilitator named {name!r} already exists", code="facilitator_exists")
    row = Facilitator(name=name, password_hash=hash_password(password))
    s.add(row)
    s.flush()
    if by is not None:
        _audit("facilitator account %s added by %s", name, by.name)
    return row.id


def needs_setup(s: Session) -> bool:
    """True while this PC has no facilitator account (the setup step may create the first)."""
    return s.scalar(select(Facilitator.id).limit(1)) is None


def create_first(s: Session, name: str, password: str) -> FacilitatorSession:
    """The setup step: create the PC's first account and sign it in. Refused (``facilitator_setup_done``)
    as soon as any account exists, whoever asks."""
    if not needs_setup(s):
        raise PermissionDeniedError("this PC already has a facilitator account: ask a facilitator to add yours",
                                    code="facilitator_setup_done")
    fid = add_facilitator(s, name, password)
    _audit("first facilitator account created: %s", name)
    row = s.get(Facilitator, fid)
    assert row is not None
    return FacilitatorSession(row.id, row.name, time.time(), _MINT)


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"the password must have at least {MIN_PASSWORD} characters", code="password_short",
                              min=MIN_PASSWORD)


def change_password(s: Session, fs: FacilitatorSession, old: str, new: str) -> None:
    """The signed-in facilitator changes her own password (the old one is asked again)."""
    require(fs)
    row = s.get(Facilitator, fs.facilitator_id)
    if row is None or not verify_password(old or "", row.password_hash):
        raise PermissionDeniedError("the current password is wrong", code="bad_credentials")
    _check_password(new)
    row.password_hash = hash_password(new)
    s.flush()
    _audit("facilitator password changed: %s", row.name)


def remove_facilitator(s: Session, fs: FacilitatorSession, name: str) -> None:
    """Remove another facilitator's account (one's own and the last one stay)."""
    require(fs)
    row = s.scalar(select(Facilitator).where(Facilitator.name == " ".join((name or "").split())))
    if row is None:
        raise ValidationError(f"no facilitator named {name!r}", code="facilitator_unknown")
    if row.id == fs.facilitator_id:
        raise ValidationError("a facilitator cannot remove her own account", code="facilitator_self")
    s.delete(row)
    s.flush()
    _audit("facilitator account removed by %s: %s", fs.name, row.name)


def _audit(msg: str, *args: object) -> None:
    from cc2desktop.core.logs import log

    log.info(msg, *args)


def list_facilitators(s: Session) -> list[str]:
    return list(s.scalars(select(Facilitator.name).order_by(Facilitator.name)))


def authenticate(s: Session, name: str, password: str) -> FacilitatorSession:
    row = s.scalar(select(Facilitator).where(Facilitator.name == " ".join((name or "").split())))
    # Hash even for an unknown name so that timing does not reveal which names exist.
    ok = verify_password(password or "", row.password_hash if row else hash_password("x", salt=b"0" * 16))
    if row is None or not ok:
        raise PermissionDeniedError("wrong facilitator name or password", code="bad_credentials")
    return FacilitatorSession(row.id, row.name, time.time(), _MINT)
