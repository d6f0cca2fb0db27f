"""The facilitator space in the window: Facilitator › Open the facilitator space (sign-in, then the
workspace in its own window, kept current by ``changes_applied``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from cc2desktop.ui.shell.main_window import MainWindow
from cc2desktop.ui.shell.tasks import TaskRunner


class FacilitatorController(QObject):
    def __init__(self, fac: Any, sync: Any, runner: TaskRunner, shell: MainWindow) -> None:
        super().__init__(shell)
        self.fac, self.sync, self.runner, self.shell = fac, sync, runner, shell
        self.panel = None
        shell.add_action("facilitator", "facilitator", lambda: self.tr("Open the &facilitator space…"),
                         lambda: self.open(), "Ctrl+Shift+F")
        runner.changes_applied.connect(self._on_changes)

    def open(self, tab: str | None = None) -> None:
        """Sign in, then the workspace (on ``tab``, e.g. ``"refused"``, when given)."""
        from cc2desktop.ui.facilitator.panel import open_facilitator

        panel = open_facilitator(self.fac, self.sync, self.runner, self.shell, tab=tab)
        if panel is not None:
            self.panel = panel

    def _on_changes(self, ch: Any) -> None:
        if self.panel is not None and self.panel.isVisible():
            self.panel.on_changes(ch)

    def stop(self) -> None:
        if self.panel is not None:
            self.panel.close()
