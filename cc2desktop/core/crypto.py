"""The project's cryptography, once: base64url, canonical JSON, Ed25519 key files and signatures,
sealed boxes (X25519: a learner's PIN on a USB stick, readable by the server only) and one scrypt
hasher for every secret (learner PINs, facilitator and admin passwords, the server's
checks of PINs sent by PCs). Stdlib + ``cryptography``; no database, no Qt.

**Canonical JSON** is RFC 8785 (JSON Canonicalization Scheme, "JCS"): what is signed is
``canonicalize(value)``, so a signature does not depend on whitespace or key order. Implemented for
the whole JSON data model Python's ``json`` produces (dict with str keys, list, str, int, float, bool,
None):

- objects: members sorted by the UTF-16 code units of their names, no whitespace;
- strings: only ``"`` ``\\`` and control characters escaped (``\\b \\t \\n \\f \\r``, others as
  ``\\u00xx`` lower-case hex); everything else is written as UTF-8;
- numbers: the ECMAScript ``Number.prototype.toString`` form (shortest round-trip digits; integers
  without ``.0``; exponent form ``1e+21`` / ``1e-7`` outside [1e-6, 1e21)). Integers beyond
  ±2**53 and NaN/Infinity are refused (not representable in I-JSON).

Objects signed by earlier versions (exam claims, USB bundle headers) were serialised with sorted keys
and no whitespace by ``json.dumps``; :func:`verify_json` accepts those forms too.

**Key files** (Ed25519) are small JSON documents (UTF-8)::

    {"type": "cc2desktop-ed25519-key", "alg": "Ed25519", "key_id": "…", "name": "…",
     "public_key": "<base64 32 bytes>", "private_key": "<base64 32-byte seed>"}
    {"type": "cc2desktop-ed25519-pubkey", "alg": "Ed25519", "key_id": "…", "name": "…",
     "public_key": "<base64 32 bytes>"}

``key_id`` = the first 16 hex digits of SHA-256 over the raw public key. Files written by earlier
versions stay readable: the publisher key files (types ``cc2desktop-publisher-key`` /
``-pubkey``), PEM files (PKCS#8 private, SubjectPublicKeyInfo public: certificate issuer keys) and a
device key stored as its 32 raw bytes.

**Secrets** are hashed ``scrypt$N$r$p$SALT$HASH`` (standard base64). :func:`verify_secret` also
reads ``pbkdf2_sha256$ITER$SALT$HASH`` (base64url) and bounds the cost parameters of any hash it
is given, since a hash may come from another machine.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MAX_SAFE_INT = 2**53 - 1
MAX_DEPTH = 64


# --- base64 ---------------------------------------------------------------------------------------
def b64url(data: bytes) -> str:
    """URL-safe base64 without padding (keys, signatures, nonces on the wire)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Inverse of :func:`b64url` (padding optional); ValueError on anything else."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*=*", text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def b64(data: bytes) -> str:
    """Standard, padded base64 (key files, stored hashes)."""
    return base64.b64encode(data).decode("ascii")


def b64_decode(text: str) -> bytes:
    """Inverse of :func:`b64`, strict; ValueError on anything else."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError) as exc:
        raise ValueError("not base64") from exc


# --- canonical JSON (RFC 8785) -------------------------------------------------------------------
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


def _legacy_forms(value: Any) -> list[bytes]:
    """How earlier versions serialised what they signed: sorted keys, no whitespace."""
    return [json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8"),
            json.dumps(value, separators=(",", ":"), sort_keys=True).encode("ascii")]


# --- Ed25519 signatures ---------------------------------------------------------------------------
KEY_TYPE = "cc2desktop-ed25519-key"
PUBKEY_TYPE = "cc2desktop-ed25519-pubkey"
_OLD_KEY_TYPES = {"cc2desktop-publisher-key"}
_OLD_PUBKEY_TYPES = {"cc2desktop-publisher-pubkey"}
MAX_KEY_FILE = 64 * 1024


class KeyFileError(ValueError):
    """A key file that cannot be read as an Ed25519 key (the message says why, in one line)."""


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key (of a private key's public half)."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def private_raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def public_key_from_raw(raw: bytes) -> Ed25519PublicKey:
    """ValueError unless ``raw`` is 32 bytes."""
    return Ed25519PublicKey.from_public_bytes(raw)


def private_key_from_raw(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey | bytes, hexdigits: int = 16) -> str:
    """First ``hexdigits`` hex digits of SHA-256 over the raw public key (certificates name their
    issuer with 8, everything else with 16)."""
    raw = key if isinstance(key, bytes) else public_raw(key)
    return hashlib.sha256(raw).hexdigest()[:hexdigits]


def public_b64url(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    return b64url(public_raw(key))


def verify(public: Ed25519PublicKey | bytes | str, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` is ``public``'s over ``data``; ``public`` as a key, 32 raw bytes or
    base64url text. Never raises on bad input (it is then False)."""
    try:
        if isinstance(public, str):
            public = b64url_decode(public)
        if isinstance(public, bytes):
            public = public_key_from_raw(public)
        public.verify(signature, data)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def sign_json(key: Ed25519PrivateKey, value: Any) -> bytes:
    """Signature over ``canonicalize(value)``."""
    return key.sign(canonicalize(value))


def verify_json(public: Ed25519PublicKey | bytes | str, signature: bytes, value: Any, *,
                prefix: bytes = b"", suffix: bytes = b"") -> bool:
    """Whether ``signature`` is over ``prefix + form + suffix`` for the canonical form of ``value`` or
    one of the forms earlier versions signed (sorted-keys ``json.dumps``)."""
    try:
        forms = [canonicalize(value)]
    except CanonicalJSONError:
        forms = []
    for form in _legacy_forms(value):
        if form not in forms:
            forms.append(form)
    return any(verify(public, signature, prefix + form + suffix) for form in forms)


# --- key files ------------------------------------------------------------------------------------
def key_document(key: Ed25519PrivateKey, name: str = "") -> dict[str, str]:
    pub = public_raw(key)
    return {"type": KEY_TYPE, "alg": "Ed25519", "key_id": key_id(pub), "name": name,
            "public_key": b64(pub), "private_key": b64(private_raw(key))}


def public_key_document(key: Ed25519PrivateKey | Ed25519PublicKey, name: str = "") -> dict[str, str]:
    pub = public_raw(key)
    return {"type": PUBKEY_TYPE, "alg": "Ed25519", "key_id": key_id(pub), "name": name, "public_key": b64(pub)}


def _raw32(doc: dict, field: str, where: str) -> bytes:
    text = doc.get(field)
    if not isinstance(text, str):
        raise KeyFileError(f"{where}: {field} missing in key file")
    try:
        raw = b64_decode(text)
    except ValueError:
        raise KeyFileError(f"{where}: {field} in key file is not base64") from None
    if len(raw) != 32:
        raise KeyFileError(f"{where}: {field} in key file is not a 32-byte Ed25519 key")
    return raw


def _read(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_KEY_FILE + 1)
    except FileNotFoundError:
        raise KeyFileError(f"key file not found: {path}") from None
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_KEY_FILE:
        raise KeyFileError(f"{path} is not a key file (too large)")
    return data


def _document(data: bytes, path: Path) -> dict | None:
    """The JSON key document in ``data``, None when ``data`` is not JSON (an older format)."""
    if not data.lstrip().startswith(b"{"):
        return None
    try:
        doc = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise KeyFileError(f"{path} is not a key file (not JSON)") from None
    if not isinstance(doc, dict) or doc.get("alg") != "Ed25519":
        raise KeyFileError(f"{path} is not an Ed25519 key file")
    return doc


def read_private_key(path: Path | str) -> tuple[Ed25519PrivateKey, str]:
    """(key, name) from a key file: the JSON format, or an older PEM (PKCS#8) or 32 raw bytes file."""
    path = Path(path)
    data = _read(path)
    doc = _document(data, path)
    if doc is not None:
        if doc.get("type") not in {KEY_TYPE, *_OLD_KEY_TYPES}:
            raise KeyFileError(f"{path} is not a private key file")
        key = private_key_from_raw(_raw32(doc, "private_key", str(path)))
        if "public_key" in doc and _raw32(doc, "public_key", str(path)) != public_raw(key):
            raise KeyFileError(f"{path}: public_key does not match private_key")
        return key, str(doc.get("name") or "")
    if data.startswith(b"-----BEGIN"):
        try:
            pem = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            raise KeyFileError(f"not a PEM private key: {path}") from None
        if not isinstance(pem, Ed25519PrivateKey):
            raise KeyFileError(f"not an Ed25519 private key: {path}")
        return pem, ""
    if len(data) == 32:
        return private_key_from_raw(data), ""
    raise KeyFileError(f"{path} is not a key file")


def read_public_key(path: Path | str) -> tuple[Ed25519PublicKey, str]:
    """(key, name) from a public key file or the public half of a private key file, in any format
    :func:`read_private_key` reads (PEM: SubjectPublicKeyInfo)."""
    path = Path(path)
    data = _read(path)
    doc = _document(data, path)
    if doc is not None:
        if doc.get("type") not in {KEY_TYPE, PUBKEY_TYPE, *_OLD_KEY_TYPES, *_OLD_PUBKEY_TYPES}:
            raise KeyFileError(f"{path} is not a key file")
        raw = _raw32(doc, "public_key", str(path))
        if doc.get("key_id") not in (None, key_id(raw)):
            raise KeyFileError(f"{path}: key_id does not match the public key")
        return public_key_from_raw(raw), str(doc.get("name") or "")
    if data.startswith(b"-----BEGIN PUBLIC"):
        try:
            key = serialization.load_pem_public_key(data)
        except ValueError:
            raise KeyFileError(f"not a PEM public key: {path}") from None
        if not isinstance(key, Ed25519PublicKey):
            raise KeyFileError(f"not an Ed25519 public key: {path}")
        return key, ""
    return read_private_key(path)[0].public_key(), ""


def _dump(doc: dict) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_file_atomic(path: Path, data: bytes, *, mode: int = 0o644, replace: bool = True) -> bool:
    """Write ``data`` to a temporary file (fsynced, ``mode``), then move it to ``path``. With
    ``replace=False`` an existing file is kept (even one another process just created) and False
    is returned."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".key-", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)
            return True
        except FileExistsError:
            return False
        except OSError:
            # FAT32/exFAT (a portable app's data on a USB stick) have no hard links: create the
            # file exclusively instead (another process's file still wins)
            return _create_exclusive(path, data, mode)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _create_exclusive(path: Path, data: bytes, mode: int) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise
    return True


def write_private_key(path: Path | str, key: Ed25519PrivateKey, name: str = "", *, replace: bool = False) -> bool:
    """The key file (mode 0600); refuses to replace an existing one unless ``replace``."""
    return write_file_atomic(Path(path), _dump(key_document(key, name)), mode=0o600, replace=replace)


def write_public_key(path: Path | str, key: Ed25519PrivateKey | Ed25519PublicKey, name: str = "") -> None:
    write_file_atomic(Path(path), _dump(public_key_document(key, name)))


# --- sealed boxes (X25519 + HKDF-SHA256 + ChaCha20-Poly1305): a learner's PIN on a USB stick -----

def new_box_key() -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def box_public(raw_private: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return b64url(X25519PrivateKey.from_private_bytes(raw_private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def _box_key(shared: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cc2desktop sealed box v1").derive(shared)


def seal(recipient_public_b64: str, plaintext: bytes) -> dict:
    """Encrypt for the holder of an X25519 key (only the server can read a sealed PIN)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    eph = X25519PrivateKey.generate()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(b64url_decode(recipient_public_b64)))
    nonce = os.urandom(12)
    ct = ChaCha20Poly1305(_box_key(shared)).encrypt(nonce, plaintext, None)
    eph_pub = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"e": b64url(eph_pub), "n": b64url(nonce), "c": b64url(ct)}


def open_sealed(raw_private: bytes, box: dict) -> bytes:
    """Decrypt a :func:`seal` box; raises ValueError when it was not sealed for this key or altered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    try:
        shared = X25519PrivateKey.from_private_bytes(raw_private).exchange(
            X25519PublicKey.from_public_bytes(b64url_decode(str(box["e"]))))
        nonce, sealed = b64url_decode(str(box["n"])), b64url_decode(str(box["c"]))
        return ChaCha20Poly1305(_box_key(shared)).decrypt(nonce, sealed, None)
    except (InvalidTag, KeyError, TypeError, ValueError) as exc:
        raise ValueError("sealed box cannot be opened") from exc


# --- secrets: PINs, passwords -----------------------------------------------------------------------
# n=2**14, r=8 → 16 MiB of memory per try: slow to brute-force on a GPU, ~50 ms on an old PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_MAXMEM = 128 * 1024 * 1024


def hash_secret(secret: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P,
                salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$SALT$HASH`` of ``secret`` (UTF-8) with a random 16-byte salt."""
    salt = os.urandom(16) if salt is None else salt
    dk = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)
    return f"scrypt${n}${r}${p}${b64(salt)}${b64(dk)}"


def verify_secret(secret: str, stored: str | None) -> bool:
    """Whether ``secret`` matches ``stored`` (:func:`hash_secret`'s form or ``pbkdf2_sha256$…``).
    Cost parameters are bounded (scrypt N ≤ 2**16, r ≤ 16, p ≤ 4; PBKDF2 ≤ 2,000,000 rounds), so a
    hash from elsewhere can never make this machine work for minutes; anything malformed is False."""
    if not isinstance(stored, str) or not isinstance(secret, str):
        return False
    parts = stored.split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            if not (2 <= n <= 2**16 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4):
                return False
            salt, want = b64_decode(parts[4]), b64_decode(parts[5])
            if not (8 <= len(salt) <= 64 and 16 <= len(want) <= 64):
                return False
            got = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=len(want))
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            rounds = int(parts[1])
            if not 1 <= rounds <= 2_000_000:
                return False
            salt, want = b64url_decode(parts[2]), b64url_decode(parts[3])
            if not (8 <= len(salt) <= 64 and 16 <= len(want) <= 64):
                return False
            got = hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), salt, rounds, dklen=len(want))
        else:
            return False
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    return hmac.compare_digest(got, want)
