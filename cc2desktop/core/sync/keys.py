"""This PC's device key (Ed25519): it signs USB bundles and exam claims. Key files, signatures and
sealed boxes are :mod:`cc2desktop.core.crypto`'s."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cc2desktop.core import crypto

DEVICE_KEY_FILE = "device_ed25519.key"


def load_or_create_device_key(keys_dir: Path) -> Ed25519PrivateKey:
    """This data directory's device key, created (0600, atomically) at first use; a key file written by
    an earlier version (its 32 raw bytes) is read as it is."""
    path = Path(keys_dir) / DEVICE_KEY_FILE
    if not path.exists():
        crypto.write_private_key(path, crypto.generate_key(), "device", replace=False)  # never replaces
    return crypto.read_private_key(path)[0]
