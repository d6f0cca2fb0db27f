"""Install the Qt translators for a language (English = the source strings, no translator)."""

from __future__ import annotations


from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from cc2desktop.core.paths import assets_dir

LANGUAGES = {"fr": "Français", "en": "English"}
_installed: list[QTranslator] = []


def set_language(lang: str) -> str:
    """Replace the installed translators; widgets then get a LanguageChange event."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    lang = lang if lang in LANGUAGES else "fr"
    QLocale.setDefault(QLocale(lang))
    if lang != "en":
        files = sorted((assets_dir() / "i18n").glob(f"*_{lang}.qm"))
        qt_base = QTranslator()
        if qt_base.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            files_t = [qt_base]
        else:
            files_t = []
        for f in files:
            t = QTranslator()
            if t.load(str(f)):
                files_t.append(t)
        for t in files_t:
            app.installTranslator(t)
            _installed.append(t)
    return lang
