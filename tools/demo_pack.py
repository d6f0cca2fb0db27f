"""Build the bundled demo pack ``assets/packs/demo-intro-civictech.cc2pack`` from
``assets/demo-course/`` (run demo_media first), signed with the DEMO-ONLY publisher key
``assets/keys/demo-publisher.key``. The exam key goes to ``…cc2pack.exam-key.json`` beside it.

    python -m tools.demo_pack [--force]

Skips the build when the pack is newer than every source file it would contain.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COURSE_DIR = REPO / "assets" / "demo-course"
PACKS_DIR = REPO / "assets" / "packs"
KEY_FILE = REPO / "assets" / "keys" / "demo-publisher.key"
PACK_NAME = "demo-intro-civictech.cc2pack"


def pack_path() -> Path:
    return PACKS_DIR / PACK_NAME


def _inputs(course_dir: Path) -> list[Path]:
    files = [course_dir / "course.json", KEY_FILE]
    for p in course_dir.rglob("*"):
        if p.is_file() and p.suffix != ".pyc":
            files.append(p)
    return files


def is_up_to_date(course_dir: Path = COURSE_DIR, out: Path | None = None) -> bool:
    out = out or pack_path()
    if not out.exists():
        return False
    newest = max((p.stat().st_mtime for p in _inputs(course_dir) if p.exists()), default=0)
    return out.stat().st_mtime >= newest


def build(course_dir: Path | str = COURSE_DIR, out: Path | str | None = None, force: bool = False) -> bool:
    """Build the demo pack if missing or stale. Returns True when it wrote the pack."""
    course_dir = Path(course_dir)
    out = Path(out) if out else pack_path()
    if not (course_dir / "course.json").exists():
        print(f"[demo_pack] {course_dir}/course.json missing: run tools.demo_media first",
              file=sys.stderr)
        return False
    if not force and is_up_to_date(course_dir, out):
        return False
    from cc2desktop.core.packs.build import build_pack

    res = build_pack(course_dir, out, KEY_FILE)
    print(f"[demo_pack] {res.path.name}: {res.size} bytes, key {res.key_id}, sha256 {res.sha256[:16]}…",
          file=sys.stderr)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    build(force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
