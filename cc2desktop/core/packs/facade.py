"""``kit.packs``: installed courses, installs from files, sticks and catalogs, verify and repair, in
the facade calling style. Long work takes ``progress`` and ``cancel`` like the service functions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cc2desktop.core.changes import Changes, Done

if TYPE_CHECKING:  # the service (manifests, signatures) is imported on first use, not at start-up
    from cc2desktop.core.packs.service import InstallResult

COURSES = Changes(courses=True)
BUNDLED_STAMP = "packs.bundled_stamp"  # Meta key: the bundled packs as last checked


def _service():  # noqa: ANN202
    from cc2desktop.core.packs import service

    return service


class Packs:
    def __init__(self, kit: Any) -> None:
        self.kit = kit

    # ------------------------------------------------------------------------------ reads
    def courses(self) -> list[dict]:
        return _service().list_courses(self.kit)

    def installed_versions(self) -> dict[str, str]:
        return {c["id"]: c["version"] for c in _service().list_courses(self.kit)}

    def manifest(self, course_id: str):  # noqa: ANN201 - a Manifest
        return _service().get_manifest(self.kit, course_id)

    def languages(self, course_id: str) -> list[str]:
        return list(_service().get_manifest(self.kit, course_id).languages)

    def scan_media(self, roots: list[Path] | None = None) -> list[dict[str, Any]]:
        from cc2desktop.core.packs import media

        return media.scan_media(self.kit, roots)

    def catalog_url(self) -> str:
        """The catalog address last used (the shared Settings; no database read)."""
        return self.kit.settings.get("packs.catalog_url") or ""

    def catalog_address(self) -> str:
        """What "Download courses" starts from: the address last used, else the server this PC is
        enrolled with."""
        return _service().catalog_address(self.kit)

    def fetch_catalog(self, url: str | None = None, cancel: Any = None) -> list[dict[str, Any]]:
        return _service().fetch_catalog(self.kit, url, cancel=cancel)

    def verify(self, progress: Any = None, cancel: Any = None) -> dict[str, Any]:
        return _service().verify_store(self.kit, progress=progress, cancel=cancel)

    # ------------------------------------------------------------------------------ mutations
    def set_catalog_url(self, url: str) -> Done[None]:
        """Remember the catalog address (the shared Settings: the window's save keeps it)."""
        if url != self.catalog_url():
            self.kit.settings.set("packs.catalog_url", url)
            self.kit.settings.save()
        return Done(None)

    def _installed(self, res: InstallResult) -> Done[InstallResult]:
        return Done(res, self.kit.changed(COURSES if res.status != "unchanged" else Changes()))

    def install(self, source: Path | str, progress: Any = None, cancel: Any = None, *,
                allow_downgrade: bool = False) -> Done[InstallResult]:
        return self._installed(_service().install_pack(self.kit, source, progress=progress, cancel=cancel,
                                                    allow_downgrade=allow_downgrade))

    def install_catalog_entry(self, entry: dict[str, Any], progress: Any = None,
                              cancel: Any = None) -> Done[InstallResult]:
        return self._installed(_service().install_catalog_entry(self.kit, entry, progress=progress, cancel=cancel))

    def installed_fingerprint(self) -> list[tuple[str, str]]:
        """(course id, manifest SHA-256) of every installed course: says whether anything changed
        without reading a manifest."""
        from sqlalchemy import select

        from cc2desktop.core.packs.models import InstalledPack

        with self.kit.read() as s:
            return [tuple(r) for r in s.execute(select(InstalledPack.course_id, InstalledPack.manifest_sha256)
                                                .order_by(InstalledPack.course_id))]

    def _bundled_stamp(self, dirs: list[Path]) -> str:
        files = []
        for d in dirs:
            for p in _service().bundled_pack_files(d):
                st = p.stat()
                files.append(f"{d.name}/{p.name}:{st.st_size}:{st.st_mtime_ns}")
        return "|".join(files) + "#" + ",".join(f"{c}:{sha}" for c, sha in self.installed_fingerprint())

    def ensure_bundled(self, packs_dir: Path | str | list | None, progress: Any = None) -> Done[list[str]]:
        """Install the bundled packs (the demo course; on a stick, also its packs/ folder) that are
        missing or newer, and clean what an interrupted install left. ``packs_dir``: one folder or
        several. Skipped when neither the bundled packs nor the installed courses changed since the
        last check (no pack is opened then: a start stays light)."""
        if packs_dir is None:
            return Done([])
        from cc2desktop.core.db.models import Meta

        dirs = [Path(d) for d in (packs_dir if isinstance(packs_dir, (list, tuple)) else [packs_dir])]
        stamp = self._bundled_stamp(dirs)
        with self.kit.read() as s:
            row = s.get(Meta, BUNDLED_STAMP)
            if row is not None and row.value == stamp and not _has_leftovers(self.kit.paths):
                return Done([])
        done: list[str] = []
        for d in dirs:
            done += [c for c in _service().ensure_bundled_installed(self.kit, d, progress=progress) if c not in done]
        with self.kit.write() as s:
            s.merge(Meta(key=BUNDLED_STAMP, value=self._bundled_stamp(dirs)))
        return Done(done, self.kit.changed(COURSES if done else Changes()))

    def clean_leftovers(self) -> dict[str, int]:
        """Store upkeep: temporary files and blobs no course references (after an interrupted
        install), stale partial downloads."""
        return _service().cleanup_leftovers(self.kit)

    def remove(self, course_id: str) -> Done[dict[str, int]]:
        return Done(_service().remove_course(self.kit, course_id), self.kit.changed(COURSES))

    def repair(self, pack: Path | str, damaged: list[dict] | None = None, progress: Any = None,
               cancel: Any = None) -> Done[dict[str, Any]]:
        out = _service().repair_from_pack(self.kit, pack, damaged, progress=progress, cancel=cancel)
        return Done(out, self.kit.changed(COURSES if out.get("repaired") else Changes()))


def _has_leftovers(paths: Any) -> bool:
    """Whether an install was interrupted (temporary files in the store's scratch folder)."""
    try:
        with os.scandir(paths.tmp_dir) as it:
            return any(True for _ in it)
    except OSError:
        return False
