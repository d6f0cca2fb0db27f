"""Facilitator › Supervised exam session: open an exam session for a group (its code goes on the
board), take the attendance, then co-sign the answer sheets the present learners made in it (they
reach this PC with the centre's sync or the "Other PCs" USB import), and close it. The server then
certifies those sheets as "examen surveillé" (:mod:`cc2desktop.core.certification.proctor`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from cc2desktop.ui.shell.a11y import closes_on_escape
from cc2desktop.ui.shell.errors import error_text

Index = QModelIndex | QPersistentModelIndex


class SheetTableModel(QAbstractTableModel):
    """One row per learner on the session's attendance sheet: present (checkable), name, her answer
    sheets made in the session and what the facilitator said of them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = [dict(r, present=bool(r.get("present"))) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Present"), self.tr("Learner"), self.tr("Answer sheets in this session"))[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.rows[index.row()]
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if r["present"] else Qt.CheckState.Unchecked
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 1:
            return r["name"] + (f" ({r['code']})" if r.get("code") else "")
        if index.column() == 2:
            return self.sheets_text(r["claims"])
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self.rows[index.row()]["present"] = Qt.CheckState(value) == Qt.CheckState.Checked
            self.dataChanged.emit(index, index)
            return True
        return False

    def sheets_text(self, claims: list[dict]) -> str:
        if not claims:
            return self.tr("none yet")
        out = []
        for c in claims:
            minutes = round(float(c.get("elapsed_s") or 0) / 60)
            state = {"cosigned": self.tr("co-signed"), "declined": self.tr("declined")}.get(
                c.get("verdict") or "", self.tr("to co-sign"))
            out.append(self.tr("handed in after %1 min — %2").replace("%1", str(minutes)).replace("%2", state))
        return "; ".join(out)


class ExamSessionWindow(QWidget):
    """The facilitator's supervised exam sessions (its own window, like the facilitator space)."""

    def __init__(self, cert: Any, fac: Any, packs: Any, runner: Any, fs: Any, parent: QWidget | None = None, *,
                 lang: str = "fr") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        closes_on_escape(self)
        self.cert, self.fac, self.packs, self.runner, self.fs = cert, fac, packs, runner, fs
        self.lang = lang
        self.sessions: list[dict] = []
        self._want: str | None = None  # the session to show once the list is read again
        lay = QVBoxLayout(self)
        self.open_box = QGroupBox()
        form = QFormLayout(self.open_box)
        self.group = QComboBox()
        self.course = QComboBox()
        self.open_btn = QPushButton()
        self.open_btn.clicked.connect(self._on_open_clicked)
        self.group_label, self.course_label = QLabel(), QLabel()
        self.group_label.setBuddy(self.group)
        self.course_label.setBuddy(self.course)
        form.addRow(self.group_label, self.group)
        form.addRow(self.course_label, self.course)
        form.addRow("", self.open_btn)
        lay.addWidget(self.open_box)

        row = QHBoxLayout()
        self.session_label = QLabel()
        self.session = QComboBox()
        self.session_label.setBuddy(self.session)
        self.session.currentIndexChanged.connect(lambda _i: self.reload_sheet())
        row.addWidget(self.session_label)
        row.addWidget(self.session, 1)
        lay.addLayout(row)
        self.code = QLabel()
        self.code.setStyleSheet("font-size: 28pt; font-weight: bold; color: #0f5e63;")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        lay.addWidget(self.code)
        lay.addWidget(self.hint)
        self.model = SheetTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.save_attendance = QPushButton()
        self.cosign_btn = QPushButton()
        self.decline_btn = QPushButton()
        self.close_btn = QPushButton()
        self.refresh_btn = QPushButton()
        self.save_attendance.clicked.connect(self._on_save_attendance_clicked)
        self.cosign_btn.clicked.connect(lambda: self._answer("cosigned"))
        self.decline_btn.clicked.connect(lambda: self._answer("declined"))
        self.close_btn.clicked.connect(self._on_close_clicked)
        self.refresh_btn.clicked.connect(self.reload)
        for b in (self.save_attendance, self.cosign_btn, self.decline_btn, self.close_btn, self.refresh_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Supervised exam sessions"))
        self.open_box.setTitle(self.tr("Open a supervised exam session"))
        self.group_label.setText(self.tr("&Group:"))
        self.course_label.setText(self.tr("C&ourse:"))
        self.open_btn.setText(self.tr("&Open the session"))
        self.session_label.setText(self.tr("&Session:"))
        self.save_attendance.setText(self.tr("Save the &attendance"))
        self.cosign_btn.setText(self.tr("&Co-sign the sheets of present learners"))
        self.decline_btn.setText(self.tr("&Decline the selected learner's sheet"))
        self.close_btn.setText(self.tr("C&lose the session"))
        self.refresh_btn.setText(self.tr("&Refresh"))
        self.table.setAccessibleName(self.tr("Attendance and answer sheets"))
        self._show_session()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # --- reads ------------------------------------------------------------------------------------
    def reload(self) -> None:
        cert, fac, packs, fs = self.cert, self.fac, self.packs, self.fs
        self.runner.read(lambda _job: (fac.groups(fs), packs.courses(), cert.exam_sessions()),
                         on_done=self._on_loaded, on_error=self._on_error)

    def _on_loaded(self, result: tuple) -> None:
        groups, courses, sessions = result
        keep = self._want or self.current_session_id()
        self._want = None
        self.group.clear()
        for g in groups:
            self.group.addItem(g.name, g.name)
        self.course.clear()
        for c in courses:
            self.course.addItem(c["title"].get(self.lang) or next(iter(c["title"].values()), c["id"]), c["id"])
        self.sessions = sessions
        self.session.blockSignals(True)
        self.session.clear()
        for st in sessions:
            label = f"{_local(st['opened_at'])} — {st.get('group_name', '')} — {st['code']}"
            self.session.addItem(label, st["session_id"])
        if keep is not None and self.session.findData(keep) >= 0:
            self.session.setCurrentIndex(self.session.findData(keep))
        self.session.blockSignals(False)
        self.open_btn.setEnabled(self.group.count() > 0 and self.course.count() > 0)
        self.reload_sheet()

    def current_session_id(self) -> str | None:
        return self.session.currentData() if self.session.count() else None

    def current_session(self) -> dict | None:
        sid = self.current_session_id()
        return next((s for s in self.sessions if s["session_id"] == sid), None)

    def reload_sheet(self) -> None:
        self._show_session()
        sid = self.current_session_id()
        if sid is None:
            self.model.set_rows([])
            return
        cert, fs = self.cert, self.fs
        self.runner.read(lambda _job: cert.exam_session_sheets(fs, sid), on_done=self.model.set_rows,
                         on_error=self._on_error)

    def _show_session(self) -> None:
        st = self.current_session()
        has = st is not None
        self.code.setText(st["code"] if has else "")
        if not has:
            self.hint.setText(self.tr("No session yet: choose a group and a course, then open the session."))
        elif st["state"] == "open":
            self.hint.setText(self.tr("Write this code on the board: each learner types it before starting the exam. "
                                      "Tick who is present. When the learners have handed in, bring their answer "
                                      "sheets to this PC (sync, or Other PCs by USB) and co-sign them."))
        else:
            self.hint.setText(self.tr("Session closed at %1. Answer sheets arriving now can still be co-signed.")
                              .replace("%1", _local(str(st.get("closed_at", "")))))
        for b in (self.save_attendance, self.cosign_btn, self.decline_btn):
            b.setEnabled(has)
        self.close_btn.setEnabled(has and st["state"] == "open")

    # --- writes -----------------------------------------------------------------------------------
    def _done(self, text: str) -> Any:
        def ok(_value: Any) -> None:
            self.status.setText(text)
            self.reload()
        return ok

    def _on_open_clicked(self) -> None:
        group, course, cert, fs = self.group.currentData(), self.course.currentData(), self.cert, self.fs
        if not group or not course:
            return

        def opened(st: dict) -> None:
            self.status.setText(self.tr("Session opened: code %1.").replace("%1", st["code"]))
            self._want = st["session_id"]
            self.reload()

        self.runner.run(lambda _job: cert.open_exam_session(fs, group, course), on_done=opened,
                        on_error=self._on_error, lane="write")

    def _on_save_attendance_clicked(self) -> None:
        sid, fac, fs = self.current_session_id(), self.fac, self.fs
        present = [r["learner_id"] for r in self.model.rows if r["present"]]
        if sid is None:
            return
        self.runner.run(lambda _job: fac.record_attendance(fs, sid, present=present),
                        on_done=self._done(self.tr("Attendance saved.")), on_error=self._on_error, lane="write")

    def _answer(self, verdict: str) -> None:
        sid, cert, fs = self.current_session_id(), self.cert, self.fs
        if sid is None:
            return
        if verdict == "cosigned":
            ids = [c["claim_id"] for r in self.model.rows if r["present"] for c in r["claims"] if not c["verdict"]]
        else:
            rows = {i.row() for i in self.table.selectionModel().selectedRows()}
            ids = [c["claim_id"] for i, r in enumerate(self.model.rows) if i in rows for c in r["claims"]
                   if not c["verdict"]]
        if not ids:
            self.status.setText(self.tr("No answer sheet to answer: they reach this PC with the next sync or USB "
                                        "import."))
            return
        msg = self.tr("%1 answer sheet(s) co-signed.") if verdict == "cosigned" else self.tr("%1 answer sheet(s) "
                                                                                          "declined.")
        self.runner.run(lambda _job: cert.cosign(fs, sid, ids, verdict=verdict),
                        on_done=lambda n: self._done(msg.replace("%1", str(n)))(n), on_error=self._on_error,
                        lane="write")

    def _on_close_clicked(self) -> None:
        sid, cert, fs = self.current_session_id(), self.cert, self.fs
        if sid is not None:
            self.runner.run(lambda _job: cert.close_exam_session(fs, sid),
                            on_done=self._done(self.tr("Session closed.")), on_error=self._on_error, lane="write")

    def _on_error(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))

    def on_changes(self, ch: Any) -> None:
        """Sheets arrived (a sync, a USB import) or attendance changed elsewhere."""
        if ch.certificates or ch.sessions or ch.progress or ch.groups:
            self.reload()


def _local(iso: str) -> str:
    """A UTC time as this PC's local date and time, to the minute."""
    import datetime as dt

    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso[:16]
    return t.strftime("%Y-%m-%d %H:%M")
