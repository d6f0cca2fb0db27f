"""Sync in the window: the status widget in the status bar and the Sync menu (sync now, connect to a
server, USB stick)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from cc2desktop.ui.shell.main_window import MainWindow
from cc2desktop.ui.shell.tasks import TaskRunner
from cc2desktop.ui.sync.widgets import SyncStatusWidget


class SyncController(QObject):
    def __init__(self, sync: Any, runner: TaskRunner, shell: MainWindow, *, auto: bool = True) -> None:
        super().__init__(shell)
        self.sync, self.runner, self.shell = sync, runner, shell
        self.widget = SyncStatusWidget(sync, runner, auto=auto)
        shell.set_sync_widget(self.widget)
        shell.add_action("sync", "sync_now", lambda: self.tr("Sync &now"), self.widget.sync_asked, "F5")
        shell.add_action("sync", "enrol", lambda: self.tr("Connect this PC to a server…"), self.widget.open_enrol)
        shell.add_action("sync", "usb", lambda: self.tr("Sync with a &USB stick…"), self.widget.open_usb)
        shell.add_action("sync", "pairing", lambda: self.tr("&Pairing code of this PC…"), self.show_pairing_code)

    def show_pairing_code(self) -> None:
        """The code a facilitator compares on her PC before importing this PC's USB bundles."""
        from cc2desktop.ui.shell.main_window import message_box

        def shown(code: str) -> None:
            text = self.tr("Pairing code of this PC: %1\n\nThe facilitator's PC shows the same code when it "
                           "first imports this PC's USB stick file: check that both match.").replace("%1", code)
            message_box().information(self.shell, self.tr("Pairing code"), text)

        self.runner.read(lambda job: self.sync.pairing_code(), on_done=shown)

    def open_file(self, path: Path) -> None:
        """A sync file handed to the app (a double-click): read it once the user confirms."""
        self.widget.open_file(Path(path))

    def stop(self) -> None:
        """Quit: no new automatic sync (the runner cancels the running one)."""
        self.widget.timer.stop()
