"""The path to the first frame: the welcome page is built and painted without
PySide's Python enums of the ``Qt`` namespace (≈ 22 ms, see ui/shell/qt_values.py), and what it
draws instead of them is what Qt's own calls drew."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QScrollArea, QToolButton

from cc2desktop.ui.learner.profiles import TILE_COLORS, ProfileTiles, avatar
from cc2desktop.ui.shell import qt_values

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


def test_the_values_are_qts():
    assert qt_values.USER_ROLE == Qt.ItemDataRole.UserRole.value
    assert qt_values.ACCESSIBLE_TEXT_ROLE == Qt.ItemDataRole.AccessibleTextRole.value
    assert qt_values.ALIGN_CENTER == Qt.AlignmentFlag.AlignCenter.value


def test_set_enum_sets_the_property_or_refuses(qapp):
    b = QToolButton()
    qt_values.set_enum(b, "focusPolicy", "StrongFocus")
    qt_values.set_enum(b, "toolButtonStyle", "ToolButtonTextUnderIcon")
    assert b.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
    with pytest.raises(ValueError):
        qt_values.set_enum(b, "focusPolicy", "Sideways")
    with pytest.raises(ValueError):
        qt_values.set_enum(b, "focusPolicyy", "StrongFocus")
    assert b.focusPolicy() == Qt.FocusPolicy.StrongFocus


def _painted_by_qt(name: str, size: int, locked: bool) -> QPixmap:
    """The avatar as Qt's painter calls draw it (the code before the first-frame work)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(TILE_COLORS[sum(map(ord, name)) % len(TILE_COLORS)]) if name else QColor("#9AA5AE"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(0, 0, size, size)
    p.setPen(QColor("white"))
    f = p.font()
    f.setPixelSize(int(size * 0.42))
    f.setBold(True)
    p.setFont(f)
    p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, "".join(w[0] for w in name.split()[:2]).upper() or "+")
    if locked:
        r = size // 3
        x, y = size - r, size - r
        p.setBrush(QColor("#FFFFFF"))
        p.setPen(QColor("#15202B"))
        p.drawEllipse(x - 2, y - 2, r + 1, r + 1)
        p.setBrush(QColor("#15202B"))
        p.drawRect(x + r * 0.25, y + r * 0.45, r * 0.5 - 1, r * 0.35)
        p.setBrush(Qt.BrushStyle.NoBrush)
        pen = p.pen()
        pen.setWidthF(max(1.5, r * 0.08))
        p.setPen(pen)
        p.drawArc(int(x + r * 0.32), int(y + r * 0.18), int(r * 0.36), int(r * 0.5), 0, 180 * 16)
    p.end()
    return pm


@pytest.mark.parametrize("name", ["", "Aïcha", "kofi mensah", "Éloïse Ndiaye Sow", "Zoé"])
@pytest.mark.parametrize("locked", [False, True])
def test_avatar_pixels_are_those_qt_painted(qapp, name, locked):
    for size in (72, 48):
        ours = avatar(name, size, locked).pixmap(size, size).toImage()
        assert ours == _painted_by_qt(name, size, locked).toImage(), (name, size, locked)


def test_tiles_keep_their_focus_and_look(qapp):
    tiles = ProfileTiles()
    tiles.set_learners([{"id": "a", "name": "Awa", "has_pin": False}])
    for t in (*tiles.tiles, tiles.new_tile):
        assert t.focusPolicy() == Qt.FocusPolicy.StrongFocus
        assert t.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon
    assert tiles.findChild(QScrollArea).focusPolicy() == Qt.FocusPolicy.NoFocus
    tiles.resize(900, 600)
    tiles.show()
    qapp.processEvents()
    # the "I already have an account" button sits at the left, as wide as its text
    assert tiles.claim_btn.x() == tiles.title.x()
    assert tiles.claim_btn.width() == tiles.claim_btn.sizeHint().width()
    tiles.close()


PROBE = r"""
import sys
from PySide6 import QtCore
from cc2desktop.ui.learner import course_views
seen = []
_paint = course_views.OutlineTree.paintEvent
def paint(self, e):
    if not seen and self.has_courses:
        tiles = self.window().findChildren(course_views.QWidget, "tile")
        seen.append(("Qt" in QtCore.__dict__, sorted(t.text() for t in tiles)))
    _paint(self, e)
course_views.OutlineTree.paintEvent = paint
from cc2desktop.cli import main
main(["--data-dir", sys.argv[1]])
print("PROBE", seen, flush=True)
"""


def test_the_first_paint_builds_no_qt_namespace(tmp_path):
    """The real start (a course installed, a profile on the welcome page), in a fresh process: at the
    outline's first paint PySide has not built the ``Qt`` namespace's Python enums."""
    from tools.bench_startup import prepare_data_dir

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CC2_BENCH_FIRST_PAINT="1")
    data = tmp_path / "data"
    r = subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(data), "learner", "add", "--name",
                        "Kofi"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    prepare_data_dir(data, env, str(ROOT))  # first start: the demo course installed
    r = subprocess.run([sys.executable, "-c", PROBE, str(data)], capture_output=True, text=True, env=env, cwd=ROOT,
                       timeout=120)
    line = next((x for x in r.stdout.splitlines() if x.startswith("PROBE")), None)
    assert line is not None, r.stderr[-2000:]
    built, tiles = eval(line.split(" ", 1)[1])[0]  # noqa: S307 - our own probe's repr
    assert tiles and "Kofi" in tiles
    assert built is False, "the Qt namespace was built before the first frame: see ui/shell/qt_values.py"
