"""Small real course packs (built from a source folder and signed by the test publisher, which
:func:`install` trusts first as a centre would: the demo key installs only the demo course), for
tests that need PCs which "have a course" without media."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.certification_course import TEST_PUBLISHER_SEED, course_dict, trust_test_publisher


def build_small_pack(root: Path, course_id: str = "test-civictech") -> Path:
    """A signed ``.cc2pack`` of the small test course under another id (no exam)."""
    from cc2desktop.core.packs import keys as keymod
    from cc2desktop.core.packs.build import build_pack

    d = course_dict()
    d["id"] = course_id
    d.pop("certification", None)
    src = root / f"src-{course_id}"
    src.mkdir(parents=True, exist_ok=True)
    (src / "course.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    out = root / f"{course_id}.cc2pack"
    build_pack(src, out, keymod.PrivateKey(TEST_PUBLISHER_SEED, "Test publisher"))
    return out


def install(kit, pack: Path) -> None:  # noqa: ANN001
    from cc2desktop.core.packs.service import install_pack

    trust_test_publisher(kit)
    install_pack(kit, pack)
