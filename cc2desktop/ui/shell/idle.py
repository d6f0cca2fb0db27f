"""Cybercafé mode: emits ``idle`` after N minutes without a key press, click or mouse move.

The application-wide event filter (a Python call per Qt event) is installed only while it matters:
a profile is open and a delay is set. It is not on the path to the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self._minutes = 0.0
        self._active = False
        self._filtering = False
        self._activity: set = set()

    def set_minutes(self, minutes: float) -> None:
        self._minutes = float(minutes or 0)
        self._update()

    def set_active(self, active: bool) -> None:
        """True while a profile is open."""
        self._active = active
        self._update()

    def _update(self) -> None:
        on = self._active and self._minutes > 0
        app = QApplication.instance()
        if on and not self._filtering:
            self._activity = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel,
                              QEvent.TouchBegin}
            app.installEventFilter(self)
            self._filtering = True
        elif not on and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False
        self.timer.stop()
        if on:
            self.timer.start(int(self._minutes * 60_000))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in self._activity and self.timer.isActive():
            self.timer.start()
        return False
