"""The stick manifest ``cc2stick.json``: every file the stick carries (path, size, SHA-256), signed.

    {"manifest": {"format": "cc2stick", "version": 1, "created_at": "…Z", "app_version": "0.1.0",
                  "app_dir": "Connexions-Citoyennes" | null, "packs_dir": "packs",
                  "files": [{"path": "Connexions-Citoyennes/cc2desktop", "size": 123, "sha256": "…"}, …]},
     "signature": {"alg": "Ed25519", "key_id": "…", "public_key": "<base64url>", "sig": "<base64url>"}}

The signature is over the RFC 8785 canonical form of ``manifest``, by the key of the PC that
prepared the stick (``<data dir>/keys/stick-signer.key``, made on first use). It proves the manifest
is whole (a damaged manifest is found like any damaged file) and says which PC wrote it; whether
that PC is known is reported (``signer_known``), not required: the stick doctor's job is damage.
Learner data (``<app>/cc2data/``) changes on every use and is not in the manifest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cc2desktop.core import crypto
from cc2desktop.core.errors import CCError

FILENAME = "cc2stick.json"
FORMAT = "cc2stick"
SIGNER_KEY_FILE = "stick-signer.key"
MAX_BYTES = 32 * 1024 * 1024
_SHA = re.compile(r"[0-9a-f]{64}")


class StickError(CCError):
    code = "stick"


@dataclass(frozen=True)
class Entry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class StickManifest:
    files: tuple[Entry, ...]
    app_dir: str | None
    packs_dir: str
    created_at: str
    app_version: str
    signer: str  # key id
    raw: dict

    def entry(self, path: str) -> Entry | None:
        return next((e for e in self.files if e.path == path), None)


def signer_key(keys_dir: Path) -> Any:
    """This PC's stick-signing key (created on first use, readable by its owner only)."""
    path = Path(keys_dir) / SIGNER_KEY_FILE
    if path.is_file():
        return crypto.read_private_key(path)[0]
    key = crypto.generate_key()
    if not crypto.write_private_key(path, key, "stick manifests"):  # another process made one meanwhile
        return crypto.read_private_key(path)[0]
    return key


def document(files: list[Entry], *, key: Any, app_dir: str | None, packs_dir: str, created_at: str,
             app_version: str) -> dict:
    body = {"format": FORMAT, "version": 1, "created_at": created_at, "app_version": app_version,
            "app_dir": app_dir, "packs_dir": packs_dir,
            "files": [{"path": e.path, "size": e.size, "sha256": e.sha256}
                      for e in sorted(files, key=lambda e: e.path)]}
    return {"manifest": body, "signature": {
        "alg": "Ed25519", "key_id": crypto.key_id(key), "public_key": crypto.public_b64url(key),
        "sig": crypto.b64url(crypto.sign_json(key, body))}}


def dump(doc: dict) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parse(data: bytes) -> StickManifest:
    """Check and read a manifest; StickError (code ``stick_manifest``) when it is damaged or forged."""
    def bad(why: str) -> StickError:
        return StickError(f"the stick manifest {FILENAME} is damaged ({why}): prepare the stick again or "
                          "repair it from a good stick", code="stick_manifest")

    if len(data) > MAX_BYTES:
        raise bad("too large")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad("not JSON") from None
    body, sig = (doc.get("manifest"), doc.get("signature")) if isinstance(doc, dict) else (None, None)
    if not isinstance(body, dict) or not isinstance(sig, dict):
        raise bad("not a stick manifest")
    if body.get("format") != FORMAT or body.get("version") != 1:
        raise bad("unknown format")
    try:
        pub = crypto.b64url_decode(str(sig.get("public_key", "")))
        signature = crypto.b64url_decode(str(sig.get("sig", "")))
    except ValueError:
        raise bad("unreadable signature") from None
    if len(pub) != 32 or not crypto.verify_json(pub, signature, body):
        raise bad("bad signature")
    files = body.get("files")
    if not isinstance(files, list):
        raise bad("no file list")
    entries = []
    for f in files:
        if not (isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("size"), int)
                and f["size"] >= 0 and isinstance(f.get("sha256"), str) and _SHA.fullmatch(f["sha256"])):
            raise bad("a badly described file")
        p = f["path"]
        if p.startswith("/") or "\\" in p or any(part in ("", ".", "..") for part in p.split("/")):
            raise bad(f"unsafe path {p!r}")
        entries.append(Entry(p, f["size"], f["sha256"]))
    app_dir = body.get("app_dir")
    return StickManifest(tuple(entries), app_dir if isinstance(app_dir, str) else None,
                         str(body.get("packs_dir") or "packs"), str(body.get("created_at") or ""),
                         str(body.get("app_version") or ""), crypto.key_id(pub), body)


def read(stick: Path) -> StickManifest:
    path = Path(stick) / FILENAME
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise StickError(f"{stick} has no {FILENAME}: it was not prepared with `cc2desktop usb prepare`",
                         code="stick_no_manifest") from None
    except OSError as exc:
        raise StickError(f"cannot read {path}: {exc.strerror or exc}", code="stick_io") from exc
    return parse(data)
