"""Install the Qt translators for a language (English = the source strings, no translator)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from cc2desktop.core.paths import assets_dir

LANGUAGES = {"fr": "Français", "en": "English"}
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


def translation_files(lang: str) -> list[Path]:
    """The ``.qm`` files of a language: ours and Qt's base catalog."""
    here = assets_dir() / "i18n"
    files = sorted(here.glob(f"*_{lang}.qm"))
    if not (here / f"qtbase_{lang}.qm").is_file():
        qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{lang}.qm"
        if qt.is_file():
            files.insert(0, qt)
    return files
