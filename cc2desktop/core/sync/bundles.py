"""USB bundle files: the sync exchange as signed files (docs/sync-protocol.md, "Bundles").

Layout: ``CC2BUNDLE1\\n`` + one line of header JSON + ``\\n`` + gzip'd JSON payload. The header holds
``kind`` (``push`` from a device, ``reply`` from the server), ``device``, ``key`` (the signer's
Ed25519 public key), ``created_at``, ``size`` and ``sig``: the Ed25519 signature of
``magic + header-without-sig (canonical JSON) + SHA-256(payload)``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cc2desktop.core import crypto
from cc2desktop.core.errors import ValidationError
from cc2desktop.core.sync.protocol import dumps_compact, gunzip_limited, gz

MAGIC = b"CC2BUNDLE1\n"
SUFFIX = ".cc2sync"
MAX_BUNDLE_BYTES = 64 * 1024 * 1024


class BundleError(ValidationError):
    code = "bad_bundle"


def _unsigned(header: dict) -> dict:
    return {k: v for k, v in header.items() if k != "sig"}


def write_bundle(kind: str, device_id: str, payload: dict, priv: Ed25519PrivateKey, created_at: str,
                 **extra: Any) -> bytes:
    body = gz(dumps_compact(payload))
    header = {"kind": kind, "device": device_id, "key": crypto.public_b64url(priv), "created_at": created_at,
              "size": len(body), **extra}
    header["sig"] = crypto.b64url(priv.sign(MAGIC + crypto.canonicalize(header) + hashlib.sha256(body).digest()))
    return MAGIC + json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n" + body


def read_file(path: Path | str) -> bytes:
    """A bundle file's bytes; one larger than any bundle is refused before anything is read (a 2 GiB
    file on a stick costs no memory)."""
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size > MAX_BUNDLE_BYTES:
            raise BundleError("bundle too large")
        data = fh.read(MAX_BUNDLE_BYTES + 1)
    if len(data) > MAX_BUNDLE_BYTES:  # grew while being read
        raise BundleError("bundle too large")
    return data


def read_bundle(data: bytes) -> tuple[dict, dict, str]:
    """(header, payload, digest) of a bundle whose signature matches the key in its header; the
    caller checks that this key is the one it expects. Refuses anything tampered or truncated."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle too large")
    if not data.startswith(MAGIC):
        raise BundleError("not a cc2desktop sync bundle")
    rest = data[len(MAGIC):]
    nl = rest.find(b"\n")
    if nl < 0:
        raise BundleError("bundle header is truncated")
    try:
        header = json.loads(rest[:nl])
        if not isinstance(header, dict):
            raise ValueError
        body = rest[nl + 1:]
        sig = crypto.b64url_decode(str(header["sig"]))
        key = str(header["key"])
        kind, device = header["kind"], header["device"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BundleError("bundle header is damaged") from exc
    if header.get("size") != len(body) or kind not in ("push", "reply") or not isinstance(device, str):
        raise BundleError("bundle is truncated or damaged")
    if not crypto.verify_json(key, sig, _unsigned(header), prefix=MAGIC, suffix=hashlib.sha256(body).digest()):
        raise BundleError("bundle signature does not match: the file was altered")
    try:
        payload = json.loads(gunzip_limited(body))
    except ValueError as exc:
        raise BundleError("bundle payload is damaged") from exc
    if not isinstance(payload, dict):
        raise BundleError("bundle payload is damaged")
    return header, payload, hashlib.sha256(data).hexdigest()


def pairing_code(public_key: str) -> str:
    """6 digits derived from a device's public key, shown on that PC and on the facilitator's PC
    that pairs it: the facilitator compares them before accepting its bundles."""
    n = int.from_bytes(hashlib.sha256(b"cc2desktop pairing v1\n" + str(public_key).encode("ascii")).digest()[:8], "big")
    digits = f"{n % 1_000_000:06d}"
    return f"{digits[:3]} {digits[3:]}"
