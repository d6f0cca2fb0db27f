"""Helpers for the facilitator GUI tests: drive modal dialogs, read what a window shows, check it fits a
1366×768 screen, find text of the other language."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QGroupBox, QLabel,
                               QLineEdit, QTabWidget, QWidget)

ROOT = Path(__file__).resolve().parents[2]
SCREEN = (1366, 768)
CONTENT = (1366, 700)  # what a window's contents get on that screen, under a title bar and above a taskbar


def when_shown(cls, fn, timeout_ms: int = 15_000, ready=lambda w: True) -> None:  # noqa: ANN001
    """Call ``fn(w)`` once a visible top-level ``cls`` is ``ready`` (for dialogs run with ``exec()``)."""
    left = [timeout_ms // 25]

    def poll() -> None:
        w = next((x for x in QApplication.topLevelWidgets() if isinstance(x, cls) and x.isVisible()), None)
        if w is not None and ready(w):
            fn(w)
            return
        left[0] -= 1
        if left[0] > 0:
            QTimer.singleShot(25, poll)

    QTimer.singleShot(25, poll)


def shot(widget: QWidget, tmp_path: Path, name: str) -> Path:
    """The widget as painted; with CC2_SHOTS=DIR a copy there, and under a real X display (Xvfb and a
    window manager) the whole screen too, decorations included (``DIR/screen_<name>.png``)."""
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path))
    out = os.environ.get("CC2_SHOTS")
    if out:
        os.makedirs(out, exist_ok=True)
        shutil.copy(path, os.path.join(out, path.name))
        if QApplication.platformName() == "xcb" and shutil.which("import"):
            QApplication.processEvents()
            subprocess.run(["import", "-window", "root", os.path.join(out, f"screen_{name}.png")], check=False)
    return path


def visible_texts(top: QWidget) -> list[str]:
    """Every text a person can read in ``top``: labels, buttons, titles, tabs, placeholders, headers and
    the first rows of tables, combo box entries."""
    out = [top.windowTitle()]
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisibleTo(top) and w is not top:
            continue
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(min(w.count(), 20))]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            root = QModelIndex()
            cols = 1 if isinstance(m, QAbstractListModel) else m.columnCount(root)
            out += [str(m.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(cols)]
            for r in range(min(m.rowCount(root), 5)):
                out += [str(m.index(r, c, root).data() or "") for c in range(cols)]
    return [t for t in out if t]


def _pairs() -> list[tuple[str, str]]:
    """(English source, French translation) of the facilitator screens and the error sentences."""
    pairs = []
    for ts in sorted((ROOT / "assets" / "i18n").glob("*_fr.ts")):
        if not ts.name.startswith(("facilitator_", "shell_errors", "sync_refused")):
            continue
        for msg in ET.parse(ts).getroot().iter("message"):
            src, tr = msg.findtext("source") or "", msg.findtext("translation") or ""
            if tr and tr != src:
                pairs.append((src, tr))
    return pairs


def _norm(text: str) -> str:
    return " ".join(text.replace("&", "").split())


def other_language(texts: list[str], lang: str) -> list[str]:
    """Texts shown in ``lang`` that are a whole sentence of the other language (source strings with a
    different translation, placeholders %1… standing for anything)."""
    found = []
    wrong = [(s if lang == "fr" else t) for s, t in _pairs()]
    right = {_norm(t if lang == "fr" else s) for s, t in _pairs()}
    patterns = []
    for w in wrong:
        n = _norm(w)
        if len(n) < 4 or n in right:
            continue  # "OK", "Date", words the two languages share
        parts = [re.escape(p) for p in re.split(r"%\d", n)]
        patterns.append(re.compile("^" + ".+?".join(parts) + "$", re.S))
    for text in texts:
        n = _norm(text)
        for line in [n, *[_norm(x) for x in text.splitlines()]]:
            if line in right:
                continue
            if any(p.match(line) for p in patterns):
                found.append(line)
                break
    return found


def outside(top: QWidget, bounds: QRect | None = None) -> list[str]:
    """Visible widgets of ``top`` that stick out of it (or of ``bounds``, in ``top``'s coordinates)."""
    area = bounds or top.rect()
    bad = []
    for w in top.findChildren(QWidget):
        if not w.isVisibleTo(top) or w.isWindow() or w.width() <= 1 or w.height() <= 1:
            continue
        if _inside_scroll_area(w, top):
            continue
        r = QRect(w.mapTo(top, QPoint(0, 0)), w.size())
        if not area.contains(r):
            bad.append(f"{type(w).__name__} {w.objectName() or ''} {r.getRect()}")
    return bad


def _inside_scroll_area(w: QWidget, top: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not top:
        if p.objectName() == "qt_scrollarea_viewport":
            return True
        p = p.parentWidget()
    return False


def fits(widget: QWidget, size: tuple[int, int] = CONTENT) -> list[str]:
    """What does not fit ``size`` (a window's contents on a 1366×768 screen): the widget's smallest size,
    then, laid out at that size, any visible child outside it."""
    problems = []
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    if hint.width() > size[0] or hint.height() > size[1]:
        problems.append(f"{type(widget).__name__} needs at least {hint.width()}×{hint.height()}")
    w = min(size[0], max(widget.sizeHint().width(), hint.width()))
    h = min(size[1], max(widget.sizeHint().height(), hint.height()))
    widget.resize(w, h)
    QApplication.processEvents()
    return problems + outside(widget)
