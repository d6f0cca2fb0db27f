"""What differs between Windows and Linux (and macOS), behind small functions.

Each decision is a function of its inputs, the platform included (``platform=`` defaults to
``sys.platform``), so the Windows branches run in the tests on Linux; only the thin calls into the
operating system (``msvcrt``, ``fcntl``, ``ctypes.windll``) are not exercised off Windows:

- paths: the drive or mount a path lives on, Windows' 260-character limit and its ``\\\\?\\`` escape
  for long paths, the command that starts this app again (for a desktop entry or a file association);
- file locking (``msvcrt`` / ``fcntl``);
- removable drives (drive letters / mount folders);
- free space and cluster size of a volume (what a file really takes on a FAT32 stick);
- console-less runs: a windowed Windows build has no ``sys.stdout``/``sys.stderr``; writes to them
  must not crash (errors go to the log file in the data folder).
"""

from __future__ import annotations

import ntpath
import os
import shutil
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable

#: Windows' classic path limit (MAX_PATH), counting the drive ("E:\") and the final NUL.
WINDOWS_MAX_PATH = 260
DRIVE_REMOVABLE = 2  # GetDriveTypeW


def is_windows(platform: str | None = None) -> bool:
    return (platform or sys.platform) == "win32"


# --- paths --------------------------------------------------------------------------------------
def drive_of(path: str | os.PathLike[str], platform: str | None = None) -> str:
    """The drive or share a path is on: ``"E:\\"`` or ``"\\\\server\\share\\"`` on Windows; on other
    systems the nearest mount point above the path (read from the disk)."""
    p = os.fspath(path)
    if is_windows(platform):
        drive, _ = ntpath.splitdrive(p)
        return (drive + "\\") if drive else ""
    cur = Path(p).absolute()
    while not os.path.ismount(cur) and cur.parent != cur:
        cur = cur.parent
    return str(cur)


def windows_path_length(relative: str, drive: str = "E:\\") -> int:
    """Length of ``relative`` (POSIX separators) once written under ``drive`` on Windows."""
    return len(drive) + len(relative.replace("/", "\\"))


def too_long_for_windows(relative: str, drive: str = "E:\\") -> bool:
    """True when a file at ``relative`` on a stick would exceed MAX_PATH on a PC without long-path
    support (Windows 10/11 have it only when an administrator turned it on)."""
    return windows_path_length(relative, drive) >= WINDOWS_MAX_PATH


def extended_path(path: str | os.PathLike[str], platform: str | None = None) -> str:
    """A path the OS accepts even when long: on Windows an absolute path of 260 characters or more
    gets the ``\\\\?\\`` prefix (``\\\\?\\UNC\\`` for a share); elsewhere, and for short paths, unchanged."""
    p = os.fspath(path)
    if not is_windows(platform) or len(p) < WINDOWS_MAX_PATH or p.startswith("\\\\?\\"):
        return p
    p = p.replace("/", "\\")
    if p.startswith("\\\\"):
        return "\\\\?\\UNC\\" + p[2:]
    if ntpath.isabs(p):
        return "\\\\?\\" + p
    return p


def app_command(*, frozen: bool | None = None, executable: str | None = None, platform: str | None = None,
                environ: dict[str, str] | None = None) -> list[str]:
    """The command that starts this app (a build's executable, else this Python with ``-m
    cc2desktop``), for desktop entries and file associations. A stick's app started by its Linux
    script (which may run a temporary copy of the executable) is started by that script again. On
    Windows a source run uses ``pythonw.exe`` beside ``python.exe`` when it exists (no console)."""
    env = os.environ if environ is None else environ
    is_frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    exe = executable or sys.executable
    script = Path(env["CC2_LAUNCHER_DIR"]) / "cc2desktop.sh" if env.get("CC2_LAUNCHER_DIR") else None
    if is_frozen and script is not None and script.is_file() and not is_windows(platform):
        return ["sh", str(script)]
    if is_frozen:
        return [exe]
    if is_windows(platform):
        name = ntpath.basename(exe)
        w = exe[: len(exe) - len(name)] + "pythonw.exe"
        if name.lower() == "python.exe" and os.path.exists(w):
            exe = w
    return [exe, "-m", "cc2desktop"]


# --- file locking -------------------------------------------------------------------------------
if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(fh: IO[bytes]) -> None:
        """Exclusive lock on an open file without waiting; OSError when another process holds it."""
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def unlock(fh: IO[bytes]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def try_lock(fh: IO[bytes]) -> None:
        """Exclusive lock on an open file without waiting; OSError when another process holds it."""
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# --- removable drives ---------------------------------------------------------------------------
def windows_removable_drives(mask: int, drive_type: Callable[[str], int], *, skip_ab: bool = False) -> list[Path]:
    """Drive letters set in ``mask`` (GetLogicalDrives) whose type is removable."""
    out = []
    for i, letter in enumerate(string.ascii_uppercase):
        if skip_ab and letter in "AB":
            continue
        root = f"{letter}:\\"
        if mask & (1 << i) and drive_type(root) == DRIVE_REMOVABLE:
            out.append(Path(root))
    return out


def mount_folders(bases: Iterable[Path]) -> list[Path]:
    """Folders under the usual mount bases (/media/<user>/<label>, /run/media/…, /mnt/*, /Volumes/*)."""
    out: list[Path] = []
    for base in bases:
        try:
            children = sorted(Path(base).iterdir())
        except OSError:
            continue
        for child in children:
            if child.is_dir() and child not in out:
                out.append(child)
    return out


def removable_roots(platform: str | None = None, *, user: str | None = None) -> list[Path]:
    """Where removable media are: removable drive letters (Windows), else the mount folders."""
    if is_windows(platform):  # pragma: no cover - Windows only
        import ctypes

        k32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        return windows_removable_drives(k32.GetLogicalDrives(), k32.GetDriveTypeW, skip_ab=True)
    who = user if user is not None else os.environ.get("USER", "")
    bases = [Path("/media") / who, Path("/run/media") / who] if who else []
    return mount_folders([*bases, Path("/media"), Path("/run/media"), Path("/mnt"), Path("/Volumes")])


# --- disk space ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DiskSpace:
    free: int
    total: int
    cluster: int  # allocation unit: a 1-byte file takes this much (FAT32 sticks: 4–32 KiB)

    def allocated(self, size: int) -> int:
        return allocated_size(size, self.cluster)


def allocated_size(size: int, cluster: int) -> int:
    """Bytes a file of ``size`` really takes on a volume with this cluster size (an empty file: 0)."""
    c = max(1, cluster)
    return -(-size // c) * c


def disk_space(path: str | os.PathLike[str], platform: str | None = None) -> DiskSpace:
    """Free and total bytes of the volume holding ``path`` (an existing folder), and its cluster size."""
    usage = shutil.disk_usage(path)
    cluster = 4096
    if is_windows(platform):  # pragma: no cover - Windows only
        import ctypes

        spc, bps, free_c, total_c = (ctypes.c_ulong() for _ in range(4))
        root = drive_of(path, platform)
        if ctypes.windll.kernel32.GetDiskFreeSpaceW(  # type: ignore[attr-defined]
                root, ctypes.byref(spc), ctypes.byref(bps), ctypes.byref(free_c), ctypes.byref(total_c)):
            cluster = spc.value * bps.value or cluster
    else:
        try:
            st = os.statvfs(path)
            cluster = st.f_frsize or st.f_bsize or cluster
        except (OSError, AttributeError):
            pass
    return DiskSpace(usage.free, usage.total, cluster)


# --- console-less runs --------------------------------------------------------------------------
def ensure_std_streams(module: object = sys) -> list[str]:
    """A windowed Windows build starts with ``sys.stdout``/``sys.stderr`` set to None: point each
    missing stream at the null device so a stray print cannot crash the app (its errors are in the
    log file). Returns the names of the streams it replaced."""
    fixed = []
    for name in ("stdout", "stderr"):
        if getattr(module, name, None) is None:
            setattr(module, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives with the process
            fixed.append(name)
    return fixed


#: glibc's mallopt() parameter for the number of malloc arenas.
M_ARENA_MAX = -8
#: Arenas for the app's threads: glibc's default is 8 per core, each reserving 64 MiB of address space.
APP_MALLOC_ARENAS = 2


def limit_malloc_arenas(arenas: int = APP_MALLOC_ARENAS, *, platform: str | None = None) -> bool:
    """Cap glibc's malloc arenas (Linux). Each thread that allocates while another holds the main
    arena gets an arena of its own, up to 8 per core, and each reserves 64 MiB of address space: with
    the video playing (FFmpeg's and Qt Multimedia's threads, the task lanes) the app reserved over
    1 GiB of address space for ~200 MiB of resident memory, and failed (std::bad_alloc) under the
    old-PC profile's 1 GiB limit. Two arenas keep the threads from contending on one lock on the PCs
    this app targets. Arenas made before the call stay. True when the setting was applied."""
    if not (platform or sys.platform).startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc (musl has no such setting)
        return False
