"""Export the dashboard's tables as CSV files for a spreadsheet: the folder, the language of the column
titles and values, and the separator (``;`` and a decimal comma for French spreadsheets, ``,`` for
English ones; the default follows the interface language)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QStandardPaths
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from cc2desktop.core.reports.export import CsvStyle, write_tables
from cc2desktop.ui.facilitator.common import Retranslating, ui_lang
from cc2desktop.ui.facilitator.models import HEADERS
from cc2desktop.ui.facilitator.report_pdf import DocumentTexts, ReportTexts
from cc2desktop.ui.shell.errors import error_text

FILE_NAMES = {
    "learners": QT_TRANSLATE_NOOP("CsvExport", "learners"),
    "capsules": QT_TRANSLATE_NOOP("CsvExport", "capsules"),
    "hardest_questions": QT_TRANSLATE_NOOP("CsvExport", "hardest_questions"),
    "by_gender": QT_TRANSLATE_NOOP("CsvExport", "by_gender"),
    "by_category": QT_TRANSLATE_NOOP("CsvExport", "by_category"),
    "by_country": QT_TRANSLATE_NOOP("CsvExport", "by_country"),
    "sessions": QT_TRANSLATE_NOOP("CsvExport", "sessions"),
}


def csv_style(lang: str, separator: str) -> CsvStyle:
    """Titles, values and file names in ``lang``; ``separator`` ``;`` (with a decimal comma) or ``,``."""
    from cc2desktop.core.reports.dashboard import CATEGORY, GENDER

    heads = DocumentTexts(lang, HEADERS, "FacilitatorTables", "facilitator_models")
    files = DocumentTexts(lang, FILE_NAMES, "CsvExport", "facilitator_export_dialog")
    lab = ReportTexts(lang)
    values = {"gender": lambda v: lab.value(GENDER.get(v, "unknown")),
              "category": lambda v: lab.value(CATEGORY.get(v, v)), "certificate": lambda v: lab("cert_" + v),
              "country": lab.country, "value": lab.value}
    return CsvStyle(delimiter=separator, decimal="," if separator == ";" else ".",
                    headers={k: heads(k) for k in HEADERS}, values=values, names={k: files(k) for k in FILE_NAMES},
                    hidden=("learner_id",))


class CsvExportDialog(Retranslating, QDialog):
    """``tables(lang)`` gives the dashboard's tables with capsule titles in ``lang``."""

    def __init__(self, tables: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables = tables
        self.written: list[Path] = []
        self.folder = QLineEdit(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._on_browse_clicked)
        self.lang = QComboBox()
        self.lang.addItem("Français", "fr")
        self.lang.addItem("English", "en")
        self.sep = QComboBox()
        self.sep_touched = False
        self.lang.currentIndexChanged.connect(self._on_lang_changed)
        self.sep.activated.connect(lambda _i: setattr(self, "sep_touched", True))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.labels = [QLabel(), QLabel(), QLabel()]
        self.labels[0].setBuddy(self.folder)
        self.labels[1].setBuddy(self.lang)
        self.labels[2].setBuddy(self.sep)
        self.form = QFormLayout()
        self.form.addRow(self.labels[0], folder_row)
        self.form.addRow(self.labels[1], self.lang)
        self.form.addRow(self.labels[2], self.sep)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_btn = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()
        self.lang.setCurrentIndex(self.lang.findData(ui_lang()))
        self._on_lang_changed()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export as CSV"))
        labels = [self.tr("&Folder"), self.tr("&Language of the columns"), self.tr("&Spreadsheet")]
        for lab, text in zip(self.labels, labels):
            lab.setText(text)
        labels = [x.replace("&", "") for x in labels]
        self.folder.setAccessibleName(labels[0])
        self.lang.setAccessibleName(labels[1])
        self.sep.setAccessibleName(labels[2])
        self.browse.setText(self.tr("Choose…"))
        current = self.sep.currentData()
        self.sep.clear()
        self.sep.addItem(self.tr("French (separator ; and decimal comma)"), ";")
        self.sep.addItem(self.tr("English (separator , and decimal point)"), ",")
        if current:
            self.sep.setCurrentIndex(self.sep.findData(current))
        self.export_btn.setText(self.tr("Export"))

    def _on_lang_changed(self, *_a: object) -> None:
        if not self.sep_touched:
            self.sep.setCurrentIndex(self.sep.findData(";" if self.lang.currentData() == "fr" else ","))

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the CSV files"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def export(self) -> list[Path]:
        """Write the files (a few hundred kB at most: done here, on click)."""
        lang, sep = self.lang.currentData(), self.sep.currentData()
        try:
            self.written = write_tables(self.tables(lang), Path(self.folder.text()), csv_style(lang, sep))
        except OSError:
            self.status.setText(error_text("data_dir"))
            return []
        self.status.setText(self.tr("%1 CSV files written in %2").replace("%1", str(len(self.written)))
                            .replace("%2", self.folder.text()))
        return self.written
