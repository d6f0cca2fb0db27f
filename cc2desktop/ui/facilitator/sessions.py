"""Group sessions: the list, planning/editing a session, and the attendance sheet.

The attendance sheet is built for 30–40 people in under a minute: *All present* (Ctrl+A), then
arrow keys and Space to mark the few absents, then Ctrl+S to save. Only changes become events.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from cc2desktop.core import limits
from cc2desktop.core.facilitation import service
from cc2desktop.core.reports.dashboard import Table
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.text_limits import CharCounter
from cc2desktop.ui.facilitator.models import AttendanceTableModel, TableModel
from cc2desktop.ui.shell.tasks import TaskRunner


class AttendanceSheet(QWidget):
    """Attendance of one session. ``saved(int)`` gives the number of learners whose mark changed."""

    saved = Signal(int)

    def __init__(self, fac, fs, session_id: str, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs, self.session_id = fac, fs, session_id
        self.runner = runner
        self.model = AttendanceTableModel(self)
        self.title = QLabel()
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.title.setFont(f)
        self.count = QLabel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.installEventFilter(self)
        self.view.clicked.connect(self._on_view_clicked)
        self.all_btn = QPushButton(self.tr("All present (Ctrl+A)"))
        self.all_btn.clicked.connect(lambda: self.model.mark_all(True))
        self.save_btn = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_btn.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setMinimumWidth(160)
        hint = QLabel(self.tr("Space: present / absent · ↑↓: move · type a name to jump to it"))
        hint.setStyleSheet("color: #666")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        buttons.addWidget(self.save_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(hint)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+A"), self, activated=lambda: self.model.mark_all(True))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.model.changed.connect(self._on_model_changed)
        self.load()

    def load(self) -> None:
        fac, fs, sid = self.fac, self.fs, self.session_id
        self.runner.read(lambda job: (fac.session(fs, sid), fac.attendance(fs, sid)), on_done=self._on_loaded,
                         on_error=self._on_failed)

    def _on_loaded(self, result) -> None:  # noqa: ANN001
        info, rows = result
        self.info = info
        self.title.setText(self.tr("%1 — %2").replace("%1", info.group_name).replace("%2", info.date))
        self.model.load(rows)
        self.view.setColumnWidth(0, max(110, self.view.fontMetrics().horizontalAdvance(self.tr("not marked")) + 40))
        self.view.setFocus()
        if rows:
            self.view.selectRow(0)

    def _on_model_changed(self) -> None:
        self.count.setText(self.tr("%1 / %2 present").replace("%1", str(self.model.present_count()))
                           .replace("%2", str(self.model.rowCount())))

    def _on_view_clicked(self, index: QModelIndex) -> None:
        if index.column() != 0:
            self.model.toggle(index.row())

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        from PySide6.QtCore import QEvent

        if obj is self.view and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space:
            row = self.view.currentIndex().row()
            if row >= 0:
                self.model.toggle(row)
                if row + 1 < self.model.rowCount():
                    self.view.selectRow(row + 1)
            return True
        return super().eventFilter(obj, event)

    def save(self) -> None:
        fac, fs, sid = self.fac, self.fs, self.session_id
        present = [r[0] for r in self.model.rows if r[3]]
        self.save_btn.setEnabled(False)
        self.runner.write(lambda job: fac.record_attendance(fs, sid, present=present), on_done=self._on_saved,
                          on_error=self._on_failed)

    def _on_saved(self, changed: int) -> None:
        self.save_btn.setEnabled(True)
        for i, r in enumerate(self.model.rows):
            if r[3] is None:
                self.model.set_present(i, False)  # saved as absent
        self.status.setText(self.tr("Saved."))
        self.saved.emit(changed)

    def _on_failed(self, exc: BaseException) -> None:
        self.save_btn.setEnabled(True)
        self.status.setText(error_text(exc))


class PlanSessionDialog(QDialog):
    """Date, group, capsules covered, notes. ``values()`` after ``exec()``."""

    def __init__(self, groups: list[service.GroupInfo], capsules: list[tuple[str, str]],
                 session: service.SessionInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit the session") if session else self.tr("Plan a session"))
        self.date = QDateEdit(QDate.fromString(session.date, "yyyy-MM-dd") if session else QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.group = QComboBox()
        for g in groups:
            self.group.addItem(g.name, g.id)
        if session:
            self.group.setCurrentIndex(max(0, self.group.findData(session.group_id)))
            self.group.setEnabled(False)
        self.capsules = QListWidget()
        chosen = set(session.capsules) if session else set()
        for cid, title in capsules:
            it = QListWidgetItem(f"{cid} — {title}" if title else cid)
            it.setData(Qt.ItemDataRole.UserRole, cid)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked if cid in chosen else Qt.CheckState.Unchecked)
            self.capsules.addItem(it)
        self.notes = QPlainTextEdit(session.notes if session else "")
        self.notes.setMaximumHeight(90)
        self.notes_counter = CharCounter(self.notes, limits.SESSION_NOTES)  # bounded where it is typed
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Group"), self.group)
        form.addRow(self.tr("Capsules covered"), self.capsules)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow("", self.notes_counter)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(bb)

    def values(self) -> dict:
        caps = [self.capsules.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.capsules.count())
                if self.capsules.item(i).checkState() == Qt.CheckState.Checked]
        return {"group": self.group.currentData(), "date": self.date.date().toString("yyyy-MM-dd"),
                "capsules": caps, "notes": self.notes.toPlainText()}


class SessionsWidget(QWidget):
    """The sessions of every group; plan, edit, take attendance, start projector / group quiz.

    ``projector_requested(session_id)`` and ``group_quiz_requested(session_id)`` let the window open
    those modes with the session's capsules.
    """

    projector_requested = Signal(str)
    group_quiz_requested = Signal(str)

    def __init__(self, fac, fs, runner: TaskRunner, parent: QWidget | None = None,  # noqa: ANN001
                 capsules: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        self.fac, self.fs = fac, fs
        self.runner = runner
        self.capsule_choices = capsules
        self.groups: list[service.GroupInfo] = []
        self.sessions: list[service.SessionInfo] = []
        self.model = TableModel(hidden=("id",))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.take_attendance())
        self.plan_btn = QPushButton(self.tr("Plan a session…"))
        self.plan_btn.clicked.connect(self.plan)
        self.edit_btn = QPushButton(self.tr("Edit…"))
        self.edit_btn.clicked.connect(self.edit)
        self.att_btn = QPushButton(self.tr("Attendance"))
        self.att_btn.clicked.connect(self.take_attendance)
        self.proj_btn = QPushButton(self.tr("Projector"))
        self.proj_btn.clicked.connect(lambda: self._emit_for_current(self.projector_requested))
        self.quiz_btn = QPushButton(self.tr("Group quiz"))
        self.quiz_btn.clicked.connect(lambda: self._emit_for_current(self.group_quiz_requested))
        bar = QHBoxLayout()
        for b in (self.plan_btn, self.edit_btn, self.att_btn, self.proj_btn, self.quiz_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.status = QLabel()
        self.sheet_area = QVBoxLayout()
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        lay.addLayout(self.sheet_area, 2)
        lay.addWidget(self.status)
        self.sheet: AttendanceSheet | None = None
        self.refresh()

    def refresh(self) -> None:
        fac, fs, want_caps = self.fac, self.fs, self.capsule_choices is None

        def work(job):  # noqa: ANN001, ANN202
            caps = fac.capsule_choices("fr") if want_caps else None
            return fac.groups(fs), fac.sessions(fs), caps

        self.runner.read(work, on_done=self._on_loaded, on_error=lambda e: self.status.setText(error_text(e)))

    def _on_loaded(self, result) -> None:  # noqa: ANN001
        self.groups, self.sessions, caps = result
        if caps is not None:
            self.capsule_choices = caps
        rows = [(x.id, x.date, x.group_name, ", ".join(x.capsules), x.notes, x.present, x.recorded)
                for x in self.sessions]
        self.model.set_table(Table("sessions", ["id", "date", "group", "capsules", "notes", "present", "recorded"],
                                   rows))
        self.view.resizeColumnsToContents()

    def current(self) -> service.SessionInfo | None:
        i = self.view.currentIndex().row()
        return self.sessions[i] if 0 <= i < len(self.sessions) else None

    def _emit_for_current(self, signal) -> None:  # noqa: ANN001
        cur = self.current()
        if cur is not None:
            signal.emit(cur.id)

    def plan(self) -> None:
        if not self.groups:
            self.status.setText(self.tr("Create a group first."))
            return
        dlg = PlanSessionDialog(self.groups, self.capsule_choices or [], parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save_plan(dlg.values())

    def save_plan(self, v: dict, session_id: str | None = None) -> None:
        fac, fs = self.fac, self.fs

        def work(job):  # noqa: ANN001, ANN202
            if session_id:
                return fac.update_session(fs, session_id, date=v["date"], capsules=v["capsules"], notes=v["notes"])
            return fac.plan_session(fs, v["group"], v["date"], v["capsules"], v["notes"])

        self.runner.write(work, on_done=lambda _sid: self.refresh(),
                          on_error=lambda e: self.status.setText(error_text(e)))

    def edit(self) -> None:
        cur = self.current()
        if cur is None:
            return
        dlg = PlanSessionDialog(self.groups, self.capsule_choices or [], cur, parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save_plan(dlg.values(), cur.id)

    def take_attendance(self) -> None:
        cur = self.current()
        if cur is None:
            return
        if self.sheet is not None:
            self.sheet.setParent(None)
            self.sheet.deleteLater()
        self.sheet = AttendanceSheet(self.fac, self.fs, cur.id, self.runner, self)
        self.sheet.saved.connect(lambda _n: self.refresh())
        self.sheet_area.addWidget(self.sheet)
