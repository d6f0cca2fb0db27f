"""Desktop integration: the app in the applications menu with its icon, and double-click on a course
pack (``.cc2pack``, a split pack's ``.cc2pack.parts.json``) or a sync file (``.cc2sync``) opening it
in the app, which asks before installing or importing (``cc2desktop FILE``).

- Linux (freedesktop): ``<XDG_DATA_HOME>/applications/cc2desktop.desktop``, the icon under
  ``icons/hicolor/``, the MIME types in ``mime/packages/cc2desktop.xml``; the desktop's caches are
  refreshed when their tools exist. For the current user only: no administrator needed.
- Windows: per-user file associations under ``HKEY_CURRENT_USER\\Software\\Classes`` (no
  administrator either); :func:`windows_entries` says which, :func:`install` writes them.

``cc2desktop desktop install`` / ``desktop remove``. The command line is that of the running app
(a build's executable, or this Python with ``-m cc2desktop``), so a stick's app registers itself
from wherever the stick is mounted (run it again if the mount point changes).
"""

from __future__ import annotations

import importlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cc2desktop.core import system
from cc2desktop.core.paths import assets_dir

APP_ID = "cc2desktop"
MIME_PACK = "application/x-cc2pack"
MIME_PARTS = "application/x-cc2pack-parts"
MIME_SYNC = "application/x-cc2sync"
#: Files a double-click opens, longest suffix first.
OPENABLE = (".cc2pack.parts.json", ".cc2pack", ".cc2sync")
WINDOWS_PROGIDS = {".cc2pack": "ConnexionsCitoyennes.Pack", ".cc2sync": "ConnexionsCitoyennes.Sync"}


def openable_kind(path: str | os.PathLike[str]) -> str | None:
    """"pack" or "sync" for a file a double-click may hand to the app, else None."""
    name = os.fspath(path).lower()
    if name.endswith((".cc2pack", ".cc2pack.parts.json")):
        return "pack"
    if name.endswith(".cc2sync"):
        return "sync"
    return None


def _quote(arg: str) -> str:
    """Quoting of the desktop entry specification's Exec key."""
    if not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg
    return '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'


def desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(_quote(a) for a in command) + " %f"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        "Name=Connexions Citoyennes",
        "GenericName=Civic tech course",
        "GenericName[fr]=Cours de civic tech",
        "Comment=Offline civic-tech course: capsules, quizzes, certificate",
        "Comment[fr]=Cours de civic tech hors ligne : capsules, quiz, certificat",
        f"Exec={exec_line}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;",
        f"MimeType={MIME_PACK};{MIME_PARTS};{MIME_SYNC};",
        "StartupNotify=true",
        "",
    ])


def mime_xml() -> str:
    types = [(MIME_PACK, "Course pack", "Paquet de cours", ["*.cc2pack"]),
             (MIME_PARTS, "Course pack in parts", "Paquet de cours en plusieurs parties", ["*.cc2pack.parts.json"]),
             (MIME_SYNC, "Sync file", "Fichier de synchronisation", ["*.cc2sync"])]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">']
    for mime, en, fr, globs in types:
        out.append(f'  <mime-type type="{mime}">')
        out.append(f"    <comment>{en}</comment>")
        out.append(f'    <comment xml:lang="fr">{fr}</comment>')
        out.append(f'    <icon name="{APP_ID}"/>')
        out += [f'    <glob pattern="{g}" weight="80"/>' for g in globs]
        out.append("  </mime-type>")
    out.append("</mime-info>")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class LinuxFiles:
    entry: Path
    mime: Path
    icons: dict[Path, Path]  # destination → bundled source

    def all(self) -> list[Path]:
        return [self.entry, self.mime, *self.icons]


def linux_files(environ: dict[str, str] | None = None, assets: Path | None = None) -> LinuxFiles:
    env = os.environ if environ is None else environ
    data = Path(env.get("XDG_DATA_HOME") or Path(env.get("HOME") or Path.home()) / ".local" / "share")
    a = (assets or assets_dir()) / "icons"
    hicolor = data / "icons" / "hicolor"
    return LinuxFiles(data / "applications" / f"{APP_ID}.desktop", data / "mime" / "packages" / f"{APP_ID}.xml",
                      {hicolor / "256x256" / "apps" / f"{APP_ID}.png": a / f"{APP_ID}.png",
                       hicolor / "48x48" / "apps" / f"{APP_ID}.png": a / f"{APP_ID}-48.png"})


def windows_entries(command: list[str], icon: str) -> list[tuple[str, str, str]]:
    """(key under HKEY_CURRENT_USER, value name, value) of the per-user file associations."""
    import subprocess

    exe = subprocess.list2cmdline(command)
    out: list[tuple[str, str, str]] = []
    for suffix, progid in WINDOWS_PROGIDS.items():
        base = f"Software\\Classes\\{progid}"
        label = "Connexions Citoyennes — " + ("paquet de cours" if suffix == ".cc2pack" else "synchronisation")
        out += [(f"Software\\Classes\\{suffix}", "", progid),
                (base, "", label),
                (f"{base}\\DefaultIcon", "", f'"{icon}",0'),
                (f"{base}\\shell\\open\\command", "", f'{exe} "%1"')]
    return out


def _winreg() -> Any:
    """The Windows registry module (typed loosely: the checker runs on Linux, where it has no members)."""
    return importlib.import_module("winreg")


def install(command: list[str] | None = None, *, platform: str | None = None,
            environ: dict[str, str] | None = None) -> list[str]:
    """Register the app for this user; returns what was written (paths or registry keys)."""
    command = command or system.app_command()
    if system.is_windows(platform):  # pragma: no cover - Windows only
        winreg = _winreg()

        entries = windows_entries(command, str(assets_dir() / "icons" / f"{APP_ID}.ico"))
        for key, name, value in entries:
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as k:
                winreg.SetValueEx(k, name, 0, winreg.REG_SZ, value)
        _notify_windows_shell()
        return sorted({"HKEY_CURRENT_USER\\" + k for k, _, _ in entries})
    files = linux_files(environ)
    for dest, src in files.icons.items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    files.mime.parent.mkdir(parents=True, exist_ok=True)
    files.mime.write_text(mime_xml(), encoding="utf-8")
    files.entry.parent.mkdir(parents=True, exist_ok=True)
    files.entry.write_text(desktop_entry(command), encoding="utf-8")
    _refresh_caches(files)
    return [str(p) for p in files.all()]


def remove(*, platform: str | None = None, environ: dict[str, str] | None = None) -> list[str]:
    """Undo :func:`install`; returns what was removed."""
    if system.is_windows(platform):  # pragma: no cover - Windows only
        winreg = _winreg()

        removed = []
        for suffix, progid in WINDOWS_PROGIDS.items():
            base = f"Software\\Classes\\{progid}"
            for key in (f"{base}\\shell\\open\\command", f"{base}\\shell\\open", f"{base}\\shell",
                        f"{base}\\DefaultIcon", base, f"Software\\Classes\\{suffix}"):
                try:
                    winreg.DeleteKey(winreg.HKEY_CURRENT_USER, key)
                    removed.append("HKEY_CURRENT_USER\\" + key)
                except OSError:
                    pass
        _notify_windows_shell()
        return removed
    files = linux_files(environ)
    removed = []
    for p in files.all():
        if p.exists():
            p.unlink()
            removed.append(str(p))
    _refresh_caches(files)
    return removed


def _refresh_caches(files: LinuxFiles) -> None:
    """Best effort: the desktop finds the new types and entry without a new session."""
    import subprocess  # (not at import time: the window's start imports this module)

    for tool, folder in (("update-mime-database", files.mime.parent.parent),
                         ("update-desktop-database", files.entry.parent)):
        if shutil.which(tool):
            subprocess.run([tool, str(folder)], capture_output=True, timeout=60, check=False)


def _notify_windows_shell() -> None:  # pragma: no cover - Windows only
    import ctypes

    ctypes.windll.shell32.SHChangeNotify(0x08000000, 0, None, None)  # type: ignore[attr-defined]
