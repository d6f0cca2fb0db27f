"""Private files: the data folders are ``0700`` and the files in them ``0600`` (the device token, the
learners' answers and PIN hashes, private keys, the logs, the settings, an exam answer key).

One platform seam, :func:`restricts_modes`:

* POSIX (Linux, macOS): folders are created ``0700`` and files ``0600``; :func:`secure_data_dir`
  also tightens a folder made by an older version (umask 022 gave ``0755``/``0644``). SQLite
  creates its ``-wal``/``-shm``/``-journal`` files with the mode of the database file, so the
  database is created ``0600`` before SQLite first opens it.
* Windows: a no-op. The per-user data folder (``%LOCALAPPDATA%``) inherits an ACL that gives only
  the user, SYSTEM and administrators access; a portable folder on a FAT/exFAT stick has no
  permissions at all. Nothing here changes ACLs.

A file system that refuses ``chmod`` (a FAT stick mounted on Linux) is left as it is: the app runs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
#: SQLite's companions of a database file.
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def restricts_modes() -> bool:
    """True where this module sets POSIX modes (everywhere but Windows)."""
    return os.name == "posix"


def _chmod(path: Path, mode: int) -> bool:
    try:
        st = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
        return False
    try:
        os.chmod(path, mode)
    except OSError:
        return False
    return True


def private_dir(path: Path | str) -> Path:
    """Create ``path`` (and missing parents) and make the folder itself ``0700``."""
    path = Path(path)
    if restricts_modes():
        old = os.umask(0o077)
        try:
            path.mkdir(parents=True, exist_ok=True)
        finally:
            os.umask(old)
        _chmod(path, PRIVATE_DIR)
    else:
        path.mkdir(parents=True, exist_ok=True)
    return path


def private_file(path: Path | str) -> None:
    """Make an existing file ``0600`` (nothing if it does not exist)."""
    if restricts_modes():
        _chmod(Path(path), PRIVATE_FILE)


def create_private_file(path: Path | str) -> None:
    """Create ``path`` empty with mode ``0600`` if it does not exist; make it ``0600`` if it does."""
    path = Path(path)
    if not restricts_modes():
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        private_file(path)
        return
    except OSError:
        return
    os.close(fd)


def sqlite_files(db_path: Path | str) -> list[Path]:
    return [Path(str(db_path) + s) for s in SQLITE_SUFFIXES]


def private_sqlite(db_path: Path | str) -> None:
    """Before SQLite opens ``db_path``: the database exists ``0600``, and so do its WAL, SHM and
    journal files if an older version left them readable."""
    create_private_file(db_path)
    for f in sqlite_files(db_path)[1:]:
        private_file(f)


def private_tree(root: Path | str, *, skip: Iterable[str] = ()) -> int:
    """Every folder under ``root`` ``0700`` and every file ``0600`` (folders named in ``skip``,
    relative to ``root``, are only tightened themselves, not walked). Returns how many modes
    changed."""
    if not restricts_modes():
        return 0
    root = Path(root)
    skipped = {root / s for s in skip}
    n = int(_chmod(root, PRIVATE_DIR))
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for d in list(dirnames):
            sub = here / d
            n += _chmod(sub, PRIVATE_DIR)
            if sub in skipped:
                dirnames.remove(d)
        for f in filenames:
            n += _chmod(here / f, PRIVATE_FILE)
    return n


def mode_of(path: Path | str) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)
