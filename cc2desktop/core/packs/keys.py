"""Publisher keys (Ed25519): key files, key ids, the trusted-publisher list, signatures.

Key files are small JSON documents (UTF-8):

- private key file (``keys new --out KEYFILE``)::

    {"type": "cc2desktop-publisher-key", "alg": "Ed25519", "key_id": "…", "name": "…",
     "public_key": "<base64 32 bytes>", "private_key": "<base64 32-byte seed>"}

- public key file (written beside it as ``KEYFILE.pub``; what ``keys trust`` takes)::

    {"type": "cc2desktop-publisher-pubkey", "alg": "Ed25519", "key_id": "…", "name": "…",
     "public_key": "<base64 32 bytes>"}

**Key id** = the first 16 hex digits of SHA-256 over the raw 32-byte public key.

Trusted publishers live in ``<data dir>/keys/trusted-publishers/<key_id>.pub``. The demo publisher
key (``assets/keys/demo-publisher.pub``, embedded below) is always trusted: it signs the bundled
demo course. Its private half is committed on purpose, for the demo only: never sign a real course
with it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cc2desktop.core.errors import CCError
from cc2desktop.core.paths import DataPaths

PRIVATE_TYPE = "cc2desktop-publisher-key"
PUBLIC_TYPE = "cc2desktop-publisher-pubkey"
TRUSTED_DIRNAME = "trusted-publishers"

# The demo publisher's public key (assets/keys/demo-publisher.pub); trusted by default.
DEMO_PUBLIC_KEY_B64 = "WsdxyJxHDoULjUuIz0INNcG9WcwdjkSRkpyjWvIFBos="  # key id 6d893047564b5f64
DEMO_KEY_NAME = "Connexions Citoyennes DEMO publisher (demo only)"


class KeyError_(CCError):
    code = "pack_key"


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _b64d(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise KeyError_(f"{what} missing in key file")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise KeyError_(f"{what} in key file is not base64") from exc
    if len(raw) != 32:
        raise KeyError_(f"{what} in key file is not a 32-byte Ed25519 key")
    return raw


def _b64e(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True)
class PublicKey:
    raw: bytes
    name: str = ""

    @property
    def key_id(self) -> str:
        return key_id_of(self.raw)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
            return True
        except (InvalidSignature, ValueError):
            return False

    def to_json(self) -> dict:
        return {"type": PUBLIC_TYPE, "alg": "Ed25519", "key_id": self.key_id, "name": self.name,
                "public_key": _b64e(self.raw)}


@dataclass(frozen=True)
class PrivateKey:
    seed: bytes
    name: str = ""

    @property
    def public(self) -> PublicKey:
        raw = Ed25519PrivateKey.from_private_bytes(self.seed).public_key().public_bytes_raw()
        return PublicKey(raw, self.name)

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(data)

    def to_json(self) -> dict:
        pub = self.public
        return {"type": PRIVATE_TYPE, "alg": "Ed25519", "key_id": pub.key_id, "name": self.name,
                "public_key": _b64e(pub.raw), "private_key": _b64e(self.seed)}


def generate(name: str = "") -> PrivateKey:
    key = Ed25519PrivateKey.generate()
    return PrivateKey(key.private_bytes_raw(), name)


def _read_json(path: Path, max_bytes: int = 64 * 1024) -> dict:
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise KeyError_(f"cannot read key file {path}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise KeyError_(f"{path} is not a key file (too large)")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise KeyError_(f"{path} is not a key file (not JSON)") from exc
    if not isinstance(obj, dict) or obj.get("alg") != "Ed25519":
        raise KeyError_(f"{path} is not an Ed25519 key file")
    return obj


def load_private(path: Path | str) -> PrivateKey:
    obj = _read_json(Path(path))
    if obj.get("type") != PRIVATE_TYPE:
        raise KeyError_(f"{path} is not a publisher private key file")
    key = PrivateKey(_b64d(obj.get("private_key"), "private_key"), str(obj.get("name") or ""))
    if "public_key" in obj and _b64d(obj["public_key"], "public_key") != key.public.raw:
        raise KeyError_(f"{path}: public_key does not match private_key")
    return key


def load_public(path: Path | str) -> PublicKey:
    """A public key file, or the public half of a private key file."""
    obj = _read_json(Path(path))
    if obj.get("type") not in (PUBLIC_TYPE, PRIVATE_TYPE):
        raise KeyError_(f"{path} is not a publisher key file")
    pub = PublicKey(_b64d(obj.get("public_key"), "public_key"), str(obj.get("name") or ""))
    if obj.get("key_id") not in (None, pub.key_id):
        raise KeyError_(f"{path}: key_id does not match the public key")
    return pub


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".key-", dir=path.parent)
    try:
        os.fchmod(fd, mode) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _dump(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_key_pair(key: PrivateKey, out: Path | str, *, overwrite: bool = False) -> tuple[Path, Path]:
    """Write ``out`` (private, mode 0600) and ``out.pub``. Refuses to overwrite an existing key."""
    out = Path(out)
    pub_path = out.with_name(out.name + ".pub")
    if not overwrite and (out.exists() or pub_path.exists()):
        raise KeyError_(f"{out} already exists: refusing to overwrite a key")
    _write_atomic(out, _dump(key.to_json()), 0o600)
    _write_atomic(pub_path, _dump(key.public.to_json()), 0o644)
    return out, pub_path


# --- trusted publishers ------------------------------------------------------------------------
def demo_public_key() -> PublicKey:
    return PublicKey(base64.b64decode(DEMO_PUBLIC_KEY_B64), DEMO_KEY_NAME)


def trusted_dir(paths: DataPaths) -> Path:
    return paths.keys_dir / TRUSTED_DIRNAME


def trust(paths: DataPaths, pub: PublicKey) -> Path:
    dest = trusted_dir(paths) / f"{pub.key_id}.pub"
    _write_atomic(dest, _dump(pub.to_json()))
    return dest


def untrust(paths: DataPaths, key_id: str) -> bool:
    p = trusted_dir(paths) / f"{key_id}.pub"
    if p.exists():
        p.unlink()
        return True
    return False


def trusted_keys(paths: DataPaths) -> dict[str, PublicKey]:
    """key id → public key: the demo publisher plus every key added with ``keys trust``.
    A damaged file in the trusted folder is skipped (it can only make a pack untrusted)."""
    out = {}
    demo = demo_public_key()
    out[demo.key_id] = demo
    d = trusted_dir(paths)
    if d.is_dir():
        for f in sorted(d.glob("*.pub")):
            try:
                pub = load_public(f)
            except KeyError_:
                continue
            if f.stem == pub.key_id:
                out[pub.key_id] = pub
    return out
