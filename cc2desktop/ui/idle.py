"""Cybercafé mode: emits ``idle`` after N minutes without a key press, click or mouse move."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel, QEvent.TouchBegin}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.busy = lambda: False  # e.g. a video playing counts as activity
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(int(minutes * 60_000))
            self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in ACTIVITY and self.timer.interval() > 0 and (self.timer.isActive()):
            self.timer.start()
        return False
