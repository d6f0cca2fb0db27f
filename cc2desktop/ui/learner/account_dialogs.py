"""A learner's own account: "I already have an account" (learner code + PIN, brought here online or
by USB stick) and "My profile" (her learner code, rename, delete). The dialogs hold no core call:
the learner controller runs the work in its TaskRunner and reports back (show_done / show_error)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from cc2desktop.core import limits
from cc2desktop.ui.shell.text_limits import CharCounter
from cc2desktop.ui.shell.a11y import LiveLabel

CODE_RE = r"[0-9A-Za-z]{0,4}-?[0-9A-Za-z]{0,4}"


class ClaimDialog(QDialog):
    """Learner code + PIN; "Bring my account here" (online, through the server this PC is enrolled
    with) or "Write the request to a USB stick" (sealed for the server, answered at a connected PC)."""

    online_requested = Signal(str, str)  # code, PIN
    usb_requested = Signal(str, str, str)  # code, PIN, folder

    def __init__(self, sticks: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX")
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(CODE_RE)))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}")))
        self.l_code, self.l_pin = QLabel(), QLabel()
        self.l_code.setBuddy(self.code)
        self.l_pin.setBuddy(self.pin)
        form = QFormLayout()
        form.addRow(self.l_code, self.code)
        form.addRow(self.l_pin, self.pin)
        self.online_box = QGroupBox()
        self.online_hint = QLabel()
        self.online_hint.setWordWrap(True)
        self.online = QPushButton()
        self.online.setDefault(True)
        self.online.clicked.connect(self._online)
        ob = QVBoxLayout(self.online_box)
        ob.addWidget(self.online_hint)
        ob.addWidget(self.online, 0, Qt.AlignLeft)
        self.usb_box = QGroupBox()
        self.usb_hint = QLabel()
        self.usb_hint.setWordWrap(True)
        self.folder = QComboBox()
        self.folder.setEditable(True)
        for p in sticks:
            self.folder.addItem(str(p))
        self.browse = QPushButton()
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._browse)
        self.usb = QPushButton()
        self.usb.setAutoDefault(False)
        self.usb.clicked.connect(self._usb)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        ub = QVBoxLayout(self.usb_box)
        ub.addWidget(self.usb_hint)
        ub.addLayout(row)
        ub.addWidget(self.usb, 0, Qt.AlignLeft)
        self.message = LiveLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.online_box)
        lay.addWidget(self.usb_box)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._enrolled = True
        self.retranslate()
        self._fit()
        self.code.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("I already have an account"))
        self.intro.setText(self.tr("You made your profile on another PC? Type your learner code (it is on your "
                                   "home page there, under your name) and your PIN: your profile and your progress "
                                   "come to this PC."))
        self.l_code.setText(self.tr("Learner &code"))
        self.l_pin.setText(self.tr("&PIN"))
        self.code.setAccessibleName(self.tr("Learner code"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.online_box.setTitle(self.tr("Online"))
        self.online_hint.setText(self.tr("Through the server this PC is connected to.") if self._enrolled else
                                 self.tr("This PC is not connected to a server: use a USB stick, or ask your "
                                         "facilitator to connect it (Sync menu)."))
        self.online.setText(self.tr("&Bring my account here"))
        self.online.setEnabled(self._enrolled)
        self.usb_box.setTitle(self.tr("By USB stick"))
        self.usb_hint.setText(self.tr("No connection here: the request is written to the stick, sealed so that only "
                                      "the programme's server can read your PIN. Take the stick to a connected PC "
                                      "(Sync › Sync with a USB stick › Read a file), bring the reply file back and "
                                      "read it here the same way."))
        self.folder.setAccessibleName(self.tr("USB stick or folder"))
        self.browse.setText(self.tr("Choose…"))
        self.usb.setText(self.tr("&Write the request to the stick"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_enrolled(self, enrolled: bool) -> None:
        self._enrolled = enrolled
        self.retranslate()
        self._fit()

    def _fit(self) -> None:
        """Grow to the wrapped texts' new height (a dialog does not follow its labels' height-for-width)."""
        for lab in (self.intro, self.online_hint, self.usb_hint, self.message):
            lab.setMinimumHeight(lab.heightForWidth(max(lab.width(), 460)) if lab.text() else 0)
        self.layout().invalidate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _values(self) -> tuple[str, str] | None:
        code, pin = self.code.text().strip().upper(), self.pin.text()
        if len(code.replace("-", "")) != 8:
            self.message.setText(self.tr("A learner code has 8 letters and digits, like 7K2M-9QXD."))
            self.code.setFocus()
            self._fit()
            return None
        if not 4 <= len(pin) <= 6:
            self.message.setText(self.tr("A PIN has 4 to 6 digits."))
            self.pin.setFocus()
            return None
        return code, pin

    def _busy(self, on: bool) -> None:
        self.online.setEnabled(not on and self._enrolled)
        self.usb.setEnabled(not on)

    def _online(self) -> None:
        v = self._values()
        if v is not None:
            self._busy(True)
            self.message.setText(self.tr("Asking the server…"))
            self.online_requested.emit(*v)

    def _browse(self) -> None:
        d = QFileDialog.getExistingDirectory(self, self.tr("Choose the stick or a folder"), self.folder.currentText())
        if d:
            self.folder.setEditText(d)

    def _usb(self) -> None:
        v = self._values()
        folder = self.folder.currentText().strip()
        if v is None:
            return
        if not folder:
            self.message.setText(self.tr("Choose the USB stick (or a folder) first."))
            return
        self._busy(True)
        self.message.setText(self.tr("Writing…"))
        self.usb_requested.emit(*v, folder)

    def show_claimed(self, name: str) -> None:
        self._busy(False)
        self.pin.clear()
        self.message.setText(self.tr("Welcome back, %1! Your profile is on this PC now: choose it on the first "
                                     "screen.").replace("%1", name))
        self._fit()

    def show_written(self, file_name: str) -> None:
        self._busy(False)
        self.pin.clear()
        self.message.setText(self.tr("Request written to %1. Take the stick to a connected PC, then bring the reply "
                                     "file back and read it here (Sync › Sync with a USB stick).")
                             .replace("%1", file_name))
        self._fit()

    def show_error(self, text: str) -> None:
        self._busy(False)
        self.message.setText(text)
        self._fit()


class MyProfileDialog(QDialog):
    """Her learner code (to find her account on another PC), a new name, or deleting the profile
    (confirmed by typing her PIN, or her name when she has none)."""

    rename_requested = Signal(str)
    delete_requested = Signal(str)  # the PIN (or "" for a profile without one)

    def __init__(self, name: str, code: str, has_pin: bool, taken: list[str] | tuple = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.learner_name, self.has_pin = name, has_pin
        self.taken = {" ".join(n.split()).casefold() for n in taken if n != name}
        self._warned = ""
        self.code_label = QLabel()
        self.code_label.setWordWrap(True)
        self.code_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.code_value = code
        self.name_box = QGroupBox()
        self.name = QLineEdit(name)
        self.name_counter = CharCounter(self.name, limits.PERSON_NAME)
        self.rename = QPushButton()
        self.rename.clicked.connect(self._rename)
        nl = QFormLayout(self.name_box)
        self.l_name = QLabel()
        self.l_name.setBuddy(self.name)
        nl.addRow(self.l_name, self.name)
        nl.addRow("", self.name_counter)
        nl.addRow("", self.rename)
        self.delete_box = QGroupBox()
        self.delete_hint = QLabel()
        self.delete_hint.setWordWrap(True)
        self.confirm = QLineEdit()
        if has_pin:
            self.confirm.setEchoMode(QLineEdit.Password)
            self.confirm.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}")))
        self.l_confirm = QLabel()
        self.l_confirm.setBuddy(self.confirm)
        self.delete = QPushButton()
        self.delete.setAutoDefault(False)
        self.delete.clicked.connect(self._delete)
        dl = QVBoxLayout(self.delete_box)
        dl.addWidget(self.delete_hint)
        dl.addWidget(self.l_confirm)
        dl.addWidget(self.confirm)
        dl.addWidget(self.delete, 0, Qt.AlignLeft)
        self.message = LiveLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.code_label)
        lay.addWidget(self.name_box)
        lay.addWidget(self.delete_box)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("My profile"))
        self.code_label.setText(self.tr("Your learner code: %1\nWith it and your PIN, your profile and your "
                                        "progress come to another PC (“I already have an account”).")
                                .replace("%1", self.code_value or "—"))
        self.name_box.setTitle(self.tr("Name"))
        self.l_name.setText(self.tr("&Name or nickname"))
        self.name.setAccessibleName(self.tr("Name or nickname"))
        self.rename.setText(self.tr("&Rename"))
        self.delete_box.setTitle(self.tr("Delete my profile"))
        self.delete_hint.setText(self.tr("This deletes your profile, your progress and your certificate from this PC "
                                         "and, at the next sync, from the programme's server and every PC. It cannot "
                                         "be undone."))
        self.l_confirm.setText(self.tr("To confirm, type your &PIN:") if self.has_pin else
                               self.tr("To confirm, type your &name:"))
        self.confirm.setAccessibleName(self.l_confirm.text().replace("&", ""))
        self.delete.setText(self.tr("&Delete my profile"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _rename(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            self.message.setText(self.tr("Please type a name."))
            return
        if name.casefold() in self.taken and self._warned != name.casefold():
            self._warned = name.casefold()
            self.message.setText(self.tr("Another profile on this PC is named %1. Press Rename again to keep this "
                                         "name anyway (adding a surname helps tell them apart).").replace("%1", name))
            return
        self.rename.setEnabled(False)
        self.rename_requested.emit(name)

    def _delete(self) -> None:
        typed = self.confirm.text()
        if self.has_pin and not typed:
            self.message.setText(self.tr("Type your PIN to confirm."))
            return
        if not self.has_pin and " ".join(typed.split()).casefold() != self.learner_name.casefold():
            self.message.setText(self.tr("Type your name exactly as it is to confirm."))
            return
        self.delete.setEnabled(False)
        self.delete_requested.emit(typed if self.has_pin else "")

    def show_renamed(self, name: str) -> None:
        self.learner_name = name
        self.rename.setEnabled(True)
        self.message.setText(self.tr("Your profile is now named %1.").replace("%1", name))

    def show_error(self, text: str) -> None:
        self.rename.setEnabled(True)
        self.delete.setEnabled(True)
        self.confirm.clear()
        self.message.setText(text)
