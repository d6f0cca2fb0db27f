"""Groups: create, enrol (profiles of this PC, a CSV, or new participants), move between groups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from cc2desktop.core import limits
from cc2desktop.core.facilitation import service
from cc2desktop.core.reports.dashboard import Table
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.text_limits import CharCounter
from cc2desktop.ui.facilitator.models import TableModel, value_formatters
from cc2desktop.ui.shell.tasks import TaskRunner


class PickLearnersDialog(QDialog):
    """Tick learners among the profiles of this PC (with a filter box)."""

    def __init__(self, learners: list[service.MemberRow], exclude: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enrol learners of this PC"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name or code…"))
        self.list = QListWidget()
        for r in learners:
            if r.learner_id in exclude:
                continue
            it = QListWidgetItem(f"{r.display_name}  {r.code or ''}".strip())
            it.setData(Qt.ItemDataRole.UserRole, r.learner_id)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(it)
        self.filter.textChanged.connect(self._on_filter_changed)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.list)
        lay.addWidget(bb)

    def _on_filter_changed(self, text: str) -> None:
        t = text.lower()
        for i in range(self.list.count()):
            it = self.list.item(i)
            it.setHidden(bool(t) and t not in it.text().lower())

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class NewParticipantDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New participant"))
        self.name = QLineEdit()
        self.name_counter = CharCounter(self.name, limits.PERSON_NAME)
        self.gender = QComboBox()
        for label, value in [(self.tr("Not stated"), None), (self.tr("Woman"), "f"), (self.tr("Man"), "m"),
                             (self.tr("Other"), "x")]:
            self.gender.addItem(label, value)
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setPlaceholderText("SN, CI, BF…")
        self.category = QComboBox()
        for label, value in [(self.tr("Not stated"), None), (self.tr("Student"), "student"),
                             (self.tr("Civil society"), "civil_society"), (self.tr("Media"), "media"),
                             (self.tr("Public authorities"), "public_authority"), (self.tr("Other"), "other")]:
            self.category.addItem(label, value)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.name_counter)
        form.addRow(self.tr("Gender"), self.gender)
        form.addRow(self.tr("Country"), self.country)
        form.addRow(self.tr("Category"), self.category)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(bb)

    def values(self) -> dict:
        return {"display_name": self.name.text(), "gender": self.gender.currentData(),
                "country": self.country.text() or None, "category": self.category.currentData()}


class GroupsWidget(QWidget):
    def __init__(self, fac, fs, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs = fac, fs  # kit.facilitation, the signed-in facilitator
        self.runner = runner
        self.groups: list[service.GroupInfo] = []
        self.members: list[service.MemberRow] = []
        self.group_list = QListWidget()
        self.group_list.currentRowChanged.connect(lambda _r: self._load_members())
        self.model = TableModel(hidden=("learner_id",), formatters=value_formatters())  # genders f/m/x/na too
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        new_btn = QPushButton(self.tr("New group…"))
        new_btn.clicked.connect(self.new_group)
        self.pick_btn = QPushButton(self.tr("Enrol from this PC…"))
        self.pick_btn.clicked.connect(self.enrol_local)
        self.csv_btn = QPushButton(self.tr("Import a CSV…"))
        self.csv_btn.clicked.connect(self.enrol_csv)
        self.new_btn = QPushButton(self.tr("New participant…"))
        self.new_btn.clicked.connect(self.new_participant)
        self.move_btn = QPushButton(self.tr("Move to group…"))
        self.move_btn.clicked.connect(self.move_selected)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel(self.tr("Groups")))
        ll.addWidget(self.group_list, 1)
        ll.addWidget(new_btn)
        right = QWidget()
        rl = QVBoxLayout(right)
        bar = QHBoxLayout()
        for b in (self.pick_btn, self.csv_btn, self.new_btn, self.move_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        rl.addLayout(bar)
        rl.addWidget(self.view, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        self.status = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        self.refresh()

    # --- data -------------------------------------------------------------------------------
    def _run(self, fn, on_done=None, write: bool = False) -> None:  # noqa: ANN001
        """``fn(facade, fs)`` in the read lane, or the write lane for a change."""
        fac, fs = self.fac, self.fs
        self.runner.run(lambda job: fn(fac, fs), on_done=on_done, on_error=lambda e: self.status.setText(error_text(e)),
                        lane="write" if write else "read")

    def refresh(self, select: str | None = None) -> None:
        current = select or (self.current().id if self.current() else None)

        def done(groups: list) -> None:
            self.groups = groups
            self.group_list.blockSignals(True)
            self.group_list.clear()
            for g in groups:
                self.group_list.addItem(f"{g.name} ({g.members})")
            self.group_list.blockSignals(False)
            idx = next((i for i, g in enumerate(groups) if g.id == current), 0 if groups else -1)
            self.group_list.setCurrentRow(idx)
            self._load_members()

        self._run(lambda fac, fs: fac.groups(fs), done)

    def current(self) -> service.GroupInfo | None:
        i = self.group_list.currentRow()
        return self.groups[i] if 0 <= i < len(self.groups) else None

    def _load_members(self) -> None:
        g = self.current()
        if g is None:
            self.model.set_table(Table("members", [], []))
            return

        def done(rows: list) -> None:
            self.members = rows
            self.model.set_table(Table("members", ["learner_id", "name", "code", "gender", "country", "category"],
                                       [(r.learner_id, r.display_name, r.code, r.gender, r.country, r.category)
                                        for r in rows]))
            self.view.resizeColumnsToContents()

        self._run(lambda fac, fs: fac.members(fs, g.id), done)

    # --- actions ----------------------------------------------------------------------------
    def new_group(self) -> None:
        dlg = QInputDialog(self)
        dlg.setWindowTitle(self.tr("New group"))
        dlg.setLabelText(self.tr("Name of the group"))
        dlg.findChild(QLineEdit).setMaxLength(limits.GROUP_NAME)  # bounded where it is typed (core checks too)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        name = dlg.textValue()
        if ok and name.strip():
            self._run(lambda fac, fs: fac.create_group(fs, name), lambda g: self.refresh(g.id), write=True)

    def enrol_local(self) -> None:
        g = self.current()
        if g is None:
            return

        def done(learners: list) -> None:
            dlg = PickLearnersDialog(learners, {m.learner_id for m in self.members}, self)
            if dlg.exec() == QDialog.DialogCode.Accepted and dlg.chosen():
                ids = dlg.chosen()
                self._run(lambda fac, fs: fac.enrol(fs, g.id, ids), lambda _n: self.refresh(), write=True)

        self._run(lambda fac, fs: fac.local_learners(fs), done)

    def enrol_csv(self) -> None:
        g = self.current()
        if g is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Participants (CSV)"), "", "CSV (*.csv *.txt)")
        if path:
            self.import_csv(Path(path))

    def import_csv(self, path: Path) -> None:
        g = self.current()

        def done(res) -> None:  # noqa: ANN001
            created, enrolled = res
            self.status.setText(self.tr("%1 enrolled, %2 new profiles").replace("%1", str(enrolled))
                                .replace("%2", str(created)))
            self.refresh()

        self._run(lambda fac, fs: fac.enrol_csv(fs, g.id, path), done, write=True)

    def new_participant(self) -> None:
        g = self.current()
        if g is None:
            return
        dlg = NewParticipantDialog(self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            v = dlg.values()

            self._run(lambda fac, fs: fac.add_participant(fs, g.id, **v), lambda _lid: self.refresh(), write=True)

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.row_values(r)[0] for r in sorted(rows)]

    def move_selected(self) -> None:
        g, ids = self.current(), self.selected_ids()
        others = [x for x in self.groups if g is not None and x.id != g.id]
        if not ids or not others:
            return
        name, ok = QInputDialog.getItem(self, self.tr("Move to group"), self.tr("Group"), [x.name for x in others],
                                        0, False)
        if ok:
            target = next(x for x in others if x.name == name)
            self._run(lambda fac, fs: fac.move(fs, ids, g.id, target.id), lambda _n: self.refresh(), write=True)
