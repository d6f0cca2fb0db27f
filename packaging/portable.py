"""Lay out a portable USB stick from a one-folder build (PyInstaller ``dist/cc2desktop``).

    python packaging/portable.py BUILD_DIR STICK_DIR [--packs DIR]

Result on the stick::

    STICK_DIR/Connexions-Citoyennes/
        cc2desktop(.exe) + its libraries     the app
        cc2desktop-portable                  marker: data lives beside the app, in cc2data/
        cc2data/                             created at first start: database, store, settings.ini
        packs/                               course packs to install on other PCs (.cc2pack)
        LISEZMOI.txt / README.txt

Nothing is written outside STICK_DIR; every stored path is relative to cc2data/, so the stick works
whatever drive letter it gets.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from cc2desktop.core.paths import PORTABLE_MARKER  # noqa: E402

README_FR = """Connexions Citoyennes — version portable
Lancez cc2desktop depuis ce dossier. Vos données restent sur la clé, dans cc2data/.
Pour installer un cours sur un autre PC : Fichier > Installer depuis une clé USB, puis choisissez packs/.
"""
README_EN = """Connexions Citoyennes — portable version
Start cc2desktop from this folder. Your data stays on the stick, in cc2data/.
To install a course on another PC: File > Install from USB, then pick packs/.
"""


def lay_out(build: Path, stick: Path, packs: Path | None = None) -> Path:
    target = stick / "Connexions-Citoyennes"
    if target.exists():
        shutil.rmtree(target / "_internal", ignore_errors=True)
    shutil.copytree(build, target, dirs_exist_ok=True)
    (target / PORTABLE_MARKER).write_text("data lives in cc2data/ beside this file\n", encoding="utf-8")
    (target / "packs").mkdir(exist_ok=True)
    if packs:
        for p in sorted(packs.glob("*.cc2pack")):
            shutil.copy2(p, target / "packs" / p.name)
    (target / "LISEZMOI.txt").write_text(README_FR, encoding="utf-8")
    (target / "README.txt").write_text(README_EN, encoding="utf-8")
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("stick", type=Path)
    ap.add_argument("--packs", type=Path)
    a = ap.parse_args()
    print(lay_out(a.build, a.stick, a.packs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
