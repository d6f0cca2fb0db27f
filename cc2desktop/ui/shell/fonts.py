"""The fonts shipped in assets/fonts (DejaVu Sans regular + bold), registered with Qt.

Old PCs and offscreen/PDF rendering may have no usable system font (QPdfWriter then draws boxes);
the app, the certificate PDF and the demo-course slides all use these files instead.
"""

from __future__ import annotations

from cc2desktop.core.paths import assets_dir

FONTS_DIR = assets_dir() / "fonts"  # beside the package from source, inside the PyInstaller bundle
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FALLBACK_FAMILY = "DejaVu Sans"

_family: str | None = None
_font_ids: list[int] = []


def load_app_fonts() -> str:
    """Register the shipped fonts with QFontDatabase (once per process) and return the family name.

    Needs a QGuiApplication. If the files are missing, returns the expected family name so that Qt
    can still pick a system copy of DejaVu Sans if there is one.
    """
    global _family
    if _family is not None:
        return _family
    from PySide6.QtGui import QFontDatabase

    family = None
    for name in FONT_FILES:
        path = FONTS_DIR / name
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            _font_ids.append(font_id)
        if font_id >= 0 and family is None:
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                family = families[0]
    _family = family or FALLBACK_FAMILY
    return _family


def app_font_ids() -> list[int]:
    """QFontDatabase ids of the shipped fonts registered by load_app_fonts() (empty before)."""
    return list(_font_ids)
