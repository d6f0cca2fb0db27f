"""``kit.stick``: prepare, verify and repair USB sticks from this PC (its signing key, the publishers
it trusts). Plain data back; nothing here changes the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from cc2desktop.core.jobs import Job


def running_build() -> Path | None:
    """The one-folder build this process runs from (the app to copy onto a stick), if any."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


class Stick:
    def __init__(self, kit: Any) -> None:
        self.kit = kit

    def known_signers(self) -> set[str]:
        from cc2desktop.core import crypto
        from cc2desktop.core.stick import manifest as mf

        out = set(self._trusted())
        key_file = self.kit.paths.keys_dir / mf.SIGNER_KEY_FILE
        if key_file.is_file():
            out.add(crypto.key_id(crypto.read_private_key(key_file)[0]))
        return out

    def _trusted(self) -> dict[str, Any]:
        from cc2desktop.core.packs import keys as keymod

        return keymod.trusted_keys(self.kit.paths)

    def prepare(self, stick: Path | str, app: Path | str | None = None, packs: Path | str | None = None,
                job: Job | None = None, **options: Any) -> dict[str, Any]:
        from cc2desktop.core.stick import service

        return service.prepare(Path(stick), app=Path(app) if app else None, packs=Path(packs) if packs else None,
                               keys_dir=self.kit.paths.keys_dir, trusted=self._trusted(), job=job, **options)

    def verify(self, stick: Path | str, job: Job | None = None) -> dict[str, Any]:
        from cc2desktop.core.stick import service

        return service.verify(Path(stick), known_signers=self.known_signers(), job=job)

    def repair(self, stick: Path | str, source: Path | str, job: Job | None = None) -> dict[str, Any]:
        from cc2desktop.core.stick import service

        return service.repair(Path(stick), Path(source), job=job)
