"""Qt translations: one ``assets/i18n/<domain>_<module>_fr.ts`` per UI module ``ui/<domain>/<module>.py``
(no merge conflicts between domains), compiled to ``.qm`` beside it. English is the source language
(strings in the code).

    python -m tools.i18n update     # extract strings from cc2desktop/ui/*/*.py into the .ts files
    python -m tools.i18n missing    # list strings without a French translation
    python -m tools.i18n build      # .ts → .qm (dev.sh does this)

Fill translations by editing the .ts (Qt Linguist, or ``apply_translations``). Plurals: use
``QCoreApplication.translate("Context", "%n item(s)", None, n)`` (lupdate misreads ``self.tr`` with n).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "cc2desktop" / "ui"
I18N_DIR = ROOT / "assets" / "i18n"
LANGS = ("fr",)


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else name


def ui_sources() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if "tr(" in (t := p.read_text(encoding="utf-8")) or "translate(" in t)


def ts_stem(source: Path) -> str:
    """``ui/learner/quiz.py`` → ``learner_quiz``: unique across domains, stable under ``git mv``."""
    rel = source.relative_to(UI_DIR).with_suffix("")
    return "_".join(rel.parts)


def ts_path(source: Path, lang: str) -> Path:
    return I18N_DIR / f"{ts_stem(source)}_{lang}.ts"


def extract(source: Path, ts: Path, lang: str) -> None:
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([_tool("pyside6-lupdate"), str(source), "-locations", "none", "-no-obsolete",
                    "-source-language", "en", "-target-language", lang, "-ts", str(ts)],
                   check=True, capture_output=True)


def messages(ts: Path) -> dict[tuple[str, str], list[str] | None]:
    """(context, source) → translations (None when unfinished or empty)."""
    out: dict[tuple[str, str], list[str] | None] = {}
    root = ET.parse(ts).getroot()
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            src = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None or tr.get("type") in ("vanished", "obsolete"):
                continue
            forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
            done = tr.get("type") != "unfinished" and all(f.strip() for f in forms)
            out[(name, src)] = forms if done else None
    return out


def update() -> list[Path]:
    written = []
    for src in ui_sources():
        for lang in LANGS:
            extract(src, ts_path(src, lang), lang)
            written.append(ts_path(src, lang))
    return written


def missing() -> list[str]:
    """Every problem: a UI string with no .ts entry, or with no finished translation."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in ui_sources():
            for lang in LANGS:
                fresh = Path(tmp) / f"{ts_stem(src)}_{lang}.ts"
                extract(src, fresh, lang)
                wanted = set(messages(fresh))
                committed = ts_path(src, lang)
                have = messages(committed) if committed.exists() else {}
                for key in sorted(wanted):
                    if have.get(key) is None:
                        where = committed.relative_to(ROOT)
                        problems.append(f"{where}: [{key[0]}] {key[1]!r} has no {lang} translation")
    return problems


def apply_translations(module_stem: str, mapping: dict[str, str | list[str]], lang: str = "fr") -> int:
    """Fill translations in ``<domain>_<module>_<lang>.ts`` (``module_stem`` = ``learner_quiz``) from
    ``{source: translation}``; returns the count."""
    ts = I18N_DIR / f"{module_stem}_{lang}.ts"
    tree = ET.parse(ts)
    n = 0
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source")
        if src in mapping:
            tr = msg.find("translation")
            value = mapping[src]
            forms = list(tr.iter("numerusform"))
            if forms:
                for f, v in zip(forms, value if isinstance(value, list) else [value] * len(forms)):
                    f.text = v
            else:
                tr.text = value if isinstance(value, str) else value[0]
            tr.attrib.pop("type", None)
            n += 1
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return n


#: Qt's own translations shipped beside ours (the buttons of Qt's dialogs: "Annuler", "Oui"…)
QT_CATALOGS = ("qtbase",)


def qt_translations_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def qt_catalogs() -> list[Path]:
    """Qt's ``.qm`` files for our languages, from the installed PySide6."""
    src = qt_translations_dir()
    files = [src / f"{name}_{lang}.qm" for name in QT_CATALOGS for lang in LANGS]
    return [f for f in files if f.is_file()]


def build_qm() -> bool:
    """.ts → .qm, and Qt's own catalogs copied beside them (assets/i18n is what a build ships)."""
    import shutil

    changed = False
    for src in qt_catalogs():
        dst = I18N_DIR / src.name
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dst)
            changed = True
    for ts in sorted(I18N_DIR.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        changed = True
    for lang in LANGS:
        changed = build_combined(lang) or changed
    return changed


def build_combined(lang: str) -> bool:
    """Every module's catalog of ``lang`` in one ``.qm`` (``app_<lang>.qm``): the app loads that one
    file at start-up instead of one per module (46 files: ≈ 15 ms of the first frame)."""
    from cc2desktop.ui.shell.i18n import COMBINED

    sources = sorted(I18N_DIR.glob(f"*_{lang}.ts"))
    out = I18N_DIR / f"{COMBINED}_{lang}.qm"
    if not sources or (out.exists() and all(out.stat().st_mtime >= ts.stat().st_mtime for ts in sources)):
        return False
    subprocess.run([_tool("pyside6-lrelease"), "-silent", *map(str, sources), "-qm", str(out)], check=True)
    return True


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "build"
    if cmd == "update":
        for p in update():
            print(p.relative_to(ROOT))
    elif cmd == "missing":
        probs = missing()
        print("\n".join(probs) or "every UI string has a French translation")
        return 1 if probs else 0
    elif cmd == "build":
        build_qm()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
