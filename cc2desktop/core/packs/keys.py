"""Publisher keys (Ed25519): the key pair a publisher signs packs with, the trusted-publisher list.

Key files are :mod:`cc2desktop.core.crypto`'s (``keys new --out KEYFILE`` writes ``KEYFILE``, mode
0600, and ``KEYFILE.pub``, what ``keys trust`` takes); files written by earlier versions (types
``cc2desktop-publisher-key`` / ``-pubkey``) are read as they are. **Key id** = the first 16 hex
digits of SHA-256 over the raw 32-byte public key.

Trusted publishers live in ``<data dir>/keys/trusted-publishers/<key_id>.pub``. The demo publisher
key (``assets/keys/demo-publisher.pub``, embedded below) signs the bundled demo course; its private
half is committed on purpose, so it is trusted for the demo course id (:data:`DEMO_COURSE_ID`) only,
and only in a build that ships the demo (:func:`ships_demo`: ``demo`` in ``assets/build-info.json``,
see :mod:`cc2desktop.core.build_info`).

**Pinning and rotation** (docs/pack-format.md §4): the key that signed a course's first install is
pinned for that course id; an update must be signed by the pinned key or by a successor named in a
chain of *rotation records*, each signed by the key before it (:func:`make_rotation`,
:func:`follow_rotations`). Rotation records travel in the pack's signature file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cc2desktop.core import crypto
from cc2desktop.core.build_info import DEMO_COURSE_ID
from cc2desktop.core.errors import CCError
from cc2desktop.core.paths import DataPaths

TRUSTED_DIRNAME = "trusted-publishers"

# The demo publisher's public key (assets/keys/demo-publisher.pub); trusted by default.
DEMO_PUBLIC_KEY_B64 = "WsdxyJxHDoULjUuIz0INNcG9WcwdjkSRkpyjWvIFBos="  # key id 6d893047564b5f64
DEMO_KEY_NAME = "Connexions Citoyennes DEMO publisher (demo only)"


ROTATION_TYPE = "cc2desktop-key-rotation"
MAX_ROTATIONS = 16


class KeyError_(CCError):
    code = "pack_key"


def ships_demo() -> bool:
    """Whether this copy ships the demo course, and so trusts the demo publisher key for it (the
    build-time switch of :mod:`cc2desktop.core.build_info`)."""
    from cc2desktop.core import build_info

    return build_info.current().demo


def demo_trusted_for(course_id: str) -> bool:
    return course_id == DEMO_COURSE_ID and ships_demo()


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
    """Trust ``pub`` for installs of new courses (never the demo key: it is trusted for the demo
    course alone)."""
    if pub.key_id == demo_public_key().key_id:
        raise KeyError_("the demo publisher key signs the demo course only: it cannot be trusted for others",
                        code="pack_demo_key")
    dest = trusted_dir(paths) / f"{pub.key_id}.pub"
    crypto.write_public_key(dest, crypto.public_key_from_raw(pub.raw), pub.name)
    return dest


def trusted_keys(paths: DataPaths) -> dict[str, PublicKey]:
    """key id → public key whose signatures are checked: the demo publisher plus every key added with
    ``keys trust`` (which course a key may install or update is decided by :func:`follow_rotations`
    and the pins). A damaged file in the trusted folder is skipped (it can only make a pack untrusted)."""
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


# --- key rotation --------------------------------------------------------------------------------
def _rotation_body(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if k != "signature"}


def make_rotation(old: PrivateKey, new: PublicKey, *, courses: list[str] | None = None,
                  created_at: str | None = None) -> dict:
    """A rotation record: ``old`` names ``new`` its successor, for ``courses`` (course ids; none: every
    course ``old`` signed). Signed by ``old`` over the RFC 8785 bytes of the record without its
    ``signature``."""
    from cc2desktop.core.db.base import utcnow_iso

    rec = {"type": ROTATION_TYPE, "schema": 1, "from_key_id": old.key_id, "to_key_id": new.key_id,
           "to_public_key": crypto.b64(new.raw), "to_name": new.name or "",
           "courses": sorted(set(courses or [])), "created_at": created_at or utcnow_iso()}
    rec["signature"] = crypto.b64(old.sign(crypto.canonicalize(rec)))
    return rec


def rotation_successor(rec: object, signer: PublicKey, course_id: str) -> PublicKey | None:
    """The key ``rec`` names as the successor of ``signer`` for ``course_id``, or None (not a record
    of ``signer``, another course, a bad signature or anything malformed)."""
    if not isinstance(rec, dict) or rec.get("type") != ROTATION_TYPE or rec.get("from_key_id") != signer.key_id:
        return None
    courses = rec.get("courses")
    if not isinstance(courses, list) or (courses and course_id not in courses):
        return None
    try:
        raw = crypto.b64_decode(str(rec["to_public_key"]))
        sig = crypto.b64_decode(str(rec["signature"]))
        body = crypto.canonicalize(_rotation_body(rec))
    except (KeyError, ValueError, TypeError, crypto.CanonicalJSONError):
        return None
    if len(raw) != 32 or key_id_of(raw) != rec.get("to_key_id") or not signer.verify(sig, body):
        return None
    return PublicKey(raw, str(rec.get("to_name") or ""))


def follow_rotations(start: PublicKey, rotations: list[dict] | tuple, course_id: str) -> dict[str, PublicKey]:
    """Every key reachable from ``start`` through valid rotation records for ``course_id`` (``start``
    included), by key id."""
    reach = {start.key_id: start}
    for _ in range(min(len(rotations), MAX_ROTATIONS)):
        grew = False
        for rec in rotations[:MAX_ROTATIONS]:
            for key in list(reach.values()):
                nxt = rotation_successor(rec, key, course_id)
                if nxt is not None and nxt.key_id not in reach:
                    reach[nxt.key_id] = nxt
                    grew = True
        if not grew:
            break
    return reach


def signer_allowed(course_id: str, signer_key_id: str, rotations: list[dict] | tuple, *,
                   pinned: PublicKey | None, trusted: dict[str, PublicKey]) -> PublicKey | None:
    """The key that may sign ``course_id`` now (to pin), or None. Pinned: the pinned key or a
    successor it (transitively) signed. Not pinned yet: a key trusted with ``keys trust`` (the demo
    key only for the demo course in a build that ships it), or a successor of one."""
    if pinned is not None:
        return follow_rotations(pinned, rotations, course_id).get(signer_key_id)
    demo = demo_public_key().key_id
    for kid, key in trusted.items():
        if kid == demo and not demo_trusted_for(course_id):
            continue
        found = follow_rotations(key, rotations, course_id).get(signer_key_id)
        if found is not None:
            return found
    return None
