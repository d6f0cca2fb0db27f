"""``kit.packs``: installed courses, installs from files, sticks and catalogs, verify and repair, in
the facade calling style. Long work takes ``progress`` and ``cancel`` like the service functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cc2desktop.core.changes import Changes, Done
from cc2desktop.core.packs import service
from cc2desktop.core.packs.service import InstallResult

COURSES = Changes(courses=True)


class Packs:
    def __init__(self, kit: Any) -> None:
        self.kit = kit

    # ------------------------------------------------------------------------------ reads
    def courses(self) -> list[dict]:
        return service.list_courses(self.kit)

    def installed_versions(self) -> dict[str, str]:
        return {c["id"]: c["version"] for c in service.list_courses(self.kit)}

    def manifest(self, course_id: str):  # noqa: ANN201 - a Manifest
        return service.get_manifest(self.kit, course_id)

    def languages(self, course_id: str) -> list[str]:
        return list(service.get_manifest(self.kit, course_id).languages)

    def scan_media(self, roots: list[Path] | None = None) -> list[dict[str, Any]]:
        from cc2desktop.core.packs import media

        return media.scan_media(self.kit, roots)

    def catalog_url(self) -> str:
        return self.kit.settings.get("packs.catalog_url") or ""

    def fetch_catalog(self, url: str | None = None, cancel: Any = None) -> list[dict[str, Any]]:
        return service.fetch_catalog(self.kit, url, cancel=cancel)

    def verify(self, progress: Any = None, cancel: Any = None) -> dict[str, Any]:
        return service.verify_store(self.kit, progress=progress, cancel=cancel)

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
        return self._installed(service.install_pack(self.kit, source, progress=progress, cancel=cancel,
                                                    allow_downgrade=allow_downgrade))

    def install_catalog_entry(self, entry: dict[str, Any], progress: Any = None, cancel: Any = None) -> Done[InstallResult]:
        return self._installed(service.install_catalog_entry(self.kit, entry, progress=progress, cancel=cancel))

    def ensure_bundled(self, packs_dir: Path | str | None, progress: Any = None) -> Done[list[str]]:
        """Install the bundled packs (the demo course) that are missing or newer."""
        if packs_dir is None:
            return Done([])
        done = service.ensure_bundled_installed(self.kit, packs_dir, progress=progress)
        return Done(done, self.kit.changed(COURSES if done else Changes()))

    def remove(self, course_id: str) -> Done[dict[str, int]]:
        return Done(service.remove_course(self.kit, course_id), self.kit.changed(COURSES))

    def repair(self, pack: Path | str, damaged: list[dict] | None = None, progress: Any = None,
               cancel: Any = None) -> Done[dict[str, Any]]:
        out = service.repair_from_pack(self.kit, pack, damaged, progress=progress, cancel=cancel)
        return Done(out, self.kit.changed(COURSES if out.get("repaired") else Changes()))
