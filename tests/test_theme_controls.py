"""The look of spin boxes, combo boxes and check boxes under the app's style sheet, in the normal and
the high-contrast themes: their arrows and boxes are drawn (images the asset build writes), and a
check box is visible on the black of the high-contrast theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QSpinBox, QVBoxLayout, QWidget


@pytest.fixture
def look(qapp):
    from cc2desktop.ui.shell import theme

    font, palette, sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    yield theme
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.mark.parametrize("contrast", [False, True])
def test_every_image_the_style_sheet_names_is_there_and_readable(qapp, look, contrast):
    look.apply(qapp, 100, contrast)
    urls = re.findall(r"url\(([^)]+)\)", qapp.styleSheet())
    assert len(urls) >= 7
    for u in urls:
        img = QImage(u)
        assert Path(u).is_file() and not img.isNull(), u  # the asset build wrote it; Qt's SVG reader reads it


def _count(img: QImage, colour: QColor, x0: int, x1: int) -> int:
    want = colour.rgb() & 0xFFFFFF
    return sum(1 for x in range(x0, x1) for y in range(img.height()) if img.pixel(x, y) & 0xFFFFFF == want)


@pytest.mark.parametrize("contrast", [False, True])
def test_spin_arrows_and_check_boxes_are_drawn(qapp, qtbot, look, contrast):
    look.apply(qapp, 100, contrast)
    line = QColor("#FFFFFF" if contrast else look.INK)
    box = QWidget()
    lay = QVBoxLayout(box)
    spin, check = QSpinBox(), QCheckBox()
    spin.setRange(0, 10)
    spin.setValue(5)
    lay.addWidget(spin)
    lay.addWidget(check)
    qtbot.addWidget(box)
    box.resize(240, 120)
    box.show()
    qtbot.waitExposed(box)
    shot = spin.grab().toImage()
    # the two arrows, in the line colour, in the buttons' column at the right (a triangle each)
    assert _count(shot, line, shot.width() - 26, shot.width()) >= 20
    # at its minimum the down arrow turns grey (nothing below): fewer line-coloured pixels
    spin.setValue(0)
    at_min = spin.grab().toImage()
    assert _count(at_min, line, at_min.width() - 26, at_min.width()) < _count(shot, line, shot.width() - 26,
                                                                                shot.width())
    # an unchecked box is drawn in the line colour, visible on the theme's background
    c = check.grab().toImage()
    assert _count(c, line, 0, c.width()) >= 20
    check.setChecked(True)
    on = check.grab().toImage()
    assert _count(on, line, 0, on.width()) > _count(c, line, 0, c.width())  # the tick


def _text_rows(img: QImage, dark: bool) -> int:
    """Rows inside the 3-pixel frame holding text pixels (dark on light, or light on dark)."""
    def is_text(x: int, y: int) -> bool:
        light = QColor(img.pixel(x, y)).lightness()
        return light > 200 if dark else light < 120

    xs = range(6, min(img.width() - 30, 140))  # left of a combo's arrow
    return sum(1 for y in range(3, img.height() - 3) if any(is_text(x, y) for x in xs))


@pytest.mark.parametrize("contrast", [False, True])
def test_the_focus_ring_leaves_the_text_of_a_field_its_room(qapp, qtbot, look, contrast):
    """The focus ring is 2 px thicker than a field's border: the field's padding gives them back, so
    the text (or the grey hint, e.g. "http://192.168.1.10:8765") is not cut at the top and bottom."""
    from PySide6.QtWidgets import QComboBox, QLineEdit

    look.apply(qapp, 100, contrast)
    box = QWidget()
    lay = QVBoxLayout(box)
    other, field, combo = QLineEdit(), QLineEdit("Hgjpq 8765 Ég"), QComboBox()
    combo.addItem("Hgjpq 8765 Ég")
    field.setReadOnly(True)  # (no blinking cursor in the rows counted)
    for w in (other, field, combo):
        lay.addWidget(w)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    for w in (field, combo):
        other.setFocus()
        qtbot.waitUntil(lambda: other.hasFocus(), timeout=2_000)
        unfocused = _text_rows(w.grab().toImage(), contrast)
        w.setFocus()
        qtbot.waitUntil(lambda w=w: w.hasFocus(), timeout=2_000)
        assert _text_rows(w.grab().toImage(), contrast) == unfocused >= 10, type(w).__name__
