"""Profile chooser with large tiles (on the first screen: only light imports here; the dialogs live in
:mod:`cc2desktop.ui.learner.profile_dialogs`). No SQL: the window runs core calls in its TaskRunner."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QToolButton, QVBoxLayout,
                               QWidget)

from cc2desktop.ui.shell.a11y import make_heading
from cc2desktop.ui.shell.qt_values import ALIGN_CENTER, set_enum

TILE_COLORS = ["#0B4F6C", "#E8871E", "#1E7B3C", "#7A3E9D", "#B3261E", "#2F6690", "#8C5E1E", "#146C64"]


def _solid(color: QColor) -> QBrush:
    """A solid brush of ``color`` (``QBrush(color)`` would build PySide's ``Qt`` enums: qt_values.py)."""
    pen = QPen()
    pen.setColor(color)
    return pen.brush()


def avatar(name: str, size: int = 72, locked: bool = False) -> QIcon:
    """A disc of the profile's colour with its initials (a "+" for a new profile), and a padlock
    badge when ``locked``. The disc and the initials are painted without ``QPainter.setBrush`` /
    ``setPen``, which build PySide's Python enums of the whole ``Qt`` namespace (≈ 22 ms, see
    ui/shell/qt_values.py) before the welcome page's first frame; the pixels are the same
    (tests/test_startup_path.py compares them with the painter's own drawing)."""
    pm = QPixmap(size, size)
    pm.fill(QColor(0, 0, 0, 0))  # Qt.transparent
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(TILE_COLORS[sum(map(ord, name)) % len(TILE_COLORS)]) if name else QColor("#9AA5AE")
    disc = QPainterPath()
    disc.addEllipse(0, 0, size, size)
    p.fillPath(disc, _solid(color))  # = setBrush(color), setPen(Qt.NoPen), drawEllipse(0, 0, size, size)
    f = p.font()
    f.setPixelSize(int(size * 0.42))
    f.setBold(True)
    initials = "".join(w[0] for w in name.split()[:2]).upper() if name else "+"
    # the initials in white = drawn in the default pen (black) on a clear layer, then turned white
    text = QPixmap(size, size)
    text.fill(QColor(0, 0, 0, 0))
    t = QPainter(text)
    t.setRenderHint(QPainter.RenderHint.Antialiasing)
    t.setFont(f)
    t.drawText(text.rect(), ALIGN_CENTER, initials)
    t.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    whole = QPainterPath()
    whole.addRect(0, 0, size, size)
    t.fillPath(whole, _solid(QColor("white")))
    t.end()
    p.drawPixmap(0, 0, text)
    if locked:  # a small padlock badge (its rectangle needs the painter's brush: Qt's enums are built)
        from PySide6.QtCore import Qt

        r = size // 3
        x, y = size - r, size - r
        p.setBrush(QColor("#FFFFFF"))
        p.setPen(QColor("#15202B"))
        p.drawEllipse(x - 2, y - 2, r + 1, r + 1)
        p.setBrush(QColor("#15202B"))
        p.drawRect(x + r * 0.25, y + r * 0.45, r * 0.5 - 1, r * 0.35)
        p.setBrush(Qt.NoBrush)
        pen = p.pen()
        pen.setWidthF(max(1.5, r * 0.08))
        p.setPen(pen)
        p.drawArc(int(x + r * 0.32), int(y + r * 0.18), int(r * 0.36), int(r * 0.5), 0, 180 * 16)
    p.end()
    return QIcon(pm)


class ProfileTiles(QWidget):
    """Large tiles, one per profile, plus "New profile". Keyboard: Tab/arrows, Enter/Space."""

    learner_chosen = Signal(str)
    create_requested = Signal()
    claim_requested = Signal()  # "I already have an account"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._learners: list[dict] = []
        self.title = QLabel()
        self.title.setObjectName("title")
        make_heading(self.title)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(14)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setFrameShape(QScrollArea.NoFrame)
        set_enum(scroll, "focusPolicy", "NoFocus")  # the tiles take the focus, not the area around them
        self.claim_btn = QPushButton()
        self.claim_btn.clicked.connect(self.claim_requested)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.hint)
        lay.addWidget(scroll, 1)
        claim_row = QHBoxLayout()  # the button at the left, as wide as its text
        claim_row.addWidget(self.claim_btn)
        claim_row.addStretch(1)
        lay.addLayout(claim_row)
        self.tiles: list[QToolButton] = []
        self.new_tile = self._tile("", "")
        self.new_tile.clicked.connect(self.create_requested)
        self.retranslate()

    def _tile(self, name: str, learner_id: str, locked: bool = False) -> QToolButton:
        b = QToolButton()
        b.setObjectName("tile")
        set_enum(b, "toolButtonStyle", "ToolButtonTextUnderIcon")
        b.setIcon(avatar(name, 72, locked))
        b.setIconSize(QSize(72, 72))
        b.setMinimumSize(QSize(150, 140))
        b.setText(name)
        set_enum(b, "focusPolicy", "StrongFocus")
        b.setProperty("learner_id", learner_id)
        return b

    def set_learners(self, learners: list[dict]) -> None:
        self._learners = list(learners)
        for t in self.tiles:
            t.deleteLater()
        self.tiles = []
        self.grid.removeWidget(self.new_tile)
        cols = 3
        for i, person in enumerate(self._learners):
            t = self._tile(person["name"], person["id"], person.get("has_pin", False))
            if person.get("needs_pin"):
                t.setProperty("needs_pin", True)
            t.clicked.connect(lambda _=False, lid=person["id"]: self.learner_chosen.emit(lid))
            self.grid.addWidget(t, i // cols, i % cols)
            self.tiles.append(t)
        n = len(self._learners)
        self.grid.addWidget(self.new_tile, n // cols, n % cols)
        self.grid.setRowStretch(n // cols + 1, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Who is learning today?"))
        self.hint.setText(self.tr("Choose your profile. Your progress stays private to your profile."))
        self.new_tile.setText(self.tr("New profile"))
        self.new_tile.setAccessibleName(self.tr("Create a new profile"))
        self.claim_btn.setText(self.tr("I &already have an account (made on another PC)"))
        self.claim_btn.setToolTip(self.tr("Bring your profile and your progress here with your learner code and PIN"))
        for t, person in zip(self.tiles, self._learners):
            t.setAccessibleName(self.tr("Open the profile of %1").replace("%1", person["name"]) +
                                (" " + self.tr("(protected by a PIN)") if person.get("has_pin") else ""))
            t.setToolTip(self.tr("Protected by a PIN") if person.get("has_pin") else
                         self.tr("New profile: choose your PIN to open it") if person.get("needs_pin") else "")

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)
