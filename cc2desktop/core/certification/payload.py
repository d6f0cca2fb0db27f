"""The compact signed payload a certificate's QR code carries (in the manner of the EU digital COVID
certificate: claims + Ed25519 signature, zlib, base45).

``CC1:`` + base45( zlib( claims_json || signature ) ) where

- ``claims_json`` is compact UTF-8 JSON with short keys (sorted, no spaces)::

      {"c": course id, "d": issue date YYYY-MM-DD, "i": issuer key id, "k": verification code,
       "n": learner's name, "p": 1 (only for an exam taken in a supervised session),
       "s": exam score in %, "t": course title, "v": 1}

- ``signature`` is the 64-byte Ed25519 signature of ``b"CC1" + claims_json`` by the issuer key.

About 300-350 characters: a version 10-11 QR code at error correction M, readable by a cheap phone.
Any change to a claim (name, score, date, course) breaks the signature. Decoding never trusts
the claims before the signature is checked against a trusted key.
"""

from __future__ import annotations

import json
import re
import secrets
import zlib
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cc2desktop.core import crypto
from cc2desktop.core.certification import keys as keymod
from cc2desktop.core.certification.base45 import Base45Error, b45decode, b45encode
from cc2desktop.core.errors import CCError

PREFIX = "CC1:"
SIG_LEN = 64
MAX_PAYLOAD_CHARS = 4000  # refuse absurd input before decompressing
MAX_CLAIMS_BYTES = 4096
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


class PayloadError(CCError):
    """The payload is not a valid certificate (malformed, unknown issuer, bad signature)."""

    code = "cert_invalid"


@dataclass(frozen=True)
class CertificateClaims:
    code: str          # verification code, e.g. "7K3M-9QX2-PA4C"
    name: str          # learner's name, as printed
    course_id: str
    course_title: str
    date: str          # issue date, YYYY-MM-DD (server clock, UTC)
    score: int         # final exam score, percent
    issuer: str = ""   # key id of the signing key (filled by sign())
    proctored: bool = False  # the exam was taken in a supervised session ("examen surveillé")

    def to_json(self) -> bytes:
        obj: dict = {"v": 1, "k": self.code, "n": self.name, "c": self.course_id, "t": self.course_title,
                     "d": self.date, "s": self.score, "i": self.issuer}
        if self.proctored:
            obj["p"] = 1
        return crypto.canonicalize(obj)

    @classmethod
    def from_json(cls, data: bytes) -> "CertificateClaims":
        try:
            obj = json.loads(data.decode("utf-8"))
            if not isinstance(obj, dict) or obj.get("v") != 1:
                raise ValueError("unknown version")
            claims = cls(code=str(obj["k"]), name=str(obj["n"]), course_id=str(obj["c"]),
                         course_title=str(obj["t"]), date=str(obj["d"]), score=int(obj["s"]),
                         issuer=str(obj["i"]), proctored=obj.get("p") == 1)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise PayloadError(f"certificate claims are malformed ({exc})") from exc
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", claims.date) or not 0 <= claims.score <= 100:
            raise PayloadError("certificate claims are malformed (date or score)")
        return claims

    def as_dict(self) -> dict:
        return asdict(self)


def new_verification_code(length: int = 12) -> str:
    """``length`` Crockford base32 characters in groups of four, the last one a check character
    (12: a certificate's verification code; 8: a supervised session's code)."""
    body = [secrets.choice(CODE_ALPHABET) for _ in range(length - 1)]
    body.append(check_char("".join(body)))
    s = "".join(body)
    return "-".join(s[k:k + 4] for k in range(0, length, 4))


def check_char(body: str) -> str:
    total = sum((i + 1) * CODE_ALPHABET.index(c) for i, c in enumerate(body))
    return CODE_ALPHABET[total % 32]


def normalize_code(text: str, length: int = 12) -> str | None:
    """The canonical form of a typed code (case, spaces, dashes, O→0, I/L→1), or None when it is
    not one (wrong length or check character)."""
    s = re.sub(r"[\s-]", "", str(text).upper()).replace("O", "0").replace("I", "1").replace("L", "1")
    if len(s) != length or any(c not in CODE_ALPHABET for c in s) or check_char(s[:-1]) != s[-1]:
        return None
    return "-".join(s[k:k + 4] for k in range(0, length, 4))


def _message(claims_json: bytes) -> bytes:
    return b"CC1" + claims_json


def sign(claims: CertificateClaims, key: Ed25519PrivateKey) -> str:
    """The QR payload string for ``claims``, signed by ``key``."""
    kid = keymod.key_id(key.public_key())
    claims = CertificateClaims(**{**claims.as_dict(), "issuer": kid})
    body = claims.to_json()
    sig = key.sign(_message(body))
    return PREFIX + b45encode(zlib.compress(body + sig, 9))


def decode_unverified(payload: str) -> tuple[CertificateClaims, bytes, bytes]:
    """(claims, claims_json, signature) without checking the signature: for display of *why* a
    payload is invalid only."""
    payload = payload.strip()
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise PayloadError("certificate payload is too long")
    if not payload.startswith(PREFIX):
        raise PayloadError(f"not a certificate payload (expected the prefix {PREFIX})")
    try:
        raw = b45decode(payload[len(PREFIX):])
        d = zlib.decompressobj()
        blob = d.decompress(raw, MAX_CLAIMS_BYTES + SIG_LEN + 1)
        if d.unconsumed_tail or len(blob) > MAX_CLAIMS_BYTES + SIG_LEN:
            raise PayloadError("certificate payload is too large")
        if not d.eof:
            raise zlib.error("truncated data")
    except (Base45Error, zlib.error) as exc:
        raise PayloadError(f"certificate payload is damaged ({exc})") from exc
    if len(blob) <= SIG_LEN:
        raise PayloadError("certificate payload is damaged (too short)")
    body, sig = blob[:-SIG_LEN], blob[-SIG_LEN:]
    return CertificateClaims.from_json(body), body, sig


def verify(payload: str, trusted: dict[str, Ed25519PublicKey]) -> CertificateClaims:
    """The claims of a payload whose signature verifies against one of ``trusted`` keys (key id →
    public key); else :class:`PayloadError` saying why."""
    claims, body, sig = decode_unverified(payload)
    pub = trusted.get(claims.issuer)
    if pub is None:
        raise PayloadError(f"certificate signed by an unknown issuer key ({claims.issuer})",
                           code="cert_unknown_issuer")
    if not crypto.verify(pub, sig, _message(body)):
        raise PayloadError("the certificate's signature does not match its content (altered or forged)",
                           code="cert_bad_signature")
    return claims
