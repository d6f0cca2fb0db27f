"""The first screen: profile tiles beside the course outline (painted from the start-up cache)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from cc2desktop.ui.learner.course_views import OutlineTree
from cc2desktop.ui.learner.profiles import ProfileTiles
from cc2desktop.ui.shell.a11y import make_heading


class WelcomePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = ProfileTiles()
        self.outline = OutlineTree()
        self.outline_title = QLabel()
        self.outline_title.setObjectName("subtitle")
        make_heading(self.outline_title, 2)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.outline_title)
        rl.addWidget(self.outline, 1)
        split = QSplitter()
        split.addWidget(self.tiles)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QHBoxLayout(self)
        lay.addWidget(split)
        self.retranslate()

    def main_control(self) -> QWidget:
        """The first profile (or "New profile"): where the focus lands on this page."""
        tiles = self.tiles.tiles or [self.tiles.new_tile]
        return tiles[0]

    def retranslate(self) -> None:
        self.outline_title.setText(self.tr("The course"))
        self.setWindowTitle(self.tr("Choose your profile"))
        self.outline.setAccessibleName(self.tr("Course outline (choose a profile first)"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)
