"""Sync in the GUI: a status indicator with "Sync now", the enrolment dialog and the USB dialog.

All work runs in the :class:`~cc2desktop.ui.shell.tasks.TaskRunner` (never on the GUI thread): the
status read in the read lane, exchanges (sync, enrolment, USB bundles) in the long-jobs lane. The
widgets call ``kit.sync`` (:class:`~cc2desktop.core.sync.facade.Sync`) only; error codes become
sentences through :func:`cc2desktop.ui.shell.errors.error_text`. The status refreshes when a change
touches the pending work (``changes_applied``), not on a timer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMenu, QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from cc2desktop.core.sync.facade import Sync
from cc2desktop.core.sync.service import SyncStatus, find_usb_sticks
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner
from cc2desktop.ui.sync.refused import reason_text as refused_reason_text
from cc2desktop.ui.shell.a11y import LiveLabel, announce

_COLOURS = {"idle": "#2e7d32", "syncing": "#1565c0", "offline": "#9e9e9e", "error": "#c62828",
            "not_enrolled": "#ef6c00"}
AMBER = "#e08e00"  # something needs a facilitator: activities refused by the server


def _ago(iso: str | None) -> str:
    if not iso:
        return QCoreApplication.translate("SyncStatusWidget", "never")
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    mins = int((dt.datetime.now(dt.timezone.utc) - t).total_seconds() // 60)
    if mins < 1:
        return QCoreApplication.translate("SyncStatusWidget", "just now")
    if mins < 60:
        return QCoreApplication.translate("SyncStatusWidget", "%1 min ago").replace("%1", str(mins))
    if mins < 48 * 60:
        return QCoreApplication.translate("SyncStatusWidget", "%1 h ago").replace("%1", str(mins // 60))
    return QCoreApplication.translate("SyncStatusWidget", "%1 days ago").replace("%1", str(mins // (24 * 60)))


class SyncStatusWidget(QWidget):
    """Dot + one line of status + "Sync now" + a menu (connect to a server, USB stick). Syncs in
    the background on its own schedule (``SyncService.next_delay``) when ``auto`` is on."""

    status_changed = Signal(object)  # SyncStatus
    details_requested = Signal()  # "see the details" of the refused activities

    def __init__(self, sync: Sync, runner: TaskRunner, parent: QWidget | None = None, *,
                 auto: bool = True) -> None:
        super().__init__(parent)
        self.sync, self.runner = sync, runner
        self._task = None
        self.confirm_box: QMessageBox | None = None  # "read this sync file?" while it is asked
        self.usb_dialog: UsbSyncDialog | None = None
        self.dot = QLabel("●")
        self.text = QLabel()
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.refused_button = QPushButton()  # "2 activities refused by the server — see the details"
        self.refused_button.setFlat(True)
        self.refused_button.setStyleSheet(f"color: {AMBER}; font-weight: bold; text-decoration: underline;")
        self.refused_button.setVisible(False)
        self.refused_button.clicked.connect(self.details_requested)
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_asked)
        self._asked = False  # a sync the user asked for: its end is announced
        self.more = QToolButton()
        self.more.setText("…")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more)
        self.enrol_action = menu.addAction("", self.open_enrol)
        self.usb_action = menu.addAction("", self.open_usb)
        self.more.setMenu(menu)
        self._last_status: SyncStatus | None = None
        self.retranslate()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        for w in (self.dot, self.text, self.refused_button):
            lay.addWidget(w)
        lay.addStretch(1)
        lay.addWidget(self.sync_button)
        lay.addWidget(self.more)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self.auto = auto
        runner.changes_applied.connect(self._on_changes)
        self.refresh()
        if auto:
            self.timer.start(2000)

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.more.setToolTip(self.tr("More: connect to a server, USB stick"))
        self.more.setAccessibleName(self.tr("More sync options"))
        self.enrol_action.setText(self.tr("Connect to a server…"))
        self.usb_action.setText(self.tr("USB stick…"))
        if self._last_status is not None:
            self.show_status(self._last_status)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # status ------------------------------------------------------------------------------
    def refresh(self) -> None:
        sync = self.sync
        self.runner.read(lambda job: sync.status(), on_done=self.show_status, on_error=lambda e: None)

    def _on_changes(self, ch) -> None:  # noqa: ANN001 - Changes
        if ch.pending_sync and not self.busy:
            self.refresh()

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def show_status(self, st: SyncStatus) -> None:
        self._last_status = st
        colour = _COLOURS.get(st.state, "#9e9e9e")
        if st.rejected and st.state in ("idle", "offline"):
            colour = AMBER  # work goes on, but something waits for a facilitator
        self.dot.setStyleSheet(f"color: {colour}; font-size: 16px;")
        self.dot.setAccessibleName(self.tr("Attention needed") if colour == AMBER else "")
        self.refused_button.setVisible(bool(st.rejected))
        if st.rejected:
            # two sentences rather than a %n plural (pyside6-lupdate cannot mark those)
            self.refused_button.setText(self.tr("1 activity refused by the server — see the details")
                                        if st.rejected == 1 else
                                        self.tr("%1 activities refused by the server — see the details")
                                        .replace("%1", str(st.rejected)))
            self.refused_button.setToolTip("\n".join(
                f"{n} × {refused_reason_text(code)}" for code, n in sorted(st.rejected_reasons.items())))
        if st.state == "not_enrolled":
            line = error_text("not_enrolled")
        elif st.state == "syncing":
            line = self.tr("Sending your work…")
        else:
            waiting = (self.tr("1 activity waiting") if st.pending == 1
                       else self.tr("%1 activities waiting").replace("%1", str(st.pending)))
            if not st.pending:
                waiting = self.tr("Everything is sent")
            line = self.tr("%1 · last sync %2").replace("%1", waiting).replace("%2", _ago(st.last_sync))
            if st.error_code in ("offline", "timeout"):
                line += " · " + self.tr("offline, will retry")
            elif st.error_code:
                line += " · " + self.tr("sync problem")
        self.text.setText(line)
        self.text.setToolTip(error_text(st.error_code) if st.error_code else "")
        self.sync_button.setEnabled(st.state not in ("not_enrolled", "syncing"))
        self.status_changed.emit(st)

    # work --------------------------------------------------------------------------------
    def sync_asked(self) -> None:
        """A sync the user asked for (the button, F5): its end is announced."""
        self._asked = True
        self.sync_now()

    def sync_now(self) -> None:
        if self.busy:
            return
        self.timer.stop()
        self.sync_button.setEnabled(False)
        self.text.setText(self.tr("Sending your work…"))
        self._task = self.runner.long(self.sync.sync_now, on_done=self._on_synced, on_error=self._on_failed)

    def _on_synced(self, st: SyncStatus) -> None:
        self.show_status(st)
        if self._asked:
            self._asked = False
            announce(self.text, self.tr("Sync done: %1").replace("%1", self.text.text()))
        if self.auto:
            self.timer.start(int(self.sync.next_delay() * 1000))

    def _on_failed(self, exc: BaseException) -> None:
        self.text.setText(error_text(exc))
        if self._asked:
            self._asked = False
            announce(self.text, self.text.text(), assertive=True)
        self.sync_button.setEnabled(True)
        if self.auto:
            self.timer.start(int(self.sync.next_delay() * 1000))

    def cancel(self) -> None:
        self.timer.stop()
        if self._task is not None:
            self._task.cancel()

    def open_enrol(self) -> None:
        dlg = EnrolDialog(self.sync, self.runner, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.sync_now()

    def open_usb(self) -> None:
        UsbSyncDialog(self.sync, self.runner, self).exec()

    def open_file(self, path: Path) -> None:
        """Ask, then read ``path`` in the USB sync dialog (which shows the outcome)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Sync file"),
                          self.tr("Read the sync file %1 on this PC? It brings learners' progress from another "
                                  "PC, or the server's reply to this one.").replace("%1", path.name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window())
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        self.confirm_box = box  # tests answer it
        answer = box.exec()
        self.confirm_box = None
        if answer != QMessageBox.StandardButton.Yes:
            return
        dlg = UsbSyncDialog(self.sync, self.runner, self, sticks=[path.parent])
        self.usb_dialog = dlg
        dlg.import_from(path)
        dlg.exec()
        self.usb_dialog = None


class EnrolDialog(QDialog):
    """Server address + enrolment code → this PC is enrolled (the work runs in a worker)."""

    def __init__(self, sync: Sync, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync, self.runner = sync, runner
        self.setWindowTitle(self.tr("Connect this PC to a server"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://192.168.1.10:8765")
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.message = QLabel(self.tr("Ask your facilitator for the server address and a code."))
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("Enrolment code"), self.code)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(440, 0)

    def _start(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.message.setText(self.tr("Fill in both the address and the code."))
            return
        if "://" not in url:
            url = "http://" + url
        self.ok.setEnabled(False)
        self.message.setText(self.tr("Connecting…"))
        sync = self.sync
        self.runner.long(lambda job: sync.enrol(url, code), on_done=lambda _r: self.accept(), on_error=self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.setText(error_text(exc))


class UsbSyncDialog(QDialog):
    """Write this PC's progress to a stick, or read a bundle from one (forward it, or apply a reply)."""

    def __init__(self, sync: Sync, runner: TaskRunner, parent: QWidget | None = None,
                 sticks: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.sync, self.runner = sync, runner
        self.setWindowTitle(self.tr("Sync with a USB stick"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("USB sticks found"))
        for p in (sticks if sticks is not None else find_usb_sticks()):
            QListWidgetItem(str(p), self.list)
        if self.list.count():
            self.list.setCurrentRow(0)
        intro = QLabel(self.tr("No internet here? Your progress can travel on a USB stick to a PC that is "
                               "connected. Bring back the reply file and read it here."))
        intro.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Write my progress to the stick"))
        self.import_button = QPushButton(self.tr("Read a file from the stick…"))
        self.export_button.clicked.connect(self._export)
        self.import_button.clicked.connect(self._import)
        self.message = LiveLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(QLabel(self.tr("Sticks found:") if self.list.count()
                             else self.tr("No stick found: choose a folder.")))
        lay.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addWidget(close)
        self.resize(480, 320)

    def _target(self) -> Path | None:
        item = self.list.currentItem()
        if item is not None:
            return Path(item.text())
        d = QFileDialog.getExistingDirectory(self, self.tr("Choose the stick or a folder"))
        return Path(d) if d else None

    def _busy(self, on: bool) -> None:
        self.export_button.setEnabled(not on)
        self.import_button.setEnabled(not on)

    def export_to(self, target: Path) -> None:
        self._busy(True)
        self.message.setText(self.tr("Writing…"))
        sync = self.sync
        self.runner.long(lambda job: sync.export_bundle(target), on_done=self._exported, on_error=self._failed)

    def import_from(self, path: Path) -> None:
        self._busy(True)
        self.message.setText(self.tr("Reading…"))
        sync = self.sync
        self.runner.long(lambda job: sync.import_bundle(path), on_done=self._imported, on_error=self._failed)

    def _export(self) -> None:
        target = self._target()
        if target is not None:
            self.export_to(target)

    def _import(self) -> None:
        start = str(self._target() or Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a sync file"), start, "cc2desktop (*.cc2sync)")
        if path:
            self.import_from(Path(path))

    def _exported(self, path: Path) -> None:
        self._busy(False)
        self.message.setText(self.tr("Saved %1. Take the stick to a connected PC.").replace("%1", Path(path).name))

    def _imported(self, res: dict) -> None:
        self._busy(False)
        if res.get("kind") == "push":
            self.message.setText(self.tr("Sent to the server. Take the reply file %1 back to the other PC.")
                                 .replace("%1", Path(res["reply"]).name))
        else:
            self.message.setText(self.tr("Done: %1 activities confirmed, %2 received.")
                                 .replace("%1", str(res.get("acked", 0))).replace("%2", str(res.get("pulled", 0))))

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.message.setText(error_text(exc, detail=True))
