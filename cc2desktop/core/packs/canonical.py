"""Canonical JSON bytes per RFC 8785 (JSON Canonicalization Scheme, "JCS").

What is signed in a pack is ``canonicalize(json.loads(manifest.json))``: the signature therefore
does not depend on whitespace or key order in the stored file. Implemented for the whole JSON data
model Python's ``json`` produces (dict with str keys, list, str, int, float, bool, None):

- objects: members sorted by the UTF-16 code units of their names, no whitespace;
- strings: only ``"`` ``\\`` and control characters escaped (``\\b \\t \\n \\f \\r``, others as
  ``\\u00xx`` lower-case hex); everything else is written as UTF-8;
- numbers: the ECMAScript ``Number.prototype.toString`` form (shortest round-trip digits; integers
  without ``.0``; exponent form ``1e+21`` / ``1e-7`` outside [1e-6, 1e21)). Integers beyond
  ±2**53 and NaN/Infinity are refused (not representable in I-JSON).
"""

from __future__ import annotations

import math
from typing import Any

MAX_SAFE_INT = 2**53 - 1
MAX_DEPTH = 64


class CanonicalJSONError(ValueError):
    pass


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(s: str, out: list[str]) -> None:
    out.append('"')
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            raise CanonicalJSONError("lone surrogate in string")
        else:
            out.append(ch)
    out.append('"')


def number_to_string(x: float) -> str:
    """ECMAScript Number::toString(x) for a finite double."""
    if isinstance(x, bool):  # pragma: no cover - guarded by the caller
        raise CanonicalJSONError("bool is not a number")
    if isinstance(x, int):
        if abs(x) <= MAX_SAFE_INT:
            return str(x)
        try:
            as_float = float(x)
        except OverflowError:
            as_float = math.inf
        if as_float != x:  # not exactly a double: two parsers would read two different numbers
            raise CanonicalJSONError(f"integer {x} outside the I-JSON range")
        x = as_float
    if not math.isfinite(x):
        raise CanonicalJSONError("NaN and Infinity are not JSON")
    if x == 0:
        return "0"  # also -0
    sign = "-" if x < 0 else ""
    r = repr(abs(x))  # shortest round-trip digits, as ECMAScript requires
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    digits = (ip + fp).lstrip("0")
    # decimal exponent n such that value = 0.digits × 10^n
    lead_zeros = len(ip + fp) - len((ip + fp).lstrip("0"))
    n = len(ip) + e - lead_zeros
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + digits
    else:
        e2 = n - 1
        es = f"+{e2}" if e2 >= 0 else str(e2)
        s = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + es
    return sign + s


def _value(v: Any, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise CanonicalJSONError("JSON nested too deeply")
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif isinstance(v, str):
        _string(v, out)
    elif isinstance(v, (int, float)):
        out.append(number_to_string(v))
    elif isinstance(v, dict):
        out.append("{")
        keys = list(v)
        for k in keys:
            if not isinstance(k, str):
                raise CanonicalJSONError("object key is not a string")
        keys.sort(key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        for i, k in enumerate(keys):
            if i:
                out.append(",")
            _string(k, out)
            out.append(":")
            _value(v[k], out, depth + 1)
        out.append("}")
    elif isinstance(v, (list, tuple)):
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            _value(item, out, depth + 1)
        out.append("]")
    else:
        raise CanonicalJSONError(f"cannot canonicalize {type(v).__name__}")


def canonicalize(value: Any) -> bytes:
    """RFC 8785 canonical UTF-8 bytes of ``value``."""
    out: list[str] = []
    _value(value, out, 0)
    return "".join(out).encode("utf-8")
