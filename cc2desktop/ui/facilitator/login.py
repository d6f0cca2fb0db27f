"""Facilitator sign-in: name + password checked in core (scrypt, off the GUI thread)."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from cc2desktop.core.facilitation import accounts
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner


class FacilitatorLoginDialog(QDialog):
    """``exec()`` then ``.session`` holds the :class:`FacilitatorSession` (None if cancelled)."""

    def __init__(self, fac, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac = fac  # kit.facilitation
        self.session: accounts.FacilitatorSession | None = None
        self.runner = runner
        self.setWindowTitle(self.tr("Facilitator sign-in"))
        self.name = QComboBox()
        self.name.setEditable(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Facilitator"), self.name)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        self.hint = QLabel(self.tr("No facilitator account on this PC yet. Create one with:\n"
                                   "cc2desktop facilitator add --name NAME"))
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        lay.addWidget(self.hint)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.password.setFocus()
        self.names_loaded = False
        runner.read(lambda job: fac.facilitators(), on_done=self._on_names, on_error=self._on_failed)

    def _on_names(self, names: list[str]) -> None:
        typed = self.name.currentText()
        self.name.addItems(names)
        if typed:
            self.name.setEditText(typed)
        self.hint.setVisible(not names)
        self.names_loaded = True

    def _on_buttons_accepted(self) -> None:
        name, pw = self.name.currentText(), self.password.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking…"))

        fac = self.fac
        self.runner.read(lambda job: fac.sign_in(name, pw), on_done=self._on_signed_in, on_error=self._on_failed)

    def _on_signed_in(self, fs: accounts.FacilitatorSession) -> None:
        self.session = fs
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.selectAll()
        self.password.setFocus()
        self.message.setText(error_text(exc))
