"""``outline-cache.json`` in the data root: what the first window shows before the database opens.

Stdlib only (no SQLAlchemy): the GUI reads it with :mod:`json` to paint the course outline and the
profile tiles at once, then opens the Kit in a worker. Written atomically whenever courses or
profiles change. Shape::

    {"version": 1,
     "courses": [{"id", "version", "languages", "title": {lang: text},
                  "modules": [{"id", "title", "capsules": [{"id", "title", "duration_s"}]}]}],
     "learners": [{"id", "name", "has_pin", "needs_pin"}],
     "courses_fingerprint": "…"}   # installed packs and course folders when "courses" was written

One writer: :meth:`cc2desktop.core.learning.facade.Learning.write_startup_cache` (called by the Kit
after any change to learners or courses).

Only names and titles: no progress, no PIN material (the file is readable by anyone on the PC).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FILENAME = "outline-cache.json"
VERSION = 1


def path(root: str | Path) -> Path:
    return Path(root) / FILENAME


def read(root: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": VERSION, "courses": [], "learners": []}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {"version": VERSION, "courses": [], "learners": []}
    data.setdefault("courses", [])
    data.setdefault("learners", [])
    return data


def update(root: str | Path, *, courses: list[dict] | None = None, learners: list[dict] | None = None,
           courses_fingerprint: str | None = None) -> bool:
    """Replace the given parts; returns True when the file changed."""
    data = read(root)
    new = dict(data)
    if courses is not None:
        new["courses"] = courses
        new["courses_fingerprint"] = courses_fingerprint
    if learners is not None:
        new["learners"] = learners
    if new == data and path(root).exists():
        return False
    target = path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".outline-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(new, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
