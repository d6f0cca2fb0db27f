"""Settings: interface language (applied at once), font scale, high contrast, cybercafé logout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox,
                               QVBoxLayout)

from cc2desktop.ui.shell.i18n import LANGUAGES


class SettingsDialog(QDialog):
    applied = Signal(dict)  # {"ui.language", "ui.font_scale", "ui.high_contrast", "ui.idle_logout_minutes"}

    def __init__(self, values: dict, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(values.get("ui.language", "fr"))))
        self.font_scale = QSpinBox()
        self.font_scale.setRange(100, 200)
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" %")
        self.font_scale.setValue(int(values.get("ui.font_scale", 100)))
        self.contrast = QCheckBox()
        self.contrast.setChecked(bool(values.get("ui.high_contrast", False)))
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setValue(int(values.get("ui.idle_logout_minutes", 0)))
        self.backup_days = QSpinBox()
        self.backup_days.setRange(0, 365)
        self.backup_days.setValue(int(values.get("backup.keep_days", 7)))
        self.labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for lab, w in zip(self.labels, self._fields()):
            lab.setBuddy(w)
            form.addRow(lab, w)
        self.idle_help = QLabel()
        self.idle_help.setWordWrap(True)
        self.backup_help = QLabel()
        self.backup_help.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Apply | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.Apply).clicked.connect(self._apply)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.idle_help)
        lay.addWidget(self.backup_help)
        lay.addWidget(self.buttons)
        self.retranslate()

    def _fields(self) -> tuple:
        return (self.language, self.font_scale, self.contrast, self.idle, self.backup_days)

    def values(self) -> dict:
        return {"ui.language": self.language.currentData(), "ui.font_scale": self.font_scale.value(),
                "ui.high_contrast": self.contrast.isChecked(), "ui.idle_logout_minutes": self.idle.value(),
                "backup.keep_days": self.backup_days.value()}

    def _apply(self) -> None:
        self.applied.emit(self.values())

    def _ok(self) -> None:
        self._apply()
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        texts = [self.tr("&Language"), self.tr("&Text size"), self.tr("&High contrast"),
                 self.tr("Log &out after inactivity (minutes)"), self.tr("Daily &backup kept (days)")]
        for lab, w, t in zip(self.labels, self._fields(), texts):
            lab.setText(t)
            w.setAccessibleName(t.replace("&", ""))
        self.idle.setSpecialValueText(self.tr("Never"))
        self.backup_days.setSpecialValueText(self.tr("Off"))
        self.backup_help.setText(self.tr("Once a day the app copies its data to the “backups” folder of the data "
                                         "folder and keeps the copies of this many days. After a power cut, "
                                         "“cc2desktop doctor --repair” restores the latest good copy. 0 = off."))
        self.idle_help.setText(self.tr("Cybercafé mode: on a shared computer, the profile closes by itself after "
                                       "this many minutes without a key press or a click. 0 = never."))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)
