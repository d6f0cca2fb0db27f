"""User settings in an INI file in the data root (never the Windows registry).

Every option is declared once, typed, in :data:`OPTIONS`. Preferences live in sections other than
``[persist]``, which holds remembered UI state (window geometry, last course...).
"""

from __future__ import annotations

import configparser
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class Option:
    section: str
    key: str
    default: Any
    parse: Callable[[str], Any] = str

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


def _bool(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "on", "oui"}


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in [
        Option("ui", "language", "fr"),
        Option("ui", "font_scale", 100, int),
        Option("ui", "high_contrast", False, _bool),
        Option("ui", "idle_logout_minutes", 10, int),  # a shared PC closes an idle profile; 0 = never
        Option("backup", "keep_days", 7, int),  # automatic daily copy of the database; 0 = off
        Option("sync", "server_url", ""),
        Option("sync", "auto", True, _bool),
        Option("packs", "catalog_url", ""),
        Option("persist", "last_learner", ""),
        Option("persist", "window_geometry", ""),
    ]
}


class Settings:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._cp = configparser.ConfigParser(interpolation=None)
        if self.path.exists():
            try:
                self._cp.read(self.path, encoding="utf-8")
            except configparser.Error:
                # A damaged settings file must never stop the app: start from defaults, keep a copy.
                self.path.replace(self.path.with_suffix(".ini.broken"))
                self._cp = configparser.ConfigParser(interpolation=None)

    def get(self, name: str) -> Any:
        opt = OPTIONS[name]
        raw = self._cp.get(opt.section, opt.key, fallback=None)
        if raw is None:
            return opt.default
        try:
            return opt.parse(raw)
        except ValueError:
            return opt.default

    def set(self, name: str, value: Any) -> None:
        opt = OPTIONS[name]
        if not self._cp.has_section(opt.section):
            self._cp.add_section(opt.section)
        self._cp.set(opt.section, opt.key, str(value).lower() if isinstance(value, bool) else str(value))

    def save(self) -> None:
        """Write atomically (temp file + rename) so a power cut never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                self._cp.write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
