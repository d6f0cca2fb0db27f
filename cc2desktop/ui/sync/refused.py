"""The activities the server refused, kept aside on this PC: the list with each reason in words,
export to a file for the programme, and "send again" once the server was fixed.

The rows are plain data from :func:`cc2desktop.core.sync.client.refused_events`; every read and
write runs in the task runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, Qt,
                            Signal)
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner


def reason_text(code: str) -> str:
    """A refusal reason in words a facilitator can act on."""
    texts = {
        "unknown_type": QCoreApplication.translate(
            "SyncRefused",
            "The server does not know this kind of activity: it needs an update. Then send again."),
        "too_large": QCoreApplication.translate(
            "SyncRefused",
            "Too large to send (a text longer than the app allows today). Export it for the programme."),
        "learner_not_linked": QCoreApplication.translate(
            "SyncRefused", "The server does not link this learner to this PC (a profile copied from another PC?)."),
        "conflict": QCoreApplication.translate(
            "SyncRefused", "The server already holds another version of this activity."),
        "bad_event": QCoreApplication.translate("SyncRefused",
                                                "This activity is damaged. Export it for the programme."),
    }
    texts["bad_batch"] = texts["bad_event"]
    return texts.get(code, QCoreApplication.translate("SyncRefused", "Refused by the server (%1).").replace("%1", code))


def type_text(event_type: str) -> str:
    """What kind of activity an event is, in words."""
    texts = {
        "video.watched": QCoreApplication.translate("SyncRefused", "Video watched"),
        "quiz.answered": QCoreApplication.translate("SyncRefused", "Quiz answer"),
        "quiz.completed": QCoreApplication.translate("SyncRefused", "Quiz finished"),
        "capsule.completed": QCoreApplication.translate("SyncRefused", "Capsule completed"),
        "exam.started": QCoreApplication.translate("SyncRefused", "Final exam started"),
        "exam.answered": QCoreApplication.translate("SyncRefused", "Final exam answer"),
        "exam.claimed": QCoreApplication.translate("SyncRefused", "Final exam answer sheet"),
        "group.enrolled": QCoreApplication.translate("SyncRefused", "Joined a group"),
        "group.left": QCoreApplication.translate("SyncRefused", "Left a group"),
        "group.renamed": QCoreApplication.translate("SyncRefused", "Group renamed"),
        "group.deleted": QCoreApplication.translate("SyncRefused", "Group deleted"),
        "session.planned": QCoreApplication.translate("SyncRefused", "Session planned"),
        "session.updated": QCoreApplication.translate("SyncRefused", "Session changed"),
        "session.attended": QCoreApplication.translate("SyncRefused", "Attendance"),
        "session.deleted": QCoreApplication.translate("SyncRefused", "Session deleted"),
    }
    return texts.get(event_type, event_type)


class RefusedTableModel(QAbstractTableModel):
    COLUMNS = ("created_at", "learner_name", "type", "reason")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (QCoreApplication.translate("SyncRefused", "Date"), QCoreApplication.translate("SyncRefused", "Learner"),
                QCoreApplication.translate("SyncRefused", "Activity"),
                QCoreApplication.translate("SyncRefused", "Why it was refused"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if col == "created_at":
            return str(r["created_at"] or "")[:16].replace("T", " ")
        if col == "learner_name":
            return r["learner_name"] or r["learner_id"]
        if col == "type":
            return type_text(r["type"])
        return reason_text(r["reason"])


class RefusedEventsWidget(QWidget):
    """The refused activities of this PC (for the facilitator)."""

    changed = Signal()

    def __init__(self, sync, runner: TaskRunner, parent: QWidget | None = None, *,  # noqa: ANN001
                 ask_path=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.sync = sync  # kit.sync
        self.runner = runner
        self._ask_path = ask_path
        self._note: str | None = None  # said after the next reload
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.model = RefusedTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(True)
        self.export_btn = QPushButton()
        self.export_btn.clicked.connect(self._on_export_clicked)
        self.again_btn = QPushButton()
        self.again_btn.clicked.connect(self._on_again_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.export_btn)
        bar.addWidget(self.again_btn)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.view, 1)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("Activities of this PC the server refused. They are kept here and not sent again "
                                   "on their own: export them for the programme, or send them again once the "
                                   "server was updated. Everything else keeps being sent."))
        self.export_btn.setText(self.tr("Export for the programme…"))
        self.view.setAccessibleName(self.tr("Refused activities"))
        self.again_btn.setText(self.tr("Send again at the next sync"))
        self._show_count()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def refresh(self) -> None:
        sync = self.sync
        self.runner.read(lambda _job: sync.refused(), on_done=self._on_loaded,
                        on_error=lambda exc: self.status.setText(error_text(exc)))

    def _on_loaded(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._show_count()
        if self._note:
            self.status.setText(self._note)
            self._note = None
        self.changed.emit()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.export_btn.setEnabled(n > 0)
        self.again_btn.setEnabled(n > 0)
        self.status.setText(self.tr("No refused activity: everything this PC sends is accepted.") if not n else "")

    def _selected_ids(self) -> list[str] | None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.rows[r]["id"] for r in rows] or None  # nothing selected: every one

    def export_to(self, path: Path) -> None:
        sync = self.sync
        self.runner.write(lambda _job: sync.export_refused(path), on_done=self._on_exported,
                          on_error=lambda exc: self.status.setText(error_text(exc, detail=True)))

    def _on_export_clicked(self) -> None:
        name = "refused-activities.json"
        path = self._ask_path(name) if self._ask_path else QFileDialog.getSaveFileName(
            self, self.tr("Export the refused activities"), name, self.tr("JSON files (*.json)"))[0]
        if path:
            self.export_to(Path(path))

    def _on_exported(self, path: Path) -> None:
        self.status.setText(self.tr("Saved in %1. Send this file to the programme.").replace("%1", str(path)))
        self.changed.emit()

    def _on_again_clicked(self) -> None:
        ids = self._selected_ids()
        sync = self.sync
        self.runner.write(lambda _job: sync.release_refused(ids), on_done=self._on_released,
                          on_error=lambda exc: self.status.setText(error_text(exc, detail=True)))

    def _on_released(self, n: int) -> None:
        self._note = self.tr("%1 activity(ies) will be sent again at the next sync.").replace("%1", str(n))
        self.refresh()
