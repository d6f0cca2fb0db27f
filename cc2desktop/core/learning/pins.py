"""PIN hashing (scrypt: memory-hard, salted) and the lockout schedule. Stdlib only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from cc2desktop.core.errors import ValidationError

# n=2**14, r=8 → 16 MiB of memory per try: slow to brute-force on a GPU, ~50 ms on an old PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PIN_RE = re.compile(r"^\d{4,6}$")
FREE_TRIES = 3  # failures before the first lock
BASE_DELAY_S = 30  # then 30 s, 60 s, 120 s… doubling
MAX_DELAY_S = 3600


def check_pin_format(pin: str) -> str:
    pin = (pin or "").strip()
    if not PIN_RE.match(pin):
        raise ValidationError("a PIN is 4 to 6 digits", code="pin_format")
    return pin


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    pin = check_pin_format(pin)
    salt = os.urandom(16)
    dk = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(dk)}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, dk = stored.split("$")
        if algo != "scrypt":
            return False
        got = hashlib.scrypt((pin or "").strip().encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), maxmem=64 * 1024 * 1024, dklen=len(base64.b64decode(dk)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(dk))


def lock_delay_s(failures: int) -> int:
    """Seconds locked after ``failures`` consecutive wrong PINs (0 while tries are free)."""
    if failures < FREE_TRIES:
        return 0
    return min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (failures - FREE_TRIES))
