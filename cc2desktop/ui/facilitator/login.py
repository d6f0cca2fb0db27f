"""Facilitator sign-in: name + password checked in core (scrypt, off the GUI thread)."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from cc2desktop.core.facilitation import accounts
from cc2desktop.ui.shell.tasks import TaskRunner


def error_text(exc: BaseException) -> str:
    """Map core error codes to translated text (one place for every facilitator screen)."""
    from PySide6.QtCore import QCoreApplication

    code = getattr(exc, "code", "")
    known = {
        "bad_credentials": QCoreApplication.translate("FacilitatorErrors", "Wrong name or password."),
        "facilitator_only": QCoreApplication.translate("FacilitatorErrors", "This action is reserved to facilitators."),
        "facilitator_expired": QCoreApplication.translate(
            "FacilitatorErrors", "Your facilitator session has expired: sign in again."),
        "group_exists": QCoreApplication.translate("FacilitatorErrors", "A group with this name already exists."),
        "group_name": QCoreApplication.translate("FacilitatorErrors", "Give the group a name."),
        "learner_name": QCoreApplication.translate("FacilitatorErrors", "Give the participant a name."),
        "country": QCoreApplication.translate("FacilitatorErrors", "The country must be a two-letter code, e.g. SN."),
        "csv_header": QCoreApplication.translate(
            "FacilitatorErrors", "The CSV file must start with a line of column names, including 'name'."),
        "csv_row": QCoreApplication.translate(
            "FacilitatorErrors", "The CSV file has an error (see the details); nothing was imported."),
        "no_attendance": QCoreApplication.translate(
            "FacilitatorErrors", "Take the attendance first: nobody is marked present."),
        "quiz_empty": QCoreApplication.translate("FacilitatorErrors", "This quiz has no questions."),
        "date": QCoreApplication.translate("FacilitatorErrors", "The date is not valid."),
        "cancelled": QCoreApplication.translate("FacilitatorErrors", "Cancelled."),
    }
    msg = known.get(code)
    if msg is None:
        return QCoreApplication.translate("FacilitatorErrors", "Something went wrong: %1").replace("%1", str(exc))
    return msg + (f"\n{getattr(exc, 'message', '')}" if code == "csv_row" else "")


class FacilitatorLoginDialog(QDialog):
    """``exec()`` then ``.session`` holds the :class:`FacilitatorSession` (None if cancelled)."""

    def __init__(self, kit, parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.kit = kit
        self.session: accounts.FacilitatorSession | None = None
        self.runner = runner or TaskRunner(self)
        self.setWindowTitle(self.tr("Facilitator sign-in"))
        with kit.session() as s:
            names = accounts.list_facilitators(s)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(names)
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
        if not names:
            hint = QLabel(self.tr("No facilitator account on this PC yet. Create one with:\n"
                                  "cc2desktop facilitator add --name NAME"))
            hint.setWordWrap(True)
            lay.addWidget(hint)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.password.setFocus()

    def _on_buttons_accepted(self) -> None:
        name, pw = self.name.currentText(), self.password.text()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking…"))

        def work(job):  # noqa: ANN001, ANN202
            with self.kit.session() as s:
                return accounts.authenticate(s, name, pw)

        self.runner.run(work, on_done=self._on_signed_in, on_error=self._on_failed)

    def _on_signed_in(self, fs: accounts.FacilitatorSession) -> None:
        self.session = fs
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.selectAll()
        self.password.setFocus()
        self.message.setText(error_text(exc))
