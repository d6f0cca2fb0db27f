"""The page walk on a real screen (Xvfb at 1366×768 with openbox, :mod:`xdisplay`): every page and
dialog the walk shows is also photographed (the whole screen, window frames included) and checked
for clipping: a window whose frame leaves the screen, or a widget outside its window or the screen,
is a finding. Widgets inside a scroll area's viewport may lie outside it (they scroll) and are not
counted; their scroll area is.

    walker = ScreenWalker(qtbot, "fr", shots=Path("shots"))
    tour.walk(walker)          # walk_learner.Tour, as the language walk does
    walker.assert_fits()
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from tests.support.page_walk import Walker


def _scrolls(w: QWidget, root: QWidget) -> bool:
    """``w`` lies inside a scroll area's viewport (below ``root``)."""
    p = w
    while p is not None and p is not root:
        parent = p.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and p is parent.viewport():
            return True
        p = parent
    return False


def clipped(root: QWidget, screen: QRect) -> list[str]:
    """What of ``root`` (a top-level window) does not fit: its frame off ``screen``, a visible widget
    off the window or the screen (by a pixel or more)."""
    out = []
    frame = root.frameGeometry()
    if not screen.contains(frame):
        out.append(f"window {type(root).__name__} {frame.getRect()} is off the screen {screen.getRect()}")
    inside = QRect(root.mapToGlobal(QPoint(0, 0)), root.size())
    for w in root.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or w.width() <= 0 or w.height() <= 0 or _scrolls(w, root):
            continue
        r = QRect(w.mapToGlobal(QPoint(0, 0)), w.size())
        if not inside.contains(r) or not screen.contains(r):
            name = w.objectName() or type(w).__name__
            text = getattr(w, "text", lambda: "")()
            out.append(f"{name} {r.getRect()} {text[:40]!r} is outside the window {inside.getRect()}")
    return out


@dataclass
class ScreenWalker(Walker):
    """A :class:`Walker` that also photographs each page and checks that it fits the screen."""

    shots: Path = Path("shots")
    clipping: list[str] = field(default_factory=list)
    photos: list[Path] = field(default_factory=list)

    def check(self, page: str, root: QWidget) -> list:
        found = super().check(page, root)
        win = root.window()
        if QApplication.platformName() != "offscreen":  # a real display: placed by the window manager, painted
            self.qtbot.waitUntil(lambda: win.windowHandle() is not None and win.windowHandle().isExposed(),
                                 timeout=self.timeout_ms)
            self._settle(win)
        QApplication.processEvents()
        screen = (win.screen() or QApplication.primaryScreen()).geometry()
        self.clipping += [f"[{page}] {c}" for c in clipped(win, screen)]
        self.shots.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-")[:60]
        path = self.shots / f"{len(self.photos) + 1:03d}-{self.lang}-{slug}.png"
        QApplication.primaryScreen().grabWindow(0).save(str(path))
        self.photos.append(path)
        return found

    def _settle(self, win: QWidget) -> None:
        """Wait until the window manager has placed ``win`` (its frame still for 120 ms) and it is painted."""
        last = None
        for _ in range(max(1, self.timeout_ms // 120)):
            now = win.frameGeometry().getRect()
            if now == last:
                return
            last = now
            self.qtbot.wait(120)

    def assert_fits(self) -> None:
        assert not self.clipping, f"{len(self.clipping)} clipped:\n" + "\n".join(self.clipping)
