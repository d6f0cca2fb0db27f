"""Ed25519 keys for devices (signing USB bundles) and for the server (signing replies)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DEVICE_KEY_FILE = "device_ed25519.key"


def b64e(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode("ascii")


def b64d(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def new_private_key_bytes() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def private_key(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_b64(priv: Ed25519PrivateKey) -> str:
    return b64e(priv.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def load_or_create_device_key(keys_dir: Path) -> Ed25519PrivateKey:
    """This data directory's device key, created (0600, atomically) at first use."""
    path = Path(keys_dir) / DEVICE_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(new_private_key_bytes())
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)  # never replace a key another process just created
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return private_key(path.read_bytes())


def verify(public_key_b64: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(b64d(public_key_b64)).verify(signature, data)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


# --- sealed boxes (X25519 + HKDF-SHA256 + ChaCha20-Poly1305): a learner's PIN on a USB stick -----

def new_box_key_bytes() -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def box_public_b64(raw_private: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return b64e(X25519PrivateKey.from_private_bytes(raw_private).public_key().public_bytes(
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
    shared = eph.exchange(X25519PublicKey.from_public_bytes(b64d(recipient_public_b64)))
    nonce = os.urandom(12)
    ct = ChaCha20Poly1305(_box_key(shared)).encrypt(nonce, plaintext, None)
    eph_pub = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"e": b64e(eph_pub), "n": b64e(nonce), "c": b64e(ct)}


def open_sealed(raw_private: bytes, box: dict) -> bytes:
    """Decrypt a :func:`seal` box; raises ValueError when it was not sealed for this key or altered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    try:
        shared = X25519PrivateKey.from_private_bytes(raw_private).exchange(
            X25519PublicKey.from_public_bytes(b64d(str(box["e"]))))
        return ChaCha20Poly1305(_box_key(shared)).decrypt(b64d(str(box["n"])), b64d(str(box["c"])), None)
    except (InvalidTag, KeyError, TypeError, ValueError) as exc:
        raise ValueError("sealed box cannot be opened") from exc
