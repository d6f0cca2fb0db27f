"""Course packs in the window: File › Install from a USB stick or a file, Download courses, Verify my
content. The dialogs run their work in the runner; an install's changes reach the learner screens
through ``changes_applied`` (no reload call from here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from cc2desktop.ui.shell.main_window import MainWindow
from cc2desktop.ui.shell.tasks import TaskRunner


class PacksController(QObject):
    def __init__(self, packs: Any, runner: TaskRunner, shell: MainWindow) -> None:
        super().__init__(shell)
        self.packs, self.runner, self.shell = packs, runner, shell
        self.dialog = None  # the open dialog (tests drive it)
        first = shell.menus["file"].actions()[0]
        shell.add_action("file", "install", lambda: self.tr("Install a course from a USB stick or a file…"),
                         self.open_install, before=first)
        shell.add_action("file", "download", lambda: self.tr("Download courses…"), self.open_catalog, before=first)
        shell.add_action("file", "verify", lambda: self.tr("Verify my content…"), self.open_verify, before=first)
        shell.menus["file"].insertSeparator(first)

    def _open(self, cls, **kw: Any) -> None:  # noqa: ANN001
        self.dialog = cls(self.packs, self.runner, self.shell, **kw)
        try:
            self.dialog.exec()
        finally:
            self.dialog = None

    def open_install(self) -> None:
        from cc2desktop.ui.packs.dialogs import InstallFromMediaDialog

        self._open(InstallFromMediaDialog)

    def open_file(self, path: Path) -> None:
        """A pack handed to the app (a double-click): the install dialog on its folder, the pack
        selected; it installs when the user clicks Install."""
        from cc2desktop.ui.packs.dialogs import InstallFromMediaDialog

        self._open(InstallFromMediaDialog, roots=[Path(path).parent], select=str(path))

    def open_catalog(self) -> None:
        """Opens on the address last used, else on the server this PC is enrolled with (read off
        the GUI thread first)."""
        from cc2desktop.ui.packs.dialogs import CatalogDialog

        packs = self.packs
        self.runner.read(lambda job: packs.catalog_address(),
                         on_done=lambda address: self._open(CatalogDialog, catalog_url=address or None),
                         on_error=lambda _e: self._open(CatalogDialog))

    def open_verify(self) -> None:
        from cc2desktop.ui.packs.dialogs import VerifyContentDialog

        self._open(VerifyContentDialog)
