"""Group sessions: the list, planning/editing/deleting a session, the attendance sheet on screen and
on paper (PDF or printer, French or English).

The attendance sheet is built for 30–40 people in under a minute: *All present* (Ctrl+A), then
arrow keys and Space to mark the few absents, then Ctrl+S to save. Only changes become events.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from cc2desktop.core import limits
from cc2desktop.core.facilitation import service
from cc2desktop.core.reports.dashboard import Table
from cc2desktop.ui.facilitator.common import (EmptyHint, Retranslating, capsule_title, fmt_date, set_label,
                                              ui_lang)
from cc2desktop.ui.facilitator.groups import confirm
from cc2desktop.ui.facilitator.models import AttendanceTableModel, TableModel, value_formatters
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner
from cc2desktop.ui.shell.text_limits import CharCounter
from cc2desktop.ui.shell.a11y import LiveLabel

SESSION_COLUMNS = ["id", "date", "group", "capsules", "notes", "present", "recorded"]


class AttendanceSheet(Retranslating, QWidget):
    """Attendance of one session. ``saved(int)`` gives the number of learners whose mark changed."""

    saved = Signal(int)

    def __init__(self, fac, fs, session_id: str, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs, self.session_id = fac, fs, session_id
        self.runner = runner
        self.info: service.SessionInfo | None = None
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
        self.all_btn = QPushButton()
        self.all_btn.clicked.connect(lambda: self.model.mark_all(True))
        self.save_btn = QPushButton()
        self.save_btn.clicked.connect(self.save)
        self.status = LiveLabel()
        self.status.setMinimumWidth(160)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #5a6772")
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        buttons.addWidget(self.save_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.hint)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+A"), self, activated=lambda: self.model.mark_all(True))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.model.changed.connect(self._on_model_changed)
        self.empty = EmptyHint(self.view, lambda: self.tr(
            "Nobody to mark: enrol participants in this group first (Groups tab)."))
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.all_btn.setText(self.tr("All present (Ctrl+A)"))
        self.save_btn.setText(self.tr("Save (Ctrl+S)"))
        self.hint.setText(self.tr("Space: present / absent · ↑↓: move · type a name to jump to it"))
        self.view.setAccessibleName(self.tr("Attendance sheet"))
        self.model.retranslate()
        self._show_title()
        self._on_model_changed()

    def _show_title(self) -> None:
        if self.info is not None:
            self.title.setText(self.tr("%1 — %2").replace("%1", self.info.group_name)
                               .replace("%2", fmt_date(self.info.date)))

    def load(self) -> None:
        fac, fs, sid = self.fac, self.fs, self.session_id
        self.runner.read(lambda job: (fac.group_session(fs, sid), fac.attendance(fs, sid)), on_done=self._on_loaded,
                         on_error=self._on_failed)

    def _on_loaded(self, result) -> None:  # noqa: ANN001
        info, rows = result
        self.info = info
        self._show_title()
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


def localized_date_edit(value: QDate) -> QDateEdit:
    """A date field with a calendar, showing the month in words in the interface language."""
    d = QDateEdit(value)
    d.setCalendarPopup(True)
    d.setLocale(QLocale())
    d.setDisplayFormat("d MMM yyyy")
    return d


class PlanSessionDialog(Retranslating, QDialog):
    """Date, group, capsules covered (by title), notes. ``values()`` after ``exec()``."""

    def __init__(self, groups: list[service.GroupInfo], capsules: list[tuple[str, str]],
                 session: service.SessionInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.date = localized_date_edit(QDate.fromString(session.date, "yyyy-MM-dd") if session
                                        else QDate.currentDate())
        self.group = QComboBox()
        for g in groups:
            self.group.addItem(g.name, g.id)
        if session:
            self.group.setCurrentIndex(max(0, self.group.findData(session.group_id)))
            self.group.setEnabled(False)
        self.capsules = QListWidget()
        self.capsules.setWordWrap(True)
        chosen = set(session.capsules) if session else set()
        for cid, title in capsules:
            it = QListWidgetItem(title or cid)
            it.setData(Qt.ItemDataRole.UserRole, cid)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked if cid in chosen else Qt.CheckState.Unchecked)
            self.capsules.addItem(it)
        self.no_capsule = QLabel()
        self.no_capsule.setWordWrap(True)
        self.no_capsule.setVisible(not capsules)
        self.notes = QPlainTextEdit(session.notes if session else "")
        self.notes.setMaximumHeight(90)
        self.notes_counter = CharCounter(self.notes, limits.SESSION_NOTES)  # bounded where it is typed
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.date)
        self.form.addRow(QLabel(), self.group)
        self.form.addRow(QLabel(), self.capsules)
        self.form.addRow("", self.no_capsule)
        self.form.addRow(QLabel(), self.notes)
        self.form.addRow("", self.notes_counter)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(bb)
        self.setMinimumWidth(620)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit the session") if self.session else self.tr("Plan a session"))
        for w, text in ((self.date, self.tr("Date")), (self.group, self.tr("Group")),
                        (self.capsules, self.tr("Capsules covered")), (self.notes, self.tr("Notes"))):
            set_label(self.form, w, text)
        self.no_capsule.setText(self.tr("No course is installed on this PC: install one (File menu) to choose the "
                                        "capsules; you can still plan the session and take attendance."))
        self.date.setLocale(QLocale())
        self.date.setDisplayFormat("d MMM yyyy")

    def values(self) -> dict:
        caps = [self.capsules.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.capsules.count())
                if self.capsules.item(i).checkState() == Qt.CheckState.Checked]
        return {"group": self.group.currentData(), "date": self.date.date().toString("yyyy-MM-dd"),
                "capsules": caps, "notes": self.notes.toPlainText()}


class PrintSheetDialog(Retranslating, QDialog):
    """The attendance sheet on paper: its language, then a PDF file or the printer."""

    def __init__(self, info: service.SessionInfo, rows: list[service.AttendanceRow], titles: dict,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info, self.rows, self.titles = info, rows, titles
        self.lang = QComboBox()
        self.lang.addItem("Français", "fr")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(self.lang.findData(ui_lang()))
        self.lang_label = QLabel()
        self.lang_label.setBuddy(self.lang)
        self.pdf_btn = QPushButton()
        self.pdf_btn.clicked.connect(self._on_pdf_clicked)
        self.print_btn = QPushButton()
        self.print_btn.clicked.connect(self._on_print_clicked)
        self.status = LiveLabel()
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.lang_label)
        row.addWidget(self.lang, 1)
        btns = QHBoxLayout()
        btns.addWidget(self.pdf_btn)
        btns.addWidget(self.print_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addLayout(btns)
        lay.addWidget(self.status)
        lay.addWidget(close)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Print the attendance sheet"))
        self.lang_label.setText(self.tr("&Language of the sheet"))
        self.lang.setAccessibleName(self.tr("Language of the sheet"))
        self.pdf_btn.setText(self.tr("Save as PDF…"))
        self.print_btn.setText(self.tr("Print…"))

    def capsule_names(self, lang: str) -> list[str]:
        return [capsule_title(self.titles, c, lang) for c in self.info.capsules]

    def save_pdf(self, path: Path) -> Path:
        from cc2desktop.ui.facilitator.attendance_pdf import write_pdf

        lang = self.lang.currentData()
        out = write_pdf(path, self.info, self.rows, self.capsule_names(lang), lang)
        self.status.setText(self.tr("Sheet saved: %1").replace("%1", str(out)))
        return out

    def _on_pdf_clicked(self) -> None:
        name = f"{self.tr('attendance')}-{self.info.group_name}-{self.info.date}.pdf".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the attendance sheet"), name, "PDF (*.pdf)")
        if path:
            self.save_pdf(Path(path))

    def _on_print_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from cc2desktop.ui.facilitator.attendance_pdf import print_sheet

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            lang = self.lang.currentData()
            print_sheet(printer, self.info, self.rows, self.capsule_names(lang), lang)
            self.status.setText(self.tr("Sent to the printer."))


class SessionsWidget(Retranslating, QWidget):
    """The sessions of every group; plan, edit, delete, take and print attendance, start projector /
    group quiz.

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
        self.titles: dict = {}
        self.groups: list[service.GroupInfo] = []
        self.sessions: list[service.SessionInfo] = []
        self.model = TableModel(hidden=("id",), formatters=value_formatters())
        self.model.set_formatter("capsules", self._capsule_names)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.take_attendance())
        self.plan_btn = QPushButton()
        self.plan_btn.clicked.connect(self.plan)
        self.edit_btn = QPushButton()
        self.edit_btn.clicked.connect(self.edit)
        self.delete_btn = QPushButton()
        self.delete_btn.clicked.connect(self.delete)
        self.att_btn = QPushButton()
        self.att_btn.clicked.connect(self.take_attendance)
        self.print_btn = QPushButton()
        self.print_btn.clicked.connect(self.print_sheet)
        self.proj_btn = QPushButton()
        self.proj_btn.clicked.connect(lambda: self._emit_for_current(self.projector_requested))
        self.quiz_btn = QPushButton()
        self.quiz_btn.clicked.connect(lambda: self._emit_for_current(self.group_quiz_requested))
        bar = QHBoxLayout()
        for b in (self.plan_btn, self.edit_btn, self.delete_btn):
            bar.addWidget(b)
        bar.addSpacing(16)
        for b in (self.att_btn, self.print_btn, self.proj_btn, self.quiz_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.status = LiveLabel()
        self.status.setWordWrap(True)
        self.sheet_box = QWidget()
        self.sheet_area = QVBoxLayout(self.sheet_box)
        self.sheet_area.setContentsMargins(0, 0, 0, 0)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.view)
        self.split.addWidget(self.sheet_box)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.split, 1)
        lay.addWidget(self.status)
        self.sheet: AttendanceSheet | None = None
        self.empty = EmptyHint(self.view, lambda: self.tr(
            "No session yet: click “Plan a session…” (create a group first in the Groups tab)."))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        for b, text in ((self.plan_btn, self.tr("Plan a session…")), (self.edit_btn, self.tr("Edit…")),
                        (self.delete_btn, self.tr("Delete…")), (self.att_btn, self.tr("Attendance")),
                        (self.print_btn, self.tr("Print the sheet…")), (self.proj_btn, self.tr("Projector")),
                        (self.quiz_btn, self.tr("Group quiz"))):
            b.setText(text)
        self.view.setAccessibleName(self.tr("Sessions"))
        self.model.retranslate()
        self.empty.update()
        self._update_buttons()

    def _capsule_names(self, ids: object) -> str:
        return ", ".join(capsule_title(self.titles, c, ui_lang()) for c in (ids or [])) or "—"

    def refresh(self) -> None:
        fac, fs = self.fac, self.fs
        need_titles = not self.titles  # courses change rarely: read once per window

        def work(job):  # noqa: ANN001, ANN202
            return fac.groups(fs), fac.sessions(fs), fac.capsule_titles() if need_titles else None

        self.runner.read(work, on_done=self._on_loaded, on_error=lambda e: self.status.setText(error_text(e)),
                         owner=self)

    def _on_loaded(self, result) -> None:  # noqa: ANN001
        self.groups, self.sessions, titles = result
        if titles is not None:
            self.titles = titles
        keep = self.current().id if self.current() else None
        rows = [(x.id, x.date, x.group_name, x.capsules, x.notes, x.present, x.recorded) for x in self.sessions]
        self.model.set_table(Table("sessions", SESSION_COLUMNS, rows))
        self.view.resizeColumnsToContents()
        for i, x in enumerate(self.sessions):
            if x.id == keep:
                self.view.selectRow(i)
        self._update_buttons()

    def choices(self, lang: str) -> list[tuple[str, str]]:
        """(capsule id, title) to plan a session."""
        if self.capsule_choices is not None:
            return self.capsule_choices
        return [(cid, capsule_title(self.titles, cid, lang)) for cid in self.titles]

    def current(self) -> service.SessionInfo | None:
        idx = self.view.currentIndex()
        if not idx.isValid() or not self.view.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            return None
        sid = self.model.row_values(idx.row())[0]
        return next((x for x in self.sessions if x.id == sid), None)

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        for b in (self.edit_btn, self.delete_btn, self.att_btn, self.print_btn, self.proj_btn, self.quiz_btn):
            b.setEnabled(chosen)

    def _emit_for_current(self, signal) -> None:  # noqa: ANN001
        cur = self.current()
        if cur is not None:
            signal.emit(cur.id)

    def plan(self) -> None:
        if not self.groups:
            self.status.setText(self.tr("Create a group first (Groups tab)."))
            return
        dlg = PlanSessionDialog(self.groups, self.choices(ui_lang()), parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save_plan(dlg.values())

    def save_plan(self, v: dict, session_id: str | None = None) -> None:
        fac, fs = self.fac, self.fs

        def work(job):  # noqa: ANN001, ANN202
            if session_id:
                return fac.update_session(fs, session_id, date=v["date"], capsules=v["capsules"], notes=v["notes"])
            return fac.plan_session(fs, v["group"], v["date"], v["capsules"], v["notes"])

        self.runner.write(work, on_done=lambda _sid: self.refresh(),
                          on_error=lambda e: self.status.setText(error_text(e)), owner=self)

    def edit(self) -> None:
        cur = self.current()
        if cur is None:
            return
        dlg = PlanSessionDialog(self.groups, self.choices(ui_lang()), cur, parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save_plan(dlg.values(), cur.id)

    def delete(self) -> None:
        cur = self.current()
        if cur is None or not confirm(self, self.tr("Delete a session"), self.tr(
                "Delete the session of %1 (%2)?\n\nIt leaves the list and no longer counts in the attendance "
                "figures. Nothing a learner did is erased: the attendance already taken stays in each participant's "
                "activity log, and a group quiz played in it still counts in their quiz results.")
                .replace("%1", fmt_date(cur.date)).replace("%2", cur.group_name), self.tr("Delete the session")):
            return
        if self.sheet is not None and self.sheet.session_id == cur.id:
            self._drop_sheet()
        fac, fs = self.fac, self.fs
        self.runner.write(lambda job: fac.delete_session(fs, cur.id), on_done=lambda _n: self.refresh(),
                          on_error=lambda e: self.status.setText(error_text(e)), owner=self)

    def _drop_sheet(self) -> None:
        if self.sheet is not None:
            self.sheet.setParent(None)
            self.sheet.deleteLater()
            self.sheet = None

    def take_attendance(self) -> None:
        cur = self.current()
        if cur is None:
            return
        self._drop_sheet()
        self.sheet = AttendanceSheet(self.fac, self.fs, cur.id, self.runner, self)
        self.sheet.saved.connect(lambda _n: self.refresh())
        self.sheet_area.addWidget(self.sheet)
        total = sum(self.split.sizes()) or self.height()
        self.split.setSizes([total // 4, total - total // 4])  # the sheet gets the room: 30–40 names

    def print_sheet(self) -> None:
        cur = self.current()
        if cur is None:
            return
        fac, fs, titles = self.fac, self.fs, self.titles

        def show(rows: list) -> None:
            self.print_dialog = PrintSheetDialog(cur, rows, titles, self)
            self.print_dialog.open()

        self.runner.read(lambda job: fac.attendance(fs, cur.id), on_done=show,
                         on_error=lambda e: self.status.setText(error_text(e)), owner=self)
