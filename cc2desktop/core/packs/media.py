"""Find ``.cc2pack`` files on mounted removable media (USB sticks, SD cards) and describe them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from cc2desktop.core import system
from cc2desktop.core.errors import CCError
from cc2desktop.core.packs import keys as keymod
from cc2desktop.core.packs.packfile import PackReader, UntrustedPackError
from cc2desktop.core.packs.parts import INDEX_SUFFIX, read_index

MAX_DEPTH = 3  # folders below a mount point that are searched (a stick's root, /packs, /x/y)
MAX_FOUND = 200


def removable_roots() -> list[Path]:
    """Where removable media get mounted: /media/<user>/<label>, /run/media/<user>/<label>, /mnt/*
    (Linux), /Volumes/* (macOS), removable drive letters (Windows)."""
    return system.removable_roots()


def find_pack_files(roots: Iterable[Path], max_depth: int = MAX_DEPTH) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        root = Path(root)
        base_depth = len(root.parts)
        for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: None, followlinks=False):
            depth = len(Path(dirpath).parts) - base_depth
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "$")) and depth < max_depth)
            for f in sorted(filenames):
                if f.lower().endswith((".cc2pack", ".cc2pack" + INDEX_SUFFIX)):  # a pack, or a split pack's index
                    found.append(Path(dirpath) / f)
                    if len(found) >= MAX_FOUND:
                        return found
    return found


def describe_pack(path: Path, trusted: dict[str, keymod.PublicKey], installed: dict[str, str]) -> dict[str, Any]:
    """A pack as a list row: ``path``, ``size``, ``ok``, ``id``, ``version``, ``title``,
    ``installed_version``, ``status`` ("new" | "update" | "installed" | "older" | "untrusted" |
    "invalid") and ``error`` (one line)."""
    row: dict[str, Any] = {"path": str(path), "name": path.name, "ok": False, "id": None, "version": None,
                           "title": {}, "installed_version": None, "status": "invalid", "error": None}
    try:
        row["size"] = path.stat().st_size
        if path.name.lower().endswith(INDEX_SUFFIX):  # a split pack: the whole pack's size
            row["size"] = read_index(path).size
    except (OSError, CCError):
        row["size"] = 0
    try:
        with PackReader(path, trusted) as r:
            m = r.manifest
    except UntrustedPackError as exc:
        row.update(status="untrusted", error=exc.message)
        return row
    except CCError as exc:
        row["error"] = exc.message
        return row
    inst = installed.get(m.id)
    row.update(ok=True, id=m.id, version=m.version, title=dict(m.title), installed_version=inst,
               languages=list(m.languages))
    if inst is None:
        row["status"] = "new"
    else:
        iv = tuple(int(x) for x in inst.split("."))
        row["status"] = "update" if m.version_tuple > iv else ("installed" if m.version_tuple == iv else "older")
    return row


def scan_media(kit, roots: Iterable[Path] | None = None) -> list[dict[str, Any]]:  # noqa: ANN001
    """Every pack on removable media (or under ``roots``), described for the install dialog."""
    from cc2desktop.core.packs import service

    trusted = service.trusted(kit)
    installed = {c["id"]: c["version"] for c in service.list_courses(kit)}
    found = find_pack_files(removable_roots() if roots is None else roots)
    return [describe_pack(p, trusted, installed) for p in found]
