"""PIN format, hashing (:func:`cc2desktop.core.crypto.hash_secret`: scrypt, salted) and the lockout
schedule."""

from __future__ import annotations

import re

from cc2desktop.core import crypto
from cc2desktop.core.errors import ValidationError

PIN_RE = re.compile(r"^\d{4,6}$")
FREE_TRIES = 3  # failures before the first lock
BASE_DELAY_S = 30  # then 30 s, 60 s, 120 s… doubling
MAX_DELAY_S = 3600


def check_pin_format(pin: str) -> str:
    pin = (pin or "").strip()
    if not PIN_RE.match(pin):
        raise ValidationError("a PIN is 4 to 6 digits", code="pin_format")
    return pin


def hash_pin(pin: str, *, n: int = crypto.SCRYPT_N, r: int = crypto.SCRYPT_R, p: int = crypto.SCRYPT_P) -> str:
    """The stored form of a valid PIN (cheaper scrypt costs ``n``, ``r``, ``p`` for simulations)."""
    return crypto.hash_secret(check_pin_format(pin), n=n, r=r, p=p)


def verify_pin(pin: str | None, stored: str | None) -> bool:
    """Whether ``pin`` (spaces around it ignored) matches a stored hash, made here or by another PC."""
    return crypto.verify_secret(str(pin or "").strip(), stored)


def lock_delay_s(failures: int) -> int:
    """Seconds locked after ``failures`` consecutive wrong PINs (0 while tries are free)."""
    if failures < FREE_TRIES:
        return 0
    return min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (failures - FREE_TRIES))
