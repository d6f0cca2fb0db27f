"""Install the Qt translators for a language (English = the source strings, no translator)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from cc2desktop.core.paths import assets_dir

LANGUAGES = {"fr": "Français", "en": "English"}
#: ``<COMBINED>_<lang>.qm``: every module's catalog in one file (built by ``tools.i18n``), loaded
#: instead of the per-module ones when it is at least as new as each of them
COMBINED = "app"
QT_CATALOGS = ("qt_", "qtbase_", "qtmultimedia_")
_installed: list[QTranslator] = []


def set_language(lang: str) -> str:
    """Replace the installed translators; widgets then get a LanguageChange event. Qt's own texts
    (the buttons of its dialogs) come from ``qtbase_<lang>.qm`` in assets/i18n (what a build ships),
    else from PySide6's translations folder."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    lang = lang if lang in LANGUAGES else "fr"
    QLocale.setDefault(QLocale(lang))
    if lang != "en":
        for f in translation_files(lang):
            t = QTranslator()
            if t.load(str(f)):
                app.installTranslator(t)
                _installed.append(t)
    return lang


def translation_files(lang: str, here: Path | None = None) -> list[Path]:
    """The ``.qm`` files of a language: ours (the combined catalog when it is up to date, else one
    per module) and Qt's base catalog."""
    here = here or assets_dir() / "i18n"
    files = sorted(f for f in here.glob(f"*_{lang}.qm") if f.name != f"{COMBINED}_{lang}.qm")
    combined = here / f"{COMBINED}_{lang}.qm"
    try:
        newest = max((f.stat().st_mtime for f in files if not f.name.startswith(QT_CATALOGS)), default=0.0)
        if combined.stat().st_mtime >= newest:
            files = [combined, *(f for f in files if f.name.startswith(QT_CATALOGS))]
    except OSError:
        pass
    if not (here / f"qtbase_{lang}.qm").is_file():
        qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{lang}.qm"
        if qt.is_file():
            files.insert(0, qt)
    return files
