"""Small real course packs (built from a source folder and signed by the demo publisher key), for
tests that need PCs which "have a course" without media."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.certification_course import course_dict


def build_small_pack(root: Path, course_id: str = "test-civictech") -> Path:
    """A signed ``.cc2pack`` of the small test course under another id (no exam)."""
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.paths import assets_dir

    d = course_dict()
    d["id"] = course_id
    d.pop("certification", None)
    src = root / f"src-{course_id}"
    src.mkdir(parents=True, exist_ok=True)
    (src / "course.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    out = root / f"{course_id}.cc2pack"
    build_pack(src, out, assets_dir() / "keys" / "demo-publisher.key")
    return out


def install(kit, pack: Path) -> None:  # noqa: ANN001
    from cc2desktop.core.packs.service import install_pack

    install_pack(kit, pack)
