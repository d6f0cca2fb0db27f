"""Participants: the form to add or correct one (the learner's own profile form, without the PIN: she
chooses it at first use), a new PIN typed by the learner herself in front of the facilitator, and the
report of a CSV import (refused lines in the interface language)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget)

from cc2desktop.ui.facilitator.common import Retranslating, ui_lang
from cc2desktop.ui.learner.profile_dialogs import CreateProfileDialog
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.a11y import LiveLabel


class ParticipantDialog(CreateProfileDialog):
    """Name and the self-declared fields of a participant; ``person`` (a ``MemberRow``) to correct one."""

    def __init__(self, person: Any = None, parent: QWidget | None = None) -> None:
        self.person = person
        super().__init__(ui_lang(), parent)
        for w in (self.pin, self.pin2):
            self.form.setRowVisible(w, False)
        if person is not None:
            self.name.setText(person.display_name)
            for combo, value in ((self.gender, person.gender), (self.country, person.country),
                                 (self.age, person.age_band), (self.category, person.category)):
                combo.setCurrentIndex(max(0, combo.findData(value)))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Correct a participant") if self.person is not None else self.tr("New participant"))
        self.note.setText(self.tr("The participant chooses her PIN the first time she opens her profile. Gender, "
                                  "country, age and category are optional: they only count, anonymously, who "
                                  "takes part."))

    def values(self) -> dict:
        v = super().values()
        v.pop("pin")
        v["display_name"] = v.pop("name")
        return v


class SetPinDialog(Retranslating, QDialog):
    """The learner, in front of the facilitator, types her new PIN twice (``pin()`` after ``exec()``)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person = name
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.pin1, self.pin2 = QLineEdit(), QLineEdit()
        for e in (self.pin1, self.pin2):
            e.setEchoMode(QLineEdit.EchoMode.Password)
            e.setValidator(digits)
            e.textChanged.connect(self._check)
        self.l1, self.l2 = QLabel(), QLabel()
        self.l1.setBuddy(self.pin1)
        self.l2.setBuddy(self.pin2)
        self.error = LiveLabel(assertive=True)
        self.error.setObjectName("bad")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (self.intro, self.l1, self.pin1, self.l2, self.pin2, self.error, self.buttons):
            lay.addWidget(w)
        self.setMinimumWidth(420)
        self.retranslate()
        self._check()
        self.pin1.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New PIN for %1").replace("%1", self.person))
        self.intro.setText(self.tr(
            "Hand the keyboard to %1: she types her new PIN (4 to 6 digits) twice, without showing it. Her "
            "progress and everything she did stay as they are.").replace("%1", self.person))
        self.l1.setText(self.tr("&New PIN"))
        self.l2.setText(self.tr("New PIN, &again"))
        self.pin1.setAccessibleName(self.tr("New PIN"))
        self.pin2.setAccessibleName(self.tr("New PIN, again"))
        self.ok.setText(self.tr("Save the PIN"))
        self._check()

    def _check(self, *_a: object) -> None:
        a, b = self.pin1.text(), self.pin2.text()
        ok = 4 <= len(a) <= 6 and a == b
        self.ok.setEnabled(ok)
        self.error.setText(self.tr("The two PINs are different.") if b and len(b) >= len(a) and a != b else "")

    def pin(self) -> str:
        return self.pin1.text()


def csv_line_text(err: Any) -> str:
    """One refused line of a participants file, in the interface language."""
    translate = QCoreApplication.translate
    reasons = {
        "name_empty": translate("CsvImport", "no name"),
        "name_long": translate("CsvImport", "the name is too long"),
        "gender_invalid": translate("CsvImport", "gender not understood: “%1” (Woman, Man, Other…)"),
        "country_invalid": translate("CsvImport",
                                     "country not understood: “%1” (a code such as SN, or a name such as Senegal)"),
        "category_invalid": translate("CsvImport", "category not understood: “%1” (Student, Civil society, Media, "
                                                   "Public authority, Other)"),
        "age_band_invalid": translate("CsvImport", "age not understood: “%1” (an age, or a band such as 18 to 24)"),
    }
    reason = reasons.get(err.code)
    reason = reason.replace("%1", err.value) if reason else error_text(err.code)
    return translate("CsvImport", "Line %1: %2").replace("%1", str(err.line)).replace("%2", reason)


class CsvReportDialog(Retranslating, QDialog):
    """What an import did, and each refused line with its reason."""

    def __init__(self, file_name: str, rep: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_name, self.rep = file_name, rep
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setVisible(bool(rep.errors))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        bb.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.hint)
        lay.addWidget(bb)
        self.resize(760, 460 if rep.errors else 200)
        self.retranslate()

    def retranslate(self) -> None:
        rep = self.rep
        self.setWindowTitle(self.tr("Import of %1").replace("%1", self.file_name))
        lines = [self.tr("%1 participant(s) enrolled, including %2 new profile(s).").replace("%1", str(rep.enrolled))
                 .replace("%2", str(rep.created))]
        if rep.already:
            lines.append(self.tr("%1 already in the group.").replace("%1", str(rep.already)))
        if rep.errors:
            lines.append(self.tr("%1 line(s) refused: correct them in the file and import it again (the others "
                                 "will not be added twice).").replace("%1", str(len(rep.errors))))
        self.summary.setText("\n".join(lines))
        self.list.clear()
        self.list.addItems([csv_line_text(e) for e in rep.errors])
        self.list.setAccessibleName(self.tr("Refused lines"))
        self.hint.setText(self.tr("Columns not used: %1").replace("%1", ", ".join(rep.ignored_columns))
                          if rep.ignored_columns else "")
        self.hint.setVisible(bool(rep.ignored_columns))
