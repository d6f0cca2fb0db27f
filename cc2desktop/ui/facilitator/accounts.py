"""Accounts of the facilitators of this PC: change one's password, add a colleague, remove an account
(never one's own). Opened from the facilitator space by a signed-in facilitator."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from cc2desktop.ui.facilitator.common import Retranslating, set_label
from cc2desktop.ui.facilitator.login import password_edit
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner


class AccountsDialog(Retranslating, QDialog):
    def __init__(self, fac, fs, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs, self.runner = fac, fs, runner
        # my password
        self.mine = QGroupBox()
        self.old = password_edit("old_password")
        self.new = password_edit("new_password")
        self.new2 = password_edit("new_password2")
        self.change_btn = QPushButton()
        self.change_btn.clicked.connect(self.change_password)
        self.mine_form = QFormLayout(self.mine)
        for w in (self.old, self.new, self.new2):
            self.mine_form.addRow(QLabel(), w)
        self.mine_form.addRow("", self.change_btn)
        # the PC's accounts
        self.others = QGroupBox()
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        self.remove_btn = QPushButton()
        self.remove_btn.clicked.connect(self.remove_selected)
        self.add_name = QLineEdit()
        self.add_name.setMaxLength(60)
        self.add_password = password_edit("add_password")
        self.add_password2 = password_edit("add_password2")
        self.add_btn = QPushButton()
        self.add_btn.clicked.connect(self.add)
        self.add_form = QFormLayout()
        for w in (self.add_name, self.add_password, self.add_password2):
            self.add_form.addRow(QLabel(), w)
        self.add_form.addRow("", self.add_btn)
        ol = QVBoxLayout(self.others)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.remove_btn)
        ol.addLayout(row)
        ol.addLayout(self.add_form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bb.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.mine)
        lay.addWidget(self.others)
        lay.addWidget(self.status)
        lay.addWidget(bb)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Facilitator accounts"))
        self.mine.setTitle(self.tr("My password (%1)").replace("%1", self.fs.name))
        for w, text in ((self.old, self.tr("Current password")), (self.new, self.tr("New password")),
                        (self.new2, self.tr("New password, again")), (self.add_name, self.tr("Name")),
                        (self.add_password, self.tr("Password (8 characters or more)")),
                        (self.add_password2, self.tr("Password, again"))):
            set_label(self.mine_form if w in (self.old, self.new, self.new2) else self.add_form, w, text)
        self.change_btn.setText(self.tr("Change my password"))
        self.others.setTitle(self.tr("Facilitators of this PC"))
        self.list.setAccessibleName(self.tr("Facilitators of this PC"))
        self.remove_btn.setText(self.tr("Remove…"))
        self.add_btn.setText(self.tr("Add this facilitator"))

    def _run(self, work, done, lane: str = "write") -> None:  # noqa: ANN001
        self.runner.run(work, on_done=done, on_error=lambda e: self.status.setText(error_text(e)), lane=lane,
                        owner=self)

    def refresh(self) -> None:
        fac = self.fac
        self._run(lambda job: fac.facilitators(), self._on_names, lane="read")

    def _on_names(self, names: list[str]) -> None:
        self.list.clear()
        self.list.addItems(names)

    def change_password(self) -> None:
        if self.new.text() != self.new2.text():
            self.status.setText(self.tr("The two new passwords are different."))
            return
        fac, fs, old, new = self.fac, self.fs, self.old.text(), self.new.text()

        def done(_v: object) -> None:
            for w in (self.old, self.new, self.new2):
                w.clear()
            self.status.setText(self.tr("Your password is changed."))

        self._run(lambda job: fac.change_password(fs, old, new), done)

    def add(self) -> None:
        if self.add_password.text() != self.add_password2.text():
            self.status.setText(self.tr("The two passwords are different."))
            return
        fac, fs, name, pw = self.fac, self.fs, self.add_name.text(), self.add_password.text()

        def done(_v: object) -> None:
            self.status.setText(self.tr("%1 can now sign in on this PC.").replace("%1", " ".join(name.split())))
            for w in (self.add_name, self.add_password, self.add_password2):
                w.clear()
            self.refresh()

        self._run(lambda job: fac.add_facilitator(fs, name, pw), done)

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        name = item.text()
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove an account"),
                          self.tr("Remove the account of %1? This person will no longer sign in on this PC. Groups, "
                                  "sessions and reports stay.").replace("%1", name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Remove"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        fac, fs = self.fac, self.fs

        def done(_v: object) -> None:
            self.status.setText(self.tr("The account of %1 is removed.").replace("%1", name))
            self.refresh()

        self._run(lambda job: fac.remove_facilitator(fs, name), done)
