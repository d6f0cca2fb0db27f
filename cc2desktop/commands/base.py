"""``doctor``: what this installation is and where its data lives."""

from __future__ import annotations

import argparse
import json
import sys

from cc2desktop.cli import Context

#: the ``--db`` option of the server commands (serve, certification, sync admin)
DB_HELP = ("server database: a SQLite file path (relative or absolute) or a database URL "
           "(sqlite:///FILE, postgresql+psycopg://user@host/db); default: server.sqlite3 in the data dir")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="show the version, data directory, database revision, Qt platform, courses, "
                                      "free space and the last errors of the log")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--media", action="store_true",
                   help="also open the first capsule of an installed course off-screen and wait for its first "
                        "video frame (does playback work on this PC?)")
    p.set_defaults(func=doctor)


def collect(ctx: Context) -> dict:
    from cc2desktop.core import diagnostic

    kit = ctx.kit()
    info = diagnostic.collect(kit.paths, kit.engine)
    info.update(qt_platform=_qt_platform(), courses=_courses(kit))
    return info


def _courses(kit) -> list[dict]:  # noqa: ANN001
    try:
        from cc2desktop.core.packs.service import list_courses
    except ImportError:
        return []
    return list_courses(kit)


def media_check(kit) -> dict:  # noqa: ANN001
    """The first capsule with a video of the first installed course, played off-screen until its
    first frame (:mod:`cc2desktop.ui.learner.playback_check`)."""
    import os

    courses = [c for c in kit.learning.courses() if any(cap.videos for cap in c.capsules)]
    if not courses:
        return {"ok": False, "error": "no installed course has a video"}
    course = courses[0]
    capsule = next(cap for cap in course.capsules if cap.videos)
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform == "win32"
    if not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    from PySide6.QtWidgets import QApplication

    from cc2desktop.ui.learner.playback_check import first_frame

    app = QApplication.instance() or QApplication(["cc2desktop"])  # noqa: F841 - kept alive for the check
    r = first_frame(course, capsule, course.content_language("fr"))
    return {**r, "course": course.id, "capsule": capsule.id}


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
    if args.media:
        info["media"] = media_check(ctx.kit())
    failed = args.media and not info["media"]["ok"]
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 1 if failed else 0
    print(f"cc2desktop {info['build']} (Python {info['python']})")
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
    print(f"free space: {info['free_bytes'] / 1048576:.0f} MiB")
    print(f"log: {info['log']} ({len(info['last_errors'])} recent warnings or errors)")
    if args.media:
        m = info["media"]
        if m["ok"]:
            print(f"media: first frame {m['width']}x{m['height']} after {m['seconds']:.2f} s "
                  f"({m['course']} / {m['capsule']})")
        else:
            sys.stderr.write(f"cc2desktop: video playback failed: {m['error']}\n")
    return 1 if failed else 0
