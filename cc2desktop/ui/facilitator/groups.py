"""Groups: create, rename, delete; enrol participants (profiles of this PC, a CSV list, new ones);
correct a participant, give her a new PIN in front of the facilitator, remove her from the group or
move her to another one. Deleting never erases what a learner did (see ``service.delete_group``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QInputDialog,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSplitter,
                               QTableView, QVBoxLayout, QWidget)

from cc2desktop.core import limits
from cc2desktop.core.facilitation import service
from cc2desktop.core.reports.dashboard import Table
from cc2desktop.ui.facilitator.common import EmptyHint, Retranslating
from cc2desktop.ui.facilitator.models import TableModel, value_formatters
from cc2desktop.ui.facilitator.participants import CsvReportDialog, ParticipantDialog, SetPinDialog
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner

MEMBER_COLUMNS = ["learner_id", "name", "code", "gender", "country", "category", "pin"]


def confirm(parent: QWidget, title: str, text: str, yes: str) -> bool:
    """A question whose safe answer (Cancel) is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.Cancel).setText(QCoreApplication.translate("FacilitatorGroups", "Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class PickLearnersDialog(Retranslating, QDialog):
    """Tick learners among the profiles of this PC (with a filter box)."""

    def __init__(self, learners: list[service.MemberRow], exclude: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
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
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setVisible(self.list.count() == 0)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.list)
        lay.addWidget(self.empty)
        lay.addWidget(bb)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Enrol learners of this PC"))
        self.filter.setPlaceholderText(self.tr("Filter by name or code…"))
        self.filter.setAccessibleName(self.tr("Filter by name or code"))
        self.list.setAccessibleName(self.tr("Learners of this PC"))
        self.empty.setText(self.tr("Every profile of this PC is already in this group. Add new participants with "
                                   "“New participant…” or “Import a CSV…”."))

    def _on_filter_changed(self, text: str) -> None:
        t = text.lower()
        for i in range(self.list.count()):
            it = self.list.item(i)
            it.setHidden(bool(t) and t not in it.text().lower())

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class GroupsWidget(Retranslating, QWidget):
    def __init__(self, fac, fs, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs = fac, fs  # kit.facilitation, the signed-in facilitator
        self.runner = runner
        self.groups: list[service.GroupInfo] = []
        self.members: list[service.MemberRow] = []
        self.group_list = QListWidget()
        self.group_list.currentRowChanged.connect(lambda _r: self._load_members())
        self.model = TableModel(hidden=("learner_id",), formatters=value_formatters())
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.edit_participant())
        self.new_group_btn = QPushButton()
        self.new_group_btn.clicked.connect(self.new_group)
        self.rename_btn = QPushButton()
        self.rename_btn.clicked.connect(self.rename_group)
        self.delete_btn = QPushButton()
        self.delete_btn.clicked.connect(self.delete_group)
        self.pick_btn = QPushButton()
        self.pick_btn.clicked.connect(self.enrol_local)
        self.csv_btn = QPushButton()
        self.csv_btn.clicked.connect(self.enrol_csv)
        self.new_btn = QPushButton()
        self.new_btn.clicked.connect(self.new_participant)
        self.edit_btn = QPushButton()
        self.edit_btn.clicked.connect(self.edit_participant)
        self.pin_btn = QPushButton()
        self.pin_btn.clicked.connect(self.new_pin)
        self.remove_btn = QPushButton()
        self.remove_btn.clicked.connect(self.remove_selected)
        self.move_btn = QPushButton()
        self.move_btn.clicked.connect(self.move_selected)
        self.groups_title = QLabel()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(self.groups_title)
        ll.addWidget(self.group_list, 1)
        for b in (self.new_group_btn, self.rename_btn, self.delete_btn):
            ll.addWidget(b)
        right = QWidget()
        rl = QVBoxLayout(right)
        add_bar, person_bar = QHBoxLayout(), QHBoxLayout()
        for b in (self.pick_btn, self.csv_btn, self.new_btn):
            add_bar.addWidget(b)
        add_bar.addStretch(1)
        for b in (self.edit_btn, self.pin_btn, self.remove_btn, self.move_btn):
            person_bar.addWidget(b)
        person_bar.addStretch(1)
        rl.addLayout(add_bar)
        rl.addWidget(self.view, 1)
        rl.addLayout(person_bar)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([260, 900])
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        self.groups_empty = EmptyHint(self.group_list, lambda: self.tr(
            "No group yet: click “New group…” to create one."))
        self.members_empty = EmptyHint(self.view, lambda: self.tr(
            "No participant in this group yet: import a CSV list, enrol profiles of this PC or add a new "
            "participant.") if self.current() else self.tr("Create a group first, then enrol its participants."))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.groups_title.setText(self.tr("Groups"))
        self.group_list.setAccessibleName(self.tr("Groups"))
        self.view.setAccessibleName(self.tr("Participants of the group"))
        for b, text in ((self.new_group_btn, self.tr("New group…")), (self.rename_btn, self.tr("Rename…")),
                        (self.delete_btn, self.tr("Delete the group…")),
                        (self.pick_btn, self.tr("Enrol from this PC…")), (self.csv_btn, self.tr("Import a CSV…")),
                        (self.new_btn, self.tr("New participant…")), (self.edit_btn, self.tr("Correct…")),
                        (self.pin_btn, self.tr("New PIN…")), (self.remove_btn, self.tr("Remove from the group…")),
                        (self.move_btn, self.tr("Move to group…"))):
            b.setText(text)
        self.csv_btn.setToolTip(self.tr("A list saved as CSV from a spreadsheet: a Nom (or name) column, and if you "
                                        "like Genre, Pays, Catégorie, Âge — in French or English."))
        self.pin_btn.setToolTip(self.tr("The participant types a new PIN herself, in front of you"))
        self.model.retranslate()
        self.groups_empty.update()
        self.members_empty.update()

    # --- data -------------------------------------------------------------------------------
    def _run(self, fn, on_done=None, write: bool = False) -> None:  # noqa: ANN001
        """``fn(facade, fs)`` in the read lane, or the write lane for a change."""
        fac, fs = self.fac, self.fs
        self.runner.run(lambda job: fn(fac, fs), on_done=on_done, on_error=lambda e: self.status.setText(error_text(e)),
                        lane="write" if write else "read", owner=self)

    def refresh(self, select: str | None = None) -> None:
        current = select or (self.current().id if self.current() else None)

        def done(groups: list) -> None:
            self.groups = groups
            self.group_list.blockSignals(True)
            self.group_list.clear()
            for g in groups:
                self.group_list.addItem(f"{g.name} ({g.members})")
            self.group_list.blockSignals(False)
            self.groups_empty.update()
            idx = next((i for i, g in enumerate(groups) if g.id == current), 0 if groups else -1)
            self.group_list.setCurrentRow(idx)
            self._load_members()

        self._run(lambda fac, fs: fac.groups(fs), done)

    def current(self) -> service.GroupInfo | None:
        i = self.group_list.currentRow()
        return self.groups[i] if 0 <= i < len(self.groups) else None

    def _load_members(self) -> None:
        g = self.current()
        self._update_buttons()
        if g is None:
            self.members = []
            self.model.set_table(Table("members", MEMBER_COLUMNS, []))
            return

        def done(rows: list) -> None:
            self.members = rows
            self.model.set_table(Table("members", MEMBER_COLUMNS,
                                       [(r.learner_id, r.display_name, r.code, r.gender, r.country, r.category, r.pin)
                                        for r in rows]))
            self.view.resizeColumnsToContents()
            self._update_buttons()

        self._run(lambda fac, fs: fac.members(fs, g.id), done)

    def _update_buttons(self) -> None:
        has_group, chosen = self.current() is not None, len(self.selected_ids())
        for b in (self.rename_btn, self.delete_btn, self.pick_btn, self.csv_btn, self.new_btn):
            b.setEnabled(has_group)
        for b in (self.remove_btn, self.move_btn):
            b.setEnabled(chosen > 0)
        for b in (self.edit_btn, self.pin_btn):
            b.setEnabled(chosen == 1)

    # --- groups -----------------------------------------------------------------------------
    def _ask_name(self, title: str, value: str = "") -> str | None:
        dlg = QInputDialog(self)
        dlg.setWindowTitle(title)
        dlg.setLabelText(self.tr("Name of the group"))
        dlg.setTextValue(value)
        dlg.setOkButtonText(self.tr("OK"))
        dlg.setCancelButtonText(self.tr("Cancel"))
        dlg.findChild(QLineEdit).setMaxLength(limits.GROUP_NAME)  # bounded where it is typed (core checks too)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        return dlg.textValue() if ok and dlg.textValue().strip() else None

    def new_group(self) -> None:
        name = self._ask_name(self.tr("New group"))
        if name:
            self._run(lambda fac, fs: fac.create_group(fs, name), lambda g: self.refresh(g.id), write=True)

    def rename_group(self) -> None:
        g = self.current()
        if g is None:
            return
        name = self._ask_name(self.tr("Rename the group"), g.name)
        if name and name != g.name:
            self._run(lambda fac, fs: fac.rename_group(fs, g.id, name), lambda info: self.refresh(info.id), write=True)

    def delete_group(self) -> None:
        g = self.current()
        if g is None or not confirm(self, self.tr("Delete a group"), self.tr(
                "Delete the group “%1”?\n\nThe group and its sessions leave the lists and the reports. Nothing a "
                "learner did is erased: the %2 participant(s) keep their profile, their progress and their quiz "
                "results, their past attendance stays in their activity log, and they can join another group.")
                .replace("%1", g.name).replace("%2", str(g.members)), self.tr("Delete the group")):
            return

        def done(_n: int) -> None:
            self.status.setText(self.tr("The group “%1” is deleted.").replace("%1", g.name))
            self.refresh()

        self._run(lambda fac, fs: fac.delete_group(fs, g.id), done, write=True)

    # --- participants -------------------------------------------------------------------------
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
        if self.current() is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Participants (CSV)"), "",
                                              self.tr("Lists (*.csv *.txt);;All files (*)"))
        if path:
            self.import_csv(Path(path))

    def import_csv(self, path: Path, *, show_report: bool = True) -> None:
        g = self.current()
        if g is None:
            return

        def done(rep: service.CsvImport) -> None:
            self.last_import = rep
            self.status.setText(self.tr("%1 enrolled, %2 new profiles").replace("%1", str(rep.enrolled))
                                .replace("%2", str(rep.created))
                                + (self.tr("; %1 line(s) refused").replace("%1", str(len(rep.errors)))
                                   if rep.errors else ""))
            self.refresh()
            if show_report:
                self.report = CsvReportDialog(path.name, rep, self)
                self.report.open()

        self._run(lambda fac, fs: fac.enrol_csv(fs, g.id, path), done, write=True)

    def new_participant(self) -> None:
        g = self.current()
        if g is None:
            return
        dlg = ParticipantDialog(parent=self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            v = dlg.values()
            self._run(lambda fac, fs: fac.add_participant(fs, g.id, **v), lambda _lid: self.refresh(), write=True)

    def selected_ids(self) -> list[str]:
        sel = self.view.selectionModel()
        rows = {i.row() for i in sel.selectedRows()} if sel is not None else set()
        return [self.model.row_values(r)[0] for r in sorted(rows)]

    def _selected_person(self) -> service.MemberRow | None:
        ids = self.selected_ids()
        return next((m for m in self.members if ids and m.learner_id == ids[0]), None)

    def edit_participant(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        dlg = ParticipantDialog(person, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            v = dlg.values()
            self._run(lambda fac, fs: fac.update_participant(fs, person.learner_id, **v), lambda _v: self.refresh(),
                      write=True)

    def new_pin(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        dlg = SetPinDialog(person.display_name, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            pin = dlg.pin()

            def done(_v: object) -> None:
                self.status.setText(self.tr("%1 has a new PIN.").replace("%1", person.display_name))
                self.refresh()

            self._run(lambda fac, fs: fac.set_pin(fs, person.learner_id, pin), done, write=True)

    def remove_selected(self) -> None:
        g, ids = self.current(), self.selected_ids()
        if g is None or not ids or not confirm(self, self.tr("Remove from the group"), self.tr(
                "Remove %1 participant(s) from “%2”? Their profiles, progress and attendance history stay on this PC; "
                "you can enrol them again later.").replace("%1", str(len(ids))).replace("%2", g.name),
                self.tr("Remove")):
            return
        self._run(lambda fac, fs: fac.leave(fs, g.id, ids), lambda _n: self.refresh(), write=True)

    def move_selected(self) -> None:
        g, ids = self.current(), self.selected_ids()
        others = [x for x in self.groups if g is not None and x.id != g.id]
        if not ids:
            return
        if not others:
            self.status.setText(self.tr("Create another group first."))
            return
        name, ok = QInputDialog.getItem(self, self.tr("Move to group"), self.tr("Group"), [x.name for x in others],
                                        0, False)
        if ok:
            target = next(x for x in others if x.name == name)
            self._run(lambda fac, fs: fac.move(fs, ids, g.id, target.id), lambda _n: self.refresh(), write=True)
