"""Facilitator sign-in, and the setup step that creates the first account of a PC.

The setup step shows only while the PC has no facilitator account, only from the Facilitator menu
(never on the learners' welcome screen), and says who should go through it; core refuses it as soon as
one account exists (``facilitator_setup_done``). Later accounts are added from the facilitator space
(Accounts). Passwords are checked and hashed in core (scrypt), off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from cc2desktop.core.facilitation import accounts
from cc2desktop.ui.facilitator.common import Retranslating, set_label
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner
from cc2desktop.ui.shell.a11y import LiveLabel


def password_edit(name: str) -> QLineEdit:
    e = QLineEdit()
    e.setEchoMode(QLineEdit.EchoMode.Password)
    e.setObjectName(name)
    e.setMaxLength(128)
    return e


class FacilitatorLoginDialog(Retranslating, QDialog):
    """``exec()`` then ``.session`` holds the :class:`FacilitatorSession` (None if cancelled)."""

    def __init__(self, fac, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac = fac  # kit.facilitation
        self.session: accounts.FacilitatorSession | None = None
        self.runner = runner
        self.setup_mode = False
        self.names_loaded = False
        # sign in
        self.name = QComboBox()
        self.name.setEditable(True)
        self.password = password_edit("password")
        self.sign_form = QFormLayout()
        self.sign_form.addRow(QLabel(), self.name)
        self.sign_form.addRow(QLabel(), self.password)
        self.forgot = QLabel()
        self.forgot.setWordWrap(True)
        self.forgot.setStyleSheet("color: #5a6772")
        sign_page = QWidget()
        sl = QVBoxLayout(sign_page)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addLayout(self.sign_form)
        sl.addWidget(self.forgot)
        # setup: the first account of this PC
        self.setup_intro = QLabel()
        self.setup_intro.setWordWrap(True)
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(60)
        self.new_password = password_edit("new_password")
        self.new_password2 = password_edit("new_password2")
        self.in_charge = QCheckBox()
        self.setup_form = QFormLayout()
        for w in (self.new_name, self.new_password, self.new_password2):
            self.setup_form.addRow(QLabel(), w)
        setup_page = QWidget()
        su = QVBoxLayout(setup_page)
        su.setContentsMargins(0, 0, 0, 0)
        su.addWidget(self.setup_intro)
        su.addLayout(self.setup_form)
        su.addWidget(self.in_charge)
        self.sign_page, self.setup_page = sign_page, setup_page
        setup_page.setVisible(False)
        self.message = LiveLabel(assertive=True)
        self.message.setObjectName("bad")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)  # its text follows the step
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.in_charge.toggled.connect(self._update_ok)
        lay = QVBoxLayout(self)
        lay.addWidget(sign_page)
        lay.addWidget(setup_page)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()
        self.password.setFocus()
        fac_ = fac
        runner.read(lambda job: (fac_.needs_setup(), fac_.facilitators()), on_done=self._on_names,
                    on_error=self._on_failed)

    def retranslate(self) -> None:
        setup = self.setup_mode
        self.setWindowTitle(self.tr("Set up the facilitator space") if setup else self.tr("Facilitator sign-in"))
        set_label(self.sign_form, self.name, self.tr("&Facilitator"))
        set_label(self.sign_form, self.password, self.tr("&Password"))
        self.forgot.setText(self.tr("Forgot your password? Another facilitator of this PC can remove your account "
                                    "and add it again (Accounts): groups, sessions and reports stay."))
        self.setup_intro.setText(self.tr(
            "No facilitator account on this PC yet. Create the first one: it opens groups, attendance, reports and "
            "the reset of learners' PINs. Create it yourself, as the facilitator in charge of this PC — not a "
            "learner. Other facilitators are then added from the facilitator space (Accounts)."))
        set_label(self.setup_form, self.new_name, self.tr("Your &name"))
        set_label(self.setup_form, self.new_password, self.tr("&Password (8 characters or more)"))
        set_label(self.setup_form, self.new_password2, self.tr("Password, &again"))
        self.in_charge.setText(self.tr("I am the facilitator in charge of this PC"))
        self.ok.setText(self.tr("Create the account") if setup else self.tr("Sign in"))

    def _on_names(self, result: tuple[bool, list[str]]) -> None:
        setup, names = result
        typed = self.name.currentText()
        self.name.addItems(names)
        if typed:
            self.name.setEditText(typed)
        self.names_loaded = True
        if setup:
            self.show_setup()

    def show_setup(self) -> None:
        self.setup_mode = True
        self.sign_page.setVisible(False)
        self.setup_page.setVisible(True)
        self.adjustSize()
        self.retranslate()
        self._update_ok()
        self.new_name.setFocus()

    def _update_ok(self, *_a: object) -> None:
        self.ok.setEnabled(not self.setup_mode or self.in_charge.isChecked())

    def _on_buttons_accepted(self) -> None:
        fac = self.fac
        if self.setup_mode:
            name, pw, pw2 = self.new_name.text(), self.new_password.text(), self.new_password2.text()
            if pw != pw2:
                self.message.setText(self.tr("The two passwords are different."))
                return
            work = lambda job: fac.create_first(name, pw)  # noqa: E731
            lane = "write"
        else:
            name, pw = self.name.currentText(), self.password.text()
            work = lambda job: fac.sign_in(name, pw)  # noqa: E731
            lane = "read"
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        self.runner.run(work, on_done=self._on_signed_in, on_error=self._on_failed, lane=lane)

    def _on_signed_in(self, fs: accounts.FacilitatorSession) -> None:
        self.session = fs
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._update_ok()
        edit = self.new_password if self.setup_mode else self.password
        edit.selectAll()
        edit.setFocus()
        self.message.setText(error_text(exc))
