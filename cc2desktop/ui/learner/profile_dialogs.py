"""Create-profile dialog and PIN entry (loaded when first needed, not on the way to the first paint)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from cc2desktop.core import limits
from cc2desktop.core.learning import countries
from cc2desktop.ui.shell.text_limits import CharCounter
from cc2desktop.ui.shell.a11y import LiveLabel


class CreateProfileDialog(QDialog):
    """Name, optional PIN (4–6 digits, typed twice), optional self-declared fields."""

    def __init__(self, lang: str = "fr", parent: QWidget | None = None, *, taken: list[str] | tuple = ()) -> None:
        super().__init__(parent)
        self.lang = lang
        self.taken = {" ".join(n.split()).casefold() for n in taken}  # the names of the profiles on this PC
        self._warned = ""  # a name already taken, warned about once: a second OK creates it anyway
        self.name = QLineEdit()
        self.name_counter = CharCounter(self.name, limits.PERSON_NAME)  # bounded where it is typed
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.Password)
        self.pin.setValidator(digits)
        self.pin2 = QLineEdit()
        self.pin2.setEchoMode(QLineEdit.Password)
        self.pin2.setValidator(digits)
        self.gender = QComboBox()
        self.country = QComboBox()
        self.age = QComboBox()
        self.category = QComboBox()
        self.campaign = QComboBox()  # shown once the courses' campaigns are known (set_campaigns)
        self.campaigns: list[dict] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = LiveLabel(assertive=True)
        self.error.setObjectName("bad")
        self.error.setWordWrap(True)
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(8)]
        for lab, w in zip(self.labels, (self.name, self.pin, self.pin2, self.gender, self.country, self.age,
                                        self.category, self.campaign)):
            lab.setBuddy(w)
            self.form.addRow(lab, w)
        self.form.setRowVisible(self.campaign, False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        self.form.insertRow(1, "", self.name_counter)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.note)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.retranslate()
        self.name.setFocus()

    def _fill(self, combo: QComboBox, items: list[tuple[str | None, str]]) -> None:
        cur = combo.currentData()
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        i = combo.findData(cur)
        combo.setCurrentIndex(max(0, i))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New profile"))
        texts = [self.tr("&Name or nickname"), self.tr("&PIN (optional, 4 to 6 digits)"), self.tr("PIN &again"),
                 self.tr("&Gender"), self.tr("&Country"), self.tr("Ag&e"), self.tr("&You are"),
                 self.tr("Ca&mpaign that brought you")]
        for lab, t in zip(self.labels, texts):
            lab.setText(t)
        for w, t in zip((self.name, self.pin, self.pin2, self.gender, self.country, self.age, self.category,
                         self.campaign), texts):
            w.setAccessibleName(t.replace("&", ""))
        self._fill_campaigns()
        blank = self.tr("Not said")
        self._fill(self.gender, [(None, blank), ("f", self.tr("Woman")), ("m", self.tr("Man")), ("x", self.tr("Other")),
                                 ("na", self.tr("Prefer not to say"))])
        self._fill(self.country, [(None, blank)] + [(c, n) for c, n in countries.countries(self.lang)])
        self._fill(self.age, [(None, blank), ("u18", self.tr("Under 18")), ("18-24", self.tr("18 to 24")),
                              ("25-34", self.tr("25 to 34")), ("35-44", self.tr("35 to 44")), ("45+",
                                                                                               self.tr("45 or over"))])
        self._fill(self.category, [(None, blank), ("student", self.tr("Student")), ("civil_society",
                                                                                    self.tr("Civil society")),
                                   ("media", self.tr("Media")), ("public_authority", self.tr("Public authority")),
                                   ("other", self.tr("Other"))])
        self.note.setText(self.tr("Gender, country, age and category are optional. They are used only to count, "
                                  "anonymously, who takes part in the programme."))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_campaigns(self, campaigns: list[dict]) -> None:
        """``[{"code", "title": {lang: text}}]`` from the installed courses; none: the row stays hidden."""
        self.campaigns = list(campaigns)
        self._fill_campaigns()
        self.form.setRowVisible(self.campaign, bool(self.campaigns))

    def _fill_campaigns(self) -> None:
        titles = [(c["code"], c["title"].get(self.lang) or next(iter(c["title"].values()), c["code"]))
                  for c in self.campaigns]
        self._fill(self.campaign, [(None, self.tr("None"))] + titles)

    def _check(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            self.error.setText(self.tr("Please type a name."))
            self.name.setFocus()
            return
        if name.casefold() in self.taken and self._warned != name.casefold():
            self._warned = name.casefold()
            self.error.setText(self.tr("A profile named %1 already exists on this PC. If it is yours, cancel and "
                                       "choose it. To make another profile with this name anyway, press OK "
                                       "again (adding a surname helps tell them apart).").replace("%1", name))
            self.name.setFocus()
            return
        pin = self.pin.text()
        if pin and not (4 <= len(pin) <= 6):
            self.error.setText(self.tr("A PIN has 4 to 6 digits."))
            self.pin.setFocus()
            return
        if pin != self.pin2.text():
            self.error.setText(self.tr("The two PINs are different."))
            self.pin2.setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"name": " ".join(self.name.text().split()), "pin": self.pin.text() or None,
                "gender": self.gender.currentData(), "country": self.country.currentData(),
                "age_band": self.age.currentData(), "category": self.category.currentData(),
                "campaign": self.campaign.currentData()}


class PinDialog(QDialog):
    """Asks the PIN; the window checks it in a worker and calls show_error / show_locked."""

    submitted = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.learner_name = name
        self.title = QLabel()
        self.title.setObjectName("subtitle")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}")))
        self.pin.returnPressed.connect(self._submit)
        self.error = LiveLabel(assertive=True)
        self.error.setObjectName("bad")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.forgot = QPushButton()
        self.forgot.setFlat(True)
        self.forgot.setAutoDefault(False)
        self.forgot.clicked.connect(self.show_forgot)
        self.forgot_text = QLabel()
        self.forgot_text.setWordWrap(True)
        self.forgot_text.setVisible(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.pin)
        lay.addWidget(self.error)
        lay.addWidget(self.forgot, 0, Qt.AlignLeft)
        lay.addWidget(self.forgot_text)
        lay.addWidget(self.buttons)
        self.error.setMinimumHeight(self.error.fontMetrics().height() * 2 + 4)
        self.setMinimumWidth(380)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("PIN"))
        self.title.setText(self.tr("PIN of %1").replace("%1", self.learner_name))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.forgot.setText(self.tr("&Forgot your PIN?"))
        self.forgot_text.setText(self.tr(
            "Nobody can read your PIN, not even on this PC. Ask your facilitator: with you present, they can "
            "give your profile a new PIN (facilitator space: Groups, then “New PIN…”). Your progress is kept. "
            "On another PC, your account comes back with your learner code and the new PIN once this PC "
            "has synced."))

    def show_forgot(self) -> None:
        self.forgot_text.setVisible(True)
        self.adjustSize()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _submit(self) -> None:
        if self.pin.isEnabled() and self.pin.text():
            self.buttons.setEnabled(False)
            self.submitted.emit(self.pin.text())

    def show_error(self, tries_left: int) -> None:
        self.buttons.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.error.setText(self.tr("Wrong PIN. Tries left before a pause: %1").replace("%1", str(tries_left)))

    def show_locked(self, seconds: int) -> None:
        self.buttons.setEnabled(True)
        self.pin.clear()
        self.pin.setEnabled(False)
        self._left = int(seconds)
        self._tick(first=True)
        self._timer.start(1000)

    def _tick(self, first: bool = False) -> None:
        if not first:
            self._left -= 1
        if self._left <= 0:
            self._timer.stop()
            self.pin.setEnabled(True)
            self.pin.setFocus()
            self.error.setText(self.tr("You can try again."))
            return
        self.error.setText(self.tr("Too many wrong PINs. Try again in %1 s.").replace("%1", str(self._left)))


class FirstPinDialog(QDialog):
    """A profile a facilitator made, opened the first time: its learner chooses her PIN (twice)."""

    submitted = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.learner_name = name
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"))
        self.pin = QLineEdit()
        self.pin2 = QLineEdit()
        self.l1, self.l2 = QLabel(), QLabel()
        for lab, w in ((self.l1, self.pin), (self.l2, self.pin2)):
            w.setEchoMode(QLineEdit.Password)
            w.setValidator(digits)
            lab.setBuddy(w)
        self.pin2.returnPressed.connect(self._submit)
        self.error = LiveLabel(assertive=True)
        self.error.setObjectName("bad")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (self.intro, self.l1, self.pin, self.l2, self.pin2, self.error, self.buttons):
            lay.addWidget(w)
        self.setMinimumWidth(420)
        self.retranslate()
        self.pin.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Choose your PIN"))
        self.intro.setText(self.tr("Welcome, %1! Your facilitator made this profile for you. Choose a PIN "
                                   "(4 to 6 digits) that only you know: it protects your work on this shared PC.")
                           .replace("%1", self.learner_name))
        self.l1.setText(self.tr("&PIN"))
        self.l2.setText(self.tr("PIN &again"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin2.setAccessibleName(self.tr("PIN again"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _submit(self) -> None:
        pin = self.pin.text()
        if not 4 <= len(pin) <= 6:
            self.error.setText(self.tr("A PIN has 4 to 6 digits."))
            self.pin.setFocus()
            return
        if pin != self.pin2.text():
            self.error.setText(self.tr("The two PINs are different."))
            self.pin2.setFocus()
            return
        self.error.setText("")
        self.buttons.setEnabled(False)
        self.submitted.emit(pin)

    def show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
