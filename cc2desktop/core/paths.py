"""Where the data lives.

Order of precedence (first match wins):

1. ``--data-dir DIR`` on the command line;
2. the ``CC2_DATA_DIR`` environment variable;
3. **portable mode**: a file named ``cc2desktop-portable`` next to the launcher (the executable, or
   the ``cc2desktop`` script) puts the data in ``cc2data/`` beside it, e.g. on a USB stick. A stick's
   Linux start script that runs a copy of the executable from elsewhere names the stick's app
   folder in ``CC2_LAUNCHER_DIR``;
4. platformdirs' per-user data directory.

Everything stored in the database or the settings is relative to :attr:`DataPaths.root`, so a
stick that gets another drive letter keeps working.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cc2desktop.core.errors import DataDirError

PORTABLE_MARKER = "cc2desktop-portable"
PORTABLE_DATA_DIRNAME = "cc2data"
ENV_DATA_DIR = "CC2_DATA_DIR"
ENV_LAUNCHER_DIR = "CC2_LAUNCHER_DIR"
APP_NAME = "cc2desktop"
APP_AUTHOR = "ConnexionsCitoyennes"


@dataclass(frozen=True)
class DataPaths:
    root: Path
    source: str  # "option" | "env" | "portable" | "user"

    @property
    def portable(self) -> bool:
        return self.source == "portable"

    @property
    def db_path(self) -> Path:
        return self.root / "cc2desktop.sqlite3"

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.ini"

    @property
    def store_dir(self) -> Path:
        """Content-addressed blobs of installed packs."""
        return self.root / "store"

    @property
    def downloads_dir(self) -> Path:
        """Partial downloads, kept across restarts so they can resume."""
        return self.root / "downloads"

    @property
    def tmp_dir(self) -> Path:
        """Scratch space on the same file system as the store (atomic renames)."""
        return self.root / "tmp"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"

    @property
    def logs_dir(self) -> Path:
        """The rotating log (``cc2desktop.log``): background failures, for "copy the diagnostic"."""
        return self.root / "logs"

    def relative(self, path: Path) -> str:
        """A path under the root, as stored (POSIX separators, relative)."""
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def absolute(self, stored: str) -> Path:
        return self.root / Path(stored)

    def ensure(self) -> "DataPaths":
        try:
            for d in (self.root, self.store_dir, self.downloads_dir, self.tmp_dir, self.keys_dir):
                d.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataDirError(f"cannot create the data directory {self.root}: {exc.strerror or exc}") from exc
        if not os.access(self.root, os.W_OK):
            raise DataDirError(f"the data directory {self.root} is not writable")
        return self


def launcher_dir() -> Path:
    """The folder holding the program the user started (the frozen exe, or the script)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0] or ".").resolve().parent


def resolve_data_paths(
    option: str | os.PathLike[str] | None = None,
    *,
    environ: dict[str, str] | None = None,
    launcher: Path | None = None,
) -> DataPaths:
    """Pick the data directory; pure apart from reading the marker file."""
    env = os.environ if environ is None else environ
    if option:
        return DataPaths(Path(option).expanduser().absolute(), "option")
    if env.get(ENV_DATA_DIR):
        return DataPaths(Path(env[ENV_DATA_DIR]).expanduser().absolute(), "env")
    if launcher is not None:
        where = launcher
    elif env.get(ENV_LAUNCHER_DIR):
        where = Path(env[ENV_LAUNCHER_DIR]).expanduser().absolute()
    else:
        where = launcher_dir()
    if (where / PORTABLE_MARKER).exists():
        return DataPaths((where / PORTABLE_DATA_DIRNAME).absolute(), "portable")
    import platformdirs

    return DataPaths(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)), "user")


def assets_dir() -> Path:
    """The bundled assets (fonts, translations, demo packs): beside the package when running from
    source, inside the bundle when frozen by PyInstaller."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "assets"
    return Path(__file__).resolve().parents[2] / "assets"
