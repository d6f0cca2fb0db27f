"""Ed25519 keys of certification: the issuer (server) key that signs certificates, and the keys the
app trusts when it verifies one offline.

- The **demo** issuer key pair ships in ``assets/keys/`` (``DEMO-ONLY-certificate-issuer.*``). Its
  private half is public knowledge: it exists so that the demo server and the demo app agree out of
  the box. A real programme server must use its own key (``--key`` or ``<data dir>/keys/
  certificate-issuer.key``) and ship its public key to the app (``<data dir>/keys/trusted-issuers/
  *.pub`` or the bundled assets).
- Key files are :mod:`cc2desktop.core.crypto`'s (PEM files written by earlier versions, like the
  bundled demo key, are read too); a key is named in payloads by its *key id*: the first 4 bytes of
  SHA-256 of the raw public key, in hex.
"""

from __future__ import annotations

import logging
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cc2desktop.core import crypto
from cc2desktop.core.errors import CCError
from cc2desktop.core.paths import assets_dir

log = logging.getLogger(__name__)

DEMO_KEY_NAME = "DEMO-ONLY-certificate-issuer"
ISSUER_KEY_FILE = "certificate-issuer.key"
TRUSTED_DIR = "trusted-issuers"
KEY_ID_HEXDIGITS = 8


class IssuerKeyError(CCError):
    code = "cert_key"


def demo_private_key_path() -> Path:
    return assets_dir() / "keys" / f"{DEMO_KEY_NAME}.key"


def demo_public_key_path() -> Path:
    return assets_dir() / "keys" / f"{DEMO_KEY_NAME}.pub"


def generate_keypair(private_path: Path, public_path: Path | None = None) -> Ed25519PrivateKey:
    """A new key pair written to key files (the private file readable by its owner only)."""
    key = crypto.generate_key()
    crypto.write_private_key(Path(private_path), key, "certificate issuer", replace=True)
    if public_path is not None:
        crypto.write_public_key(Path(public_path), key, "certificate issuer")
    return key


def key_id(pub: Ed25519PublicKey) -> str:
    return crypto.key_id(pub, KEY_ID_HEXDIGITS)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        return crypto.read_private_key(path)[0]
    except crypto.KeyFileError as exc:
        raise IssuerKeyError(str(exc)) from None


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        return crypto.read_public_key(path)[0]
    except crypto.KeyFileError as exc:
        raise IssuerKeyError(str(exc)) from None


def issuer_key(data_dir: Path | None = None, key_path: Path | None = None) -> Ed25519PrivateKey:
    """The server's certificate-signing key: ``--key``, else ``<data dir>/keys/certificate-issuer.key``,
    else the DEMO key (logged loudly: anyone can forge certificates signed by it) from a source
    checkout, or a new key made in the data dir by a build of the app (which ships no private key)."""
    if key_path is not None:
        return load_private_key(Path(key_path))
    if data_dir is not None:
        for candidate in (Path(data_dir) / "keys" / ISSUER_KEY_FILE, Path(data_dir) / ISSUER_KEY_FILE):
            if candidate.is_file():
                return load_private_key(candidate)
    if not demo_private_key_path().is_file():
        # a build of the app ships no private key: a server started from it makes its own
        if data_dir is None:
            raise IssuerKeyError("no certificate-signing key: pass --key FILE")
        path = Path(data_dir) / "keys" / ISSUER_KEY_FILE
        log.warning("created a certificate-signing key for this server: %s (give its public half %s to the "
                    "apps that verify its certificates)", path, path.with_suffix(".pub"))
        generate_keypair(path, path.with_suffix(".pub"))
        return load_private_key(path)
    # `serve` warns about it at start (server/checks.py) and on its admin page
    log.info("signing certificates with the DEMO issuer key (demo only: pass --key for real use)")
    return load_private_key(demo_private_key_path())


def trusted_issuers(keys_dir: Path | None = None) -> dict[str, Ed25519PublicKey]:
    """Key id → public key: the bundled demo key, every ``assets/keys/*issuer*.pub``, and every
    ``<keys_dir>/trusted-issuers/*.pub`` of this data directory."""
    out: dict[str, Ed25519PublicKey] = {}
    paths = sorted((assets_dir() / "keys").glob("*issuer*.pub"))
    if keys_dir is not None:
        paths += sorted((Path(keys_dir) / TRUSTED_DIR).glob("*.pub"))
    for p in paths:
        try:
            pub = load_public_key(p)
        except IssuerKeyError as exc:
            log.warning("ignoring %s", exc)
            continue
        out[key_id(pub)] = pub
    return out


def is_demo_key(pub: Ed25519PublicKey) -> bool:
    try:
        return key_id(pub) == key_id(load_public_key(demo_public_key_path()))
    except IssuerKeyError:
        return False
