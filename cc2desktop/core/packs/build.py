"""``pack build``: a course source folder → a signed, deterministic ``.cc2pack`` (+ exam key)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cc2desktop.core.packs import keys as keymod
from cc2desktop.core.packs.exam_key import key_path_for, write_exam_key
from cc2desktop.core.packs.manifest import Manifest
from cc2desktop.core.packs.packfile import sign_manifest, write_pack
from cc2desktop.core.packs.progress import Meter, ProgressCallback
from cc2desktop.core.packs.source import load_source


@dataclass
class BuildResult:
    path: Path
    manifest: Manifest
    size: int
    sha256: str
    key_id: str
    exam_key_path: Path | None


def build_pack(src_dir: Path | str, out: Path | str, key: keymod.PrivateKey | Path | str,
               progress: ProgressCallback | None = None, *, rotations: list[dict] | tuple = ()) -> BuildResult:
    """Same source + same key → same bytes: entries sorted, fixed dates and modes, STORED, the
    canonical manifest; Ed25519 signatures are deterministic (RFC 8032)."""
    if not isinstance(key, keymod.PrivateKey):
        key = keymod.load_private(key)
    src = load_source(src_dir, publisher_seed=key.seed)
    m = src.manifest
    data, sig = sign_manifest(m, key, rotations)
    meter = Meter(progress, "build", m.total_size)
    files = [(f, (lambda p=src.files[f.path]: open(p, "rb"))) for f in m.files]
    out = Path(out)
    size, digest = write_pack(out, data, sig, files, progress=lambda n: meter.add(n))
    meter.finish()
    key_path = None
    if src.exam_key is not None:
        key_path = write_exam_key(src.exam_key, key_path_for(out))
    return BuildResult(out, m, size, digest, key.key_id, key_path)
