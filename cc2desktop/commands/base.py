"""``doctor``: what this installation is and where its data lives."""

from __future__ import annotations

import argparse
import json
import sys

from cc2desktop.cli import Context

#: the ``--db`` option of the server commands (serve, certification, sync admin)
DB_HELP = ("server database: a SQLite file path (relative or absolute) or a database URL "
           "(sqlite:///FILE, postgresql+psycopg://user@host/db); default: server.sqlite3 in the data dir")


def subparsers_of(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    """The sub-command table of a parser another command module registered (to add actions to it)."""
    for a in parser._actions:  # noqa: SLF001 - argparse has no public accessor
        if isinstance(a, argparse._SubParsersAction):  # noqa: SLF001
            return a
    return None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="show the data directory, database revision, Qt platform and courses")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=doctor)


def collect(ctx: Context) -> dict:
    from cc2desktop import __version__
    from cc2desktop.core import db

    kit = ctx.kit()
    info = {
        "version": __version__,
        "data_dir": str(kit.paths.root),
        "data_dir_source": kit.paths.source,
        "portable": kit.paths.portable,
        "db_path": str(kit.paths.db_path),
        "db_revision": db.current_revision(kit.engine),
        "db_head": db.head_revision(),
        "python": sys.version.split()[0],
        "qt_platform": _qt_platform(),
        "courses": _courses(kit),
    }
    return info


def _courses(kit) -> list[dict]:  # noqa: ANN001
    try:
        from cc2desktop.core.packs.service import list_courses
    except ImportError:
        return []
    return list_courses(kit)


def _qt_platform() -> str:
    """Ask Qt which platform plugin it would pick, without opening a window."""
    import os

    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtGui import QGuiApplication
    except ImportError as exc:
        return f"unavailable ({exc})"
    if QGuiApplication.instance() is not None:
        return f"{QGuiApplication.platformName()} (PySide6 {pyside_version})"
    forced = os.environ.get("QT_QPA_PLATFORM")
    if forced:
        return f"{forced} (QT_QPA_PLATFORM, PySide6 {pyside_version})"
    has_display = (bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
                   or sys.platform in ("win32", "darwin"))
    platform = "default" if has_display else "none: no display (set QT_QPA_PLATFORM=offscreen)"
    return f"{platform} (PySide6 {pyside_version})"


def doctor(args: argparse.Namespace, ctx: Context) -> int:
    info = collect(ctx)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"cc2desktop {info['version']} (Python {info['python']})")
    print(f"data directory: {info['data_dir']} ({info['data_dir_source']}{', portable' if info['portable'] else ''})")
    rev_ok = info["db_revision"] == info["db_head"]
    state = "up to date" if rev_ok else f"head is {info['db_head']}"
    print(f"database: {info['db_path']} revision {info['db_revision']} ({state})")
    print(f"Qt platform: {info['qt_platform']}")
    if not info["courses"]:
        print("courses: none installed")
    for c in info["courses"]:
        title = c["title"].get("fr") or next(iter(c["title"].values()), "")
        print(f"course: {c['id']} {c['version']} — {title} ({', '.join(c['languages'])})")
    return 0
