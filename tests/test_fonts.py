"""The shipped DejaVu fonts register with Qt and are what Qt actually draws with."""

from __future__ import annotations

from cc2desktop.ui.shell.fonts import FONT_FILES, FONTS_DIR, app_font_ids, load_app_fonts


def test_fonts_are_shipped_with_their_license():
    for name in FONT_FILES:
        assert (FONTS_DIR / name).stat().st_size > 100_000
    assert "Bitstream" in (FONTS_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_load_app_fonts_registers_dejavu_once(qapp):
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    family = load_app_fonts()
    assert family == "DejaVu Sans"
    assert load_app_fonts() == family  # idempotent
    ids = app_font_ids()
    assert len(ids) == len(FONT_FILES)  # our files, not a system copy
    assert all(QFontDatabase.applicationFontFamilies(i) == [family] for i in ids)
    assert family in QFontDatabase.families()
    bold = QFont(family)
    bold.setBold(True)
    info = QFontInfo(bold)
    assert info.family() == family and info.bold()
