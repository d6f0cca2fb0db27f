"""Distribution in the window: Help › Copy the diagnostic (for a helper), Facilitator › Prepare a
USB stick, and files handed to the app by a double-click (a course pack, a sync file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from cc2desktop.ui.shell.main_window import MainWindow
from cc2desktop.ui.shell.tasks import TaskRunner


def translate(context: str, text: str) -> str:
    """Qt's translate (lupdate extracts ``translate("Diagnostic", "…")`` calls)."""
    return QCoreApplication.translate(context, text)


class DistributionController(QObject):
    def __init__(self, kit: Any, runner: TaskRunner, shell: MainWindow, packs: Any, sync: Any) -> None:
        super().__init__(shell)
        self.kit, self.runner, self.shell = kit, runner, shell
        self.packs, self.sync = packs, sync  # the packs and sync controllers (install / import a file)
        self.dialog = None  # the open stick dialog (tests drive it)
        self.last_diagnostic = ""
        about = shell.actions.get("about")
        shell.add_action("help", "diagnostic", lambda: self.tr("Copy the &diagnostic"), self.copy_diagnostic,
                         before=about)
        shell.add_action("facilitator", "stick", lambda: self.tr("Prepare a &USB stick…"), self.open_stick)

    # ------------------------------------------------------------------------------ diagnostic
    def copy_diagnostic(self) -> None:
        """Version, data folder, portable or not, database revision, free space and the last errors
        of the log, on the clipboard (read off the GUI thread), in the user's language."""
        kit = self.kit

        def work(job):  # noqa: ANN001, ANN202
            from cc2desktop.core import diagnostic

            return diagnostic.collect(kit.paths, kit.engine)

        self.runner.read(work, on_done=self._on_diagnostic)

    def _on_diagnostic(self, info: dict) -> None:
        from PySide6.QtGui import QGuiApplication

        self.last_diagnostic = diagnostic_text(info)
        QGuiApplication.clipboard().setText(self.last_diagnostic)
        self.shell.notify(self.tr("The diagnostic is on the clipboard: paste it into a message to the person "
                                  "who helps you."), 10_000)

    # ------------------------------------------------------------------------------ sticks
    def open_stick(self) -> None:
        from cc2desktop.ui.distribution.stick_dialog import PrepareStickDialog

        self.dialog = PrepareStickDialog(self.kit.stick, self.runner, self.shell)
        try:
            self.dialog.exec()
        finally:
            self.dialog = None

    # ------------------------------------------------------------------------------ files
    def open_file(self, path: Path) -> None:
        from cc2desktop.core.desktop import openable_kind

        kind = openable_kind(path)
        if kind == "pack":
            self.packs.open_file(path)
        elif kind == "sync":
            self.sync.open_file(path)


def diagnostic_text(info: dict) -> str:
    """The diagnostic as plain text, labels in the user's language."""
    source = {"portable": translate("Diagnostic", "portable: on the stick, beside the app"),
              "user": translate("Diagnostic", "this user's folder on the PC"),
              "option": translate("Diagnostic", "chosen with --data-dir"),
              "env": translate("Diagnostic", "chosen with CC2_DATA_DIR")}
    rev, head = info.get("db_revision"), info.get("db_head")
    if rev is None:
        db = translate("Diagnostic", "not opened yet")
    elif rev == head:
        db = translate("Diagnostic", "revision %1 (up to date)").replace("%1", str(rev))
    else:
        db = (translate("Diagnostic", "revision %1 (the application expects %2)")
              .replace("%1", str(rev)).replace("%2", str(head)))
    free = info.get("free_bytes")
    yes_no = translate("Diagnostic", "yes") if info["portable"] else translate("Diagnostic", "no")
    where = source.get(info["data_dir_source"], info["data_dir_source"])
    lines = [
        translate("Diagnostic", "Connexions Citoyennes — diagnostic"),
        translate("Diagnostic", "Version: %1").replace("%1", info["build"]),
        translate("Diagnostic", "Data folder: %1 (%2)").replace("%1", info["data_dir"]).replace("%2", where),
        translate("Diagnostic", "Portable: %1").replace("%1", yes_no),
        translate("Diagnostic", "Database: %1").replace("%1", db),
        translate("Diagnostic", "Free space: %1 MiB").replace("%1", "?" if free is None else f"{free / 1048576:.0f}"),
        translate("Diagnostic", "System: %1, Python %2").replace("%1", info["os"]).replace("%2", info["python"]),
        translate("Diagnostic", "Log file: %1").replace("%1", info["log"]),
    ]
    errors = info.get("last_errors") or []
    if errors:
        lines.append(translate("Diagnostic", "Last errors (%1):").replace("%1", str(len(errors))))
        lines += errors
    else:
        lines.append(translate("Diagnostic", "Last errors: none"))
    return "\n".join(lines) + "\n"
