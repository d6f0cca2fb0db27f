"""Publisher keys (Ed25519): the key pair a publisher signs packs with, the trusted-publisher list.

Key files are :mod:`cc2desktop.core.crypto`'s (``keys new --out KEYFILE`` writes ``KEYFILE``, mode
0600, and ``KEYFILE.pub``, what ``keys trust`` takes); files written by earlier versions (types
``cc2desktop-publisher-key`` / ``-pubkey``) are read as they are. **Key id** = the first 16 hex
digits of SHA-256 over the raw 32-byte public key.

Trusted publishers live in ``<data dir>/keys/trusted-publishers/<key_id>.pub``. The demo publisher
key (``assets/keys/demo-publisher.pub``, embedded below) is always trusted: it signs the bundled
demo course. Its private half is committed on purpose, for the demo only: never sign a real course
with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cc2desktop.core import crypto
from cc2desktop.core.errors import CCError
from cc2desktop.core.paths import DataPaths

TRUSTED_DIRNAME = "trusted-publishers"

# The demo publisher's public key (assets/keys/demo-publisher.pub); trusted by default.
DEMO_PUBLIC_KEY_B64 = "WsdxyJxHDoULjUuIz0INNcG9WcwdjkSRkpyjWvIFBos="  # key id 6d893047564b5f64
DEMO_KEY_NAME = "Connexions Citoyennes DEMO publisher (demo only)"


class KeyError_(CCError):
    code = "pack_key"


def key_id_of(public_raw: bytes) -> str:
    return crypto.key_id(public_raw)


@dataclass(frozen=True)
class PublicKey:
    raw: bytes
    name: str = ""

    @property
    def key_id(self) -> str:
        return key_id_of(self.raw)

    def verify(self, signature: bytes, data: bytes) -> bool:
        return crypto.verify(self.raw, signature, data)


@dataclass(frozen=True)
class PrivateKey:
    seed: bytes
    name: str = ""

    @property
    def public(self) -> PublicKey:
        return PublicKey(crypto.public_raw(crypto.private_key_from_raw(self.seed)), self.name)

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def sign(self, data: bytes) -> bytes:
        return crypto.private_key_from_raw(self.seed).sign(data)


def generate(name: str = "") -> PrivateKey:
    return PrivateKey(crypto.private_raw(crypto.generate_key()), name)


def load_private(path: Path | str) -> PrivateKey:
    try:
        key, name = crypto.read_private_key(path)
    except crypto.KeyFileError as exc:
        raise KeyError_(str(exc)) from None
    return PrivateKey(crypto.private_raw(key), name)


def load_public(path: Path | str) -> PublicKey:
    """A public key file, or the public half of a private key file."""
    try:
        key, name = crypto.read_public_key(path)
    except crypto.KeyFileError as exc:
        raise KeyError_(str(exc)) from None
    return PublicKey(crypto.public_raw(key), name)


def write_key_pair(key: PrivateKey, out: Path | str, *, overwrite: bool = False) -> tuple[Path, Path]:
    """Write ``out`` (private, mode 0600) and ``out.pub``. Refuses to overwrite an existing key."""
    out = Path(out)
    pub_path = out.with_name(out.name + ".pub")
    if not overwrite and (out.exists() or pub_path.exists()):
        raise KeyError_(f"{out} already exists: refusing to overwrite a key")
    private = crypto.private_key_from_raw(key.seed)
    crypto.write_private_key(out, private, key.name, replace=True)
    crypto.write_public_key(pub_path, private, key.name)
    return out, pub_path


# --- trusted publishers ------------------------------------------------------------------------
def demo_public_key() -> PublicKey:
    return PublicKey(crypto.b64_decode(DEMO_PUBLIC_KEY_B64), DEMO_KEY_NAME)


def trusted_dir(paths: DataPaths) -> Path:
    return paths.keys_dir / TRUSTED_DIRNAME


def trust(paths: DataPaths, pub: PublicKey) -> Path:
    dest = trusted_dir(paths) / f"{pub.key_id}.pub"
    crypto.write_public_key(dest, crypto.public_key_from_raw(pub.raw), pub.name)
    return dest


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
