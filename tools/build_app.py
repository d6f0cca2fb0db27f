"""Build the one-folder app with PyInstaller: ``dist/cc2desktop/`` (``dist/cc2desktop/cc2desktop``, or
``cc2desktop.exe`` on Windows). Run by ``bash packaging/dev.sh build``.

    python -m tools.build_app [--force] [--no-demo] [--check DIST_DIR]

- What ships is listed here once (:func:`bundled_assets`), by inclusion: fonts, compiled translations,
  public keys, the app icon and, in a demo build, the demo pack. Never a private key, an exam answer
  key, course sources, tests or tools: :func:`check_tree` looks at the finished tree (file names, file
  contents, the modules inside the executable's archive) and the build fails if it finds one.
- ``--no-demo`` (or ``CC2_BUILD_DEMO=0``): a build without the demo course; ``assets/build-info.json``
  in the build says which (:mod:`cc2desktop.core.build_info` reads it).
- Skipped when ``dist/cc2desktop`` was built from the same inputs (a hash of every source file, every
  bundled asset, the spec, this file, the dependency pins and the Python version, kept in
  ``dist/cc2desktop.stamp``); PyInstaller's own cache in ``build/`` makes a rebuild after a small change
  faster than the first one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "packaging" / "cc2desktop.spec"
DIST = REPO / "dist"
WORK = REPO / "build" / "pyinstaller"
APP_NAME = "cc2desktop"

#: Qt modules the app never imports (PySide6 ships ~80 MB of them): PyInstaller must not follow them.
QT_EXCLUDES = [
    "PySide6." + m for m in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
        "QtBluetooth", "QtCanvasPainter", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner",
        "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimediaWidgets",
        "QtNetworkAuth", "QtNfc", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D",
        "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
        "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest",
        "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
        "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml")]
#: Python packages of the development environment that the app never needs.
PY_EXCLUDES = ["tkinter", "_tkinter", "tests", "tools", "pytest", "_pytest", "pytestqt", "hypothesis",
               "schemathesis", "mypy", "ruff", "vulture", "importlinter", "grimp", "imageio_ffmpeg", "IPython",
               "numpy", "psycopg", "psycopg_binary", "psycopg_pool", "setuptools", "pip", "PyInstaller", "yaml",
               "greenlet", "jinja2", "opentelemetry", "PIL"]

#: File names that must never be in a build (checked on the finished tree).
FORBIDDEN_NAMES = [
    (re.compile(r"\.key$", re.I), "private key file"),
    (re.compile(r"exam-key\.json$", re.I), "exam answer key"),
    (re.compile(r"(^|/)course(\.src)?\.json$"), "course source"),
    (re.compile(r"(^|/)exam\.json$"), "course source (exam with answers)"),
    (re.compile(r"(^|/)(tests|tools)/"), "test or tool code"),
    (re.compile(r"(^|/)conftest\.py$"), "test code"),
]
#: Module names that must never be in the executable's archive.
FORBIDDEN_MODULES = re.compile(r"^(tests|tools|pytest|_pytest|pytestqt|hypothesis|conftest)(\.|$)")
#: Text that only a private key file contains (PEM or our JSON key files).
PRIVATE_MARKERS = [b"PRIVATE KEY-----", b'"private_key"', b'"private"']


#: Parts of Qt the app does not use, dropped from the collected files (paths inside the bundle).
#: Libraries that only these needed are dropped with them (:func:`prune`).
DROP = re.compile("|".join([
    r"PySide6/Qt/plugins/(egldeviceintegrations|generic|networkinformation|tls|wayland-[^/]+|sqldrivers)/",
    r"PySide6/Qt/plugins/platforms/lib(qeglfs|qlinuxfb|qminimalegl|qvkkhrdisplay|qvnc|qwayland)[^/]*$",
    r"PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin",
    r"PySide6/Qt/plugins/platformthemes/libqgtk3",  # GTK 3 and its ~20 MB of libraries: the app has its own theme
    r"PySide6/Qt/plugins/imageformats/libq(pdf|icns|tga|tiff|wbmp|webp)",
    r"(^|/)libQt6(Quick|Qml|VirtualKeyboard|Pdf|Wayland|Wl|EglFS|EglFs)[^/]*$",
    r"PySide6/Qt/translations/(?!(qt|qtbase|qtmultimedia)_(fr|en)\.qm$)",  # French and English only
    r"PySide6/Qt/(qml|resources/qtwebengine|libexec)/",
]))


def prune(binaries: list, drop: re.Pattern = DROP, imports=None) -> list:  # noqa: ANN001
    """PyInstaller's collected binaries without those matching ``drop``, and without the libraries
    that only dropped ones needed (shared-library dependencies read from the files)."""
    if imports is None:
        from PyInstaller.depend.bindepend import get_imports

        def imports(src: str) -> set[str]:
            try:
                return {Path(name).name for name, _ in get_imports(src)}
            except Exception:  # noqa: BLE001 - not a shared library we can read: no dependencies
                return set()
    def base(entry) -> str:  # noqa: ANN001
        return Path(entry[0]).name

    dropped = [e for e in binaries if drop.search(e[0].replace("\\", "/"))]
    kept = [e for e in binaries if not drop.search(e[0].replace("\\", "/"))]
    by_name: dict[str, list] = {}
    for e in kept:
        by_name.setdefault(base(e), []).append(e)
    cache: dict[str, set[str]] = {}

    def reach(roots: list) -> set[str]:
        seen: set[str] = set()
        todo = list(roots)
        while todo:
            e = todo.pop()
            src = str(e[1])
            if src not in cache:
                cache[src] = imports(src)
            for name in cache[src]:
                if name not in seen and name in by_name:
                    seen.add(name)
                    todo.extend(by_name[name])
        return seen

    only_dropped = reach(dropped)
    roots = [e for e in kept if base(e) not in only_dropped]
    needed = reach(roots)
    return [e for e in kept if base(e) not in only_dropped or base(e) in needed]


def bundled_assets(root: Path = REPO, *, demo: bool = True) -> list[tuple[Path, str]]:
    """(source file, folder inside the bundle) of every asset the app ships; by inclusion only."""
    a = root / "assets"
    out: list[tuple[Path, str]] = []

    def add(pattern: str, dest: str) -> None:
        out.extend((p, dest) for p in sorted(a.glob(pattern)) if p.is_file())

    add("fonts/*.ttf", "assets/fonts")
    add("fonts/LICENSE*", "assets/fonts")
    add("i18n/*.qm", "assets/i18n")
    add("icons/*.png", "assets/icons")
    add("icons/*.ico", "assets/icons")
    add("icons/*.svg", "assets/icons")
    # Public keys: the certificate issuers the app trusts; the demo ones only in a demo build.
    for p in sorted((a / "keys").glob("*.pub")):
        if demo or "demo" not in p.name.lower():
            out.append((p, "assets/keys"))
    if demo:
        add("packs/*.cc2pack", "assets/packs")
    return out


def package_data(root: Path = REPO) -> list[tuple[Path, str]]:
    """Non-Python files of the package that are read at run time, and the migration scripts (Alembic
    loads them from their folder)."""
    pkg = root / "cc2desktop"
    out = []
    for p in sorted(pkg.rglob("*")):
        if not p.is_file() or "__pycache__" in p.parts:
            continue
        rel = p.relative_to(root)
        in_migrations = "migrations" in rel.parts
        if (in_migrations and p.suffix in (".py", ".mako")) or p.suffix in (".ini", ".json", ".html", ".sql",
                                                                            ".mako", ".css", ".js"):
            out.append((p, rel.parent.as_posix()))
    return out


def build_info(demo: bool) -> dict:
    from cc2desktop import __version__

    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True,
                                timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {"version": __version__, "commit": commit, "demo": demo,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "platform": f"{sys.platform}-{platform.machine().lower()}"}


def executable(dist_dir: Path) -> Path:
    return dist_dir / (APP_NAME + (".exe" if sys.platform == "win32" else ""))


# --- the finished tree ------------------------------------------------------------------------------
def archived_modules(exe: Path) -> list[str]:
    """Names of everything inside the executable's archive, the Python modules of its PYZ included."""
    from PyInstaller.archive.readers import pkg_archive_contents

    return list(pkg_archive_contents(str(exe), recursive=True))


def check_tree(dist_dir: Path, *, secrets: list[bytes] | None = None) -> list[str]:
    """Problems of a finished build: forbidden files (by name), private-key material or known
    secret bytes in any file, test/tool modules in the executable. [] when clean."""
    problems: list[str] = []
    dist_dir = Path(dist_dir)
    secrets = [s for s in (secrets or []) if s]
    for p in sorted(dist_dir.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(dist_dir).as_posix()
        for rx, what in FORBIDDEN_NAMES:
            if rx.search(rel):
                problems.append(f"{rel}: {what}")
        data = p.read_bytes()
        # known secrets anywhere; the generic markers of a key file in text files only (libraries
        # that parse PEM contain "PRIVATE KEY-----" as a constant)
        needles = secrets + (PRIVATE_MARKERS if b"\0" not in data[:8192] else [])
        if any(n in data for n in needles):
            problems.append(f"{rel}: contains private key material")
    exe = executable(dist_dir)
    if exe.is_file():
        try:
            mods = archived_modules(exe)
        except Exception as exc:  # noqa: BLE001 - a tree we cannot read is a problem too
            problems.append(f"{exe.name}: cannot list its modules ({exc})")
        else:
            problems += [f"{exe.name}: bundles the module {m}" for m in mods if FORBIDDEN_MODULES.match(m)]
    else:
        problems.append(f"{exe.name} missing")
    return problems


def demo_secrets(root: Path = REPO) -> list[bytes]:
    """The private parts of the committed demo keys, as they would appear in a file."""
    out = []
    for p in sorted((root / "assets" / "keys").glob("*.key")):
        text = p.read_text(encoding="utf-8", errors="replace")
        if "-----BEGIN" in text:  # PEM: the base64 body
            out += [ln.strip().encode() for ln in text.splitlines() if len(ln.strip()) >= 40 and "-----" not in ln]
        m = re.search(r'"(?:private_key|private|seed)"\s*:\s*"([^"]+)"', text)
        if m:
            out.append(m.group(1).encode())
    return out


# --- staleness --------------------------------------------------------------------------------------
def inputs_digest(root: Path = REPO, *, demo: bool = True) -> str:
    h = hashlib.sha256()
    files = [p for p in sorted((root / "cc2desktop").rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    files += [src for src, _ in bundled_assets(root, demo=demo)]
    files += [SPEC, Path(__file__).resolve(), root / "pyproject.toml"]
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    h.update(f"demo={demo} py={sys.version} platform={sys.platform}".encode())
    return h.hexdigest()


def stamp_path(dist: Path = DIST) -> Path:
    return dist / f"{APP_NAME}.stamp"


def is_up_to_date(demo: bool = True, dist: Path = DIST) -> bool:
    stamp = stamp_path(dist)
    return (executable(dist / APP_NAME).is_file() and stamp.is_file()
            and stamp.read_text(encoding="utf-8").strip() == inputs_digest(demo=demo))


def build(*, demo: bool = True, force: bool = False, dist: Path = DIST) -> Path:
    """Build (or reuse) ``dist/cc2desktop``; raises SystemExit with a one-line reason on failure."""
    out = dist / APP_NAME
    if not force and is_up_to_date(demo, dist):
        print(f"[build] {out} is up to date", file=sys.stderr)
        return out
    if demo and not list((REPO / "assets" / "packs").glob("*.cc2pack")):
        raise SystemExit("build: the demo pack is missing (run: bash packaging/dev.sh setup)")
    t0 = time.monotonic()
    stamp_path(dist).unlink(missing_ok=True)
    env = dict(os.environ, CC2_BUILD_DEMO="1" if demo else "0")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean" if force else "--log-level=WARN",
           "--distpath", str(dist), "--workpath", str(WORK), str(SPEC)]
    if force:
        cmd.insert(-1, "--log-level=WARN")
    print("[build] PyInstaller: " + " ".join(cmd[3:]), file=sys.stderr)
    r = subprocess.run(cmd, cwd=REPO, env=env)
    if r.returncode != 0:
        raise SystemExit(f"build: PyInstaller failed (status {r.returncode})")
    problems = check_tree(out, secrets=demo_secrets())
    if problems:
        raise SystemExit("build: the build ships what it must not:\n  " + "\n  ".join(problems))
    stamp_path(dist).write_text(inputs_digest(demo=demo) + "\n", encoding="utf-8")
    print(f"[build] {out} built in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    return out


def demo_wanted(flag: bool | None = None) -> bool:
    if flag is not None:
        return flag
    return os.environ.get("CC2_BUILD_DEMO", "1") not in ("0", "no", "false")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.build_app", description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rebuild from scratch even if up to date")
    ap.add_argument("--no-demo", action="store_true", help="a build without the demo course")
    ap.add_argument("--check", metavar="DIST_DIR", type=Path, help="only check a finished tree")
    a = ap.parse_args(argv)
    if a.check:
        problems = check_tree(a.check, secrets=demo_secrets())
        for p in problems:
            print(p)
        return 1 if problems else 0
    print(build(demo=demo_wanted(False if a.no_demo else None), force=a.force))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
