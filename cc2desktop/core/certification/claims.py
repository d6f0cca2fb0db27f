"""An exam claim's signature and the pack it names: what a PC signs and what the server checks
(:mod:`cc2desktop.core.certification.exam` writes claims, :mod:`~cc2desktop.core.certification.decision`
decides them). The signature is the device key's over the canonical JSON (:func:`cc2desktop.core.crypto.canonicalize`)
of every field but ``sig``; claims signed by earlier versions (sorted-keys JSON) still verify."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cc2desktop.core import crypto
from cc2desktop.core.packs.manifest import Manifest


def manifest_digest(manifest: Manifest) -> str:
    """SHA-256 of the manifest's RFC 8785 canonical JSON: the claim names the pack the exam was
    taken from, and the server compares it with the published one."""
    return hashlib.sha256(crypto.canonicalize(manifest.to_json_obj())).hexdigest()


def device_key(keys_dir: Path) -> Ed25519PrivateKey:
    """This PC's device key (the sync domain owns it: same file, same format)."""
    from cc2desktop.core.sync.keys import load_or_create_device_key

    return load_or_create_device_key(keys_dir)


def sign_claim(body: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    body = {k: v for k, v in body.items() if k != "sig"}
    return {**body, "sig": crypto.b64url(crypto.sign_json(key, body))}


def claim_signature_ok(claim: dict[str, Any], public_key_b64: str) -> bool:
    try:
        sig = crypto.b64url_decode(str(claim.get("sig", "")))
    except ValueError:
        return False
    return crypto.verify_json(public_key_b64, sig, {k: v for k, v in claim.items() if k != "sig"})
