"""One learner, opened from the dashboard: progress per capsule (by title, in the course's order),
quiz scores, certificate state, group sessions; read off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QHeaderView, QLabel, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)

from cc2desktop.core.reports.dashboard import Table
from cc2desktop.ui.facilitator.common import EmptyHint, Retranslating, fit_to_screen, fmt_date, fmt_datetime, ui_lang
from cc2desktop.ui.facilitator.models import TableModel
from cc2desktop.ui.facilitator.report_pdf import ReportTexts
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner

CAPSULE_COLUMNS = ["capsule", "watched_pct", "quiz_best_pct", "quiz_attempts", "completed", "last_activity"]
SESSION_COLUMNS = ["date", "group", "present"]


class LearnerDetailDialog(Retranslating, QDialog):
    """``row``: the learner's row of the dashboard's learners table (as a dict: certificate state,
    average quiz score, attendance); the rest is read with ``fac.learner_detail``."""

    loaded = Signal()

    def __init__(self, fac, fs, runner: TaskRunner, row: dict[str, Any], parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs, self.runner, self.row = fac, fs, runner, row
        self.detail: Any = None
        self.heading = QLabel()
        self.heading.setObjectName("subtitle")
        self.facts = QGridLayout()
        self.fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for i, key in enumerate(("code", "groups", "progress", "quiz", "attendance", "certificate", "pin",
                                 "last")):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = (name, value)
            self.facts.addWidget(name, i // 2, (i % 2) * 2)
            self.facts.addWidget(value, i // 2, (i % 2) * 2 + 1)
        self.facts.setColumnStretch(1, 1)
        self.facts.setColumnStretch(3, 1)
        self.capsules = TableModel(formatters={"completed": self._yes_no, "last_activity": fmt_datetime})
        self.sessions = TableModel(formatters={"present": self._present, "date": fmt_date})
        self.tabs = QTabWidget()
        self.views = []
        for model in (self.capsules, self.sessions):
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().setVisible(False)
            view.setAlternatingRowColors(True)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.views.append(view)
            self.tabs.addTab(view, "")
        self.capsules_empty = EmptyHint(self.views[0], lambda: self.tr(
            "No course is installed on this PC and this learner has no activity yet."))
        self.sessions_empty = EmptyHint(self.views[1], lambda: self.tr(
            "No attendance recorded for this learner yet."))
        self.status = QLabel()
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bb.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(self.facts)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.status)
        lay.addWidget(bb)
        fit_to_screen(self, 900, 640)
        self.retranslate()
        fac_, fs_, lid = fac, fs, row["learner_id"]
        runner.read(lambda job: fac_.learner_detail(fs_, lid), on_done=self._on_loaded,
                    on_error=lambda e: self.status.setText(error_text(e)))

    def _yes_no(self, v: object) -> str:
        return self.tr("yes") if v else self.tr("not yet")

    def _present(self, v: object) -> str:
        return self.tr("present") if v else self.tr("absent")

    def retranslate(self) -> None:
        lab = ReportTexts(ui_lang())
        r = self.row
        self.setWindowTitle(self.tr("Learner: %1").replace("%1", r.get("name") or ""))
        self.heading.setText(r.get("name") or "")
        names = {"code": self.tr("Learner code"), "groups": self.tr("Groups"), "progress": self.tr("Progress"),
                 "quiz": self.tr("Average quiz score"), "attendance": self.tr("Attendance"),
                 "certificate": self.tr("Certificate"), "pin": self.tr("PIN"), "last": self.tr("Last activity")}
        values = {"code": r.get("code") or self.tr("none yet (given at the first sync)"),
                  "groups": r.get("groups") or "—", "progress": lab.number(r.get("progress_pct"), True),
                  "quiz": lab.number(r.get("avg_quiz_score_pct"), True),
                  "attendance": (lab.number(r.get("attendance_pct"), True) + "  ("
                                 + self.tr("%1 of %2 sessions").replace("%1", str(r.get("sessions_attended") or 0))
                                 .replace("%2", str(r.get("sessions_recorded") or 0)) + ")"),
                  "certificate": lab("cert_" + (r.get("certificate") or "none")),
                  "pin": self._pin_text(), "last": fmt_datetime(r.get("last_activity"))}
        for key, (name, value) in self.fact_labels.items():
            name.setText(names[key] + " :" if ui_lang() == "fr" else names[key] + ":")
            value.setText(values[key])
            value.setAccessibleName(names[key])
        self.tabs.setTabText(0, self.tr("Capsules"))
        self.tabs.setTabText(1, self.tr("Sessions"))
        self.views[0].setAccessibleName(self.tr("Progress per capsule"))
        self.views[1].setAccessibleName(self.tr("Sessions attended"))
        if self.detail is not None:
            self._fill()
        for m in (self.capsules, self.sessions):
            m.retranslate()

    def _pin_text(self) -> str:
        d = self.detail
        if d is None:
            return "…"
        if d.has_pin:
            return self.tr("set")
        return self.tr("to choose at first use") if d.needs_pin else self.tr("none")

    def _on_loaded(self, detail: Any) -> None:
        self.detail = detail
        self.retranslate()
        self.loaded.emit()

    def _fill(self) -> None:
        from cc2desktop.core.learning.texts import pick

        d, lang = self.detail, ui_lang()
        self.capsules.set_table(Table("capsules", CAPSULE_COLUMNS, [
            (pick(c.title, lang) or c.capsule_id, c.watched_pct, c.quiz_best_pct if c.has_quiz else None,
             c.quiz_attempts, c.completed, c.last_activity) for c in d.capsules]))
        self.sessions.set_table(Table("sessions", SESSION_COLUMNS, [(s.date, s.group, s.present) for s in d.sessions]))
        self.fact_labels["pin"][1].setText(self._pin_text())
        self.capsules_empty.update()
        self.sessions_empty.update()
