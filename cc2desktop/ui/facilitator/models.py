"""Table models for the facilitator screens (over plain core data, never ORM objects)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QLocale, QPersistentModelIndex, Qt, Signal)

from cc2desktop.core.reports.dashboard import Table

Index = QModelIndex | QPersistentModelIndex

#: Column titles of the core tables (core stays English and untranslated); also the titles of the
#: CSV export, in the language chosen for the file.
HEADERS = {
    "learner_id": QT_TRANSLATE_NOOP("FacilitatorTables", "Learner id"),
    "name": QT_TRANSLATE_NOOP("FacilitatorTables", "Name"),
    "code": QT_TRANSLATE_NOOP("FacilitatorTables", "Code"),
    "groups": QT_TRANSLATE_NOOP("FacilitatorTables", "Groups"),
    "gender": QT_TRANSLATE_NOOP("FacilitatorTables", "Gender"),
    "category": QT_TRANSLATE_NOOP("FacilitatorTables", "Category"),
    "country": QT_TRANSLATE_NOOP("FacilitatorTables", "Country"),
    "capsules_completed": QT_TRANSLATE_NOOP("FacilitatorTables", "Capsules done"),
    "progress_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Progress %"),
    "avg_quiz_score_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Quiz score %"),
    "quizzes_taken": QT_TRANSLATE_NOOP("FacilitatorTables", "Quizzes"),
    "last_activity": QT_TRANSLATE_NOOP("FacilitatorTables", "Last activity"),
    "sessions_attended": QT_TRANSLATE_NOOP("FacilitatorTables", "Sessions attended"),
    "sessions_recorded": QT_TRANSLATE_NOOP("FacilitatorTables", "Sessions recorded"),
    "attendance_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Attendance %"),
    "certificate": QT_TRANSLATE_NOOP("FacilitatorTables", "Certificate"),
    "capsule": QT_TRANSLATE_NOOP("FacilitatorTables", "Capsule"),
    "learners_completed": QT_TRANSLATE_NOOP("FacilitatorTables", "Learners who completed"),
    "completion_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Completion %"),
    "quiz_takers": QT_TRANSLATE_NOOP("FacilitatorTables", "Quiz takers"),
    "question": QT_TRANSLATE_NOOP("FacilitatorTables", "Question"),
    "answers": QT_TRANSLATE_NOOP("FacilitatorTables", "Answers"),
    "success_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Success %"),
    "value": QT_TRANSLATE_NOOP("FacilitatorTables", "Value"),
    "learners": QT_TRANSLATE_NOOP("FacilitatorTables", "Learners"),
    "share_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Share %"),
    "avg_progress_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Average progress %"),
    "completed_course": QT_TRANSLATE_NOOP("FacilitatorTables", "Completed the course"),
    "certified": QT_TRANSLATE_NOOP("FacilitatorTables", "Certified"),
    "women_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Women %"),
    "date": QT_TRANSLATE_NOOP("FacilitatorTables", "Date"),
    "group": QT_TRANSLATE_NOOP("FacilitatorTables", "Group"),
    "capsules": QT_TRANSLATE_NOOP("FacilitatorTables", "Capsules"),
    "notes": QT_TRANSLATE_NOOP("FacilitatorTables", "Notes"),
    "facilitator": QT_TRANSLATE_NOOP("FacilitatorTables", "Facilitator"),
    "present": QT_TRANSLATE_NOOP("FacilitatorTables", "Present"),
    "recorded": QT_TRANSLATE_NOOP("FacilitatorTables", "Recorded"),
    "pin": QT_TRANSLATE_NOOP("FacilitatorTables", "PIN"),
    "age_band": QT_TRANSLATE_NOOP("FacilitatorTables", "Age"),
    "completed": QT_TRANSLATE_NOOP("FacilitatorTables", "Completed"),
    "watched_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Video %"),
    "quiz_best_pct": QT_TRANSLATE_NOOP("FacilitatorTables", "Best quiz %"),
    "quiz_attempts": QT_TRANSLATE_NOOP("FacilitatorTables", "Attempts"),
}


def header_text(column: str) -> str:
    """A column's title in the interface language."""
    return QCoreApplication.translate("FacilitatorTables", HEADERS[column]) if column in HEADERS else column


class TableModel(QAbstractTableModel):
    """A view of a core :class:`Table`; ``hidden`` columns are left out.

    Sorting and filtering happen here in Python over plain tuples (a few ms for 5,000 rows), not in a
    QSortFilterProxyModel, which would call ``data()`` hundreds of thousands of times on the GUI thread.
    """

    def __init__(self, table: Table | None = None, hidden: tuple[str, ...] = (), parent=None,  # noqa: ANN001
                 formatters: dict[str, Callable[[Any], str]] | None = None) -> None:
        super().__init__(parent)
        self._hidden = hidden
        self._fmt = formatters or {}
        self._table = Table("", [], [])
        self._cols: list[int] = []
        self._rows: list[tuple] = []
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        if table is not None:
            self.set_table(table)

    @staticmethod
    def search_keys(table: Table) -> list[str]:
        """What the filter box matches, per row (pure Python: compute it off the GUI thread)."""
        return [" ".join("" if v is None else str(v) for v in r).lower() for r in table.rows]

    def set_table(self, table: Table, search: list[str] | None = None) -> None:
        self.beginResetModel()
        self._table = table
        self._cols = [i for i, c in enumerate(table.columns) if c not in self._hidden]
        self._search = search if search is not None else self.search_keys(table)
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        rows = self._table.rows
        if self._filter:
            rows = [r for r, s in zip(rows, self._search) if self._filter in s]
        if self._sort is not None and self._cols:
            col, order = self._sort
            i = self._cols[col] if col < len(self._cols) else 0
            present = [r for r in rows if r[i] is not None]
            missing = [r for r in rows if r[i] is None]
            key = (lambda r: r[i].lower()) if present and isinstance(present[0][i], str) else (lambda r: r[i])
            rows = sorted(present, key=key, reverse=order == Qt.SortOrder.DescendingOrder) + missing
        self._rows = list(rows)

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().lower()
        self._apply()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply()
        self.layoutChanged.emit()

    @property
    def table(self) -> Table:
        return self._table

    def retranslate(self) -> None:
        """Headers and coded values in the new interface language."""
        if self._cols:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._cols) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._cols) - 1))

    def set_formatter(self, column: str, fmt: Callable[[Any], str]) -> None:
        self._fmt[column] = fmt

    def row_values(self, row: int) -> tuple:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._cols)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self._rows[index.row()][self._cols[index.column()]]
        if role == Qt.ItemDataRole.DisplayRole:
            if v is None:
                return "—"
            fmt = self._fmt.get(self._table.columns[self._cols[index.column()]])
            if fmt is not None:
                return fmt(v)
            return QLocale().toString(v, "f", 1) if isinstance(v, float) else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(v, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return header_text(self._table.columns[self._cols[section]])
        return None


class AttendanceTableModel(QAbstractTableModel):
    """Attendance sheet rows: name, code, present (checkable). Edits stay here until saved."""

    changed = Signal()

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.rows: list[list] = []  # [learner_id, name, code, present(bool|None)]

    def load(self, rows: list) -> None:  # AttendanceRow list
        self.beginResetModel()
        self.rows = [[r.learner_id, r.display_name, r.code, r.present] for r in rows]
        self.endResetModel()
        self.changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return [self.tr("Present"), self.tr("Name"), self.tr("Code")][section]
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        lid, name, code, present = self.rows[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                if present is None:
                    return self.tr("not marked")
                return self.tr("present") if present else self.tr("absent")
        if role == Qt.ItemDataRole.DisplayRole:
            return name if index.column() == 1 else (code or "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self.set_present(index.row(), Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        return False

    def set_present(self, row: int, present: bool) -> None:
        self.rows[row][3] = present
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        self.changed.emit()

    def toggle(self, row: int) -> None:
        self.set_present(row, not self.rows[row][3])

    def mark_all(self, present: bool = True) -> None:
        for r in self.rows:
            r[3] = present
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))
        self.changed.emit()

    def present_count(self) -> int:
        return sum(1 for r in self.rows if r[3])


def value_formatters() -> dict[str, Callable[[Any], str]]:
    """Display names of the coded columns (gender, category, country, certificate state, PIN, dates)
    in the interface language of the moment (they follow a language switch)."""
    from cc2desktop.core.reports.dashboard import CATEGORY, GENDER
    from cc2desktop.ui.facilitator.common import fmt_date, fmt_datetime, ui_lang
    from cc2desktop.ui.facilitator.report_pdf import S, ReportTexts

    texts: dict[str, ReportTexts] = {}

    def lab() -> ReportTexts:
        lang = ui_lang()
        if lang not in texts:
            texts[lang] = ReportTexts(lang)
        return texts[lang]

    def pin(v: str) -> str:
        return {"set": QCoreApplication.translate("FacilitatorTables", "set"),
                "needed": QCoreApplication.translate("FacilitatorTables", "to choose at first use"),
                "none": QCoreApplication.translate("FacilitatorTables", "none")}.get(v, v)

    def person_gender(v: str) -> str:  # one person: "Woman", not the report's "Women"
        code = GENDER.get(v, v)
        return {"female": QCoreApplication.translate("FacilitatorTables", "Woman"),
                "male": QCoreApplication.translate("FacilitatorTables", "Man"),
                "other": QCoreApplication.translate("FacilitatorTables", "Other"),
                "na": QCoreApplication.translate("FacilitatorTables", "Prefers not to say")}.get(code, code)

    def person_category(v: str) -> str:
        code = CATEGORY.get(v, v)
        return {"student": QCoreApplication.translate("FacilitatorTables", "Student"),
                "civil_society": QCoreApplication.translate("FacilitatorTables", "Civil society"),
                "media": QCoreApplication.translate("FacilitatorTables", "Media"),
                "public_authority": QCoreApplication.translate("FacilitatorTables", "Public authority"),
                "entrepreneur": QCoreApplication.translate("FacilitatorTables", "Entrepreneur"),
                "other": QCoreApplication.translate("FacilitatorTables", "Other")}.get(code, code)

    return {"gender": person_gender, "category": person_category, "certificate": lambda v: lab()("cert_" + v),
            "value": lambda v: lab().value(v) if v in S or v == "unknown" else v,
            "country": lambda v: lab().country(v), "date": fmt_date, "last_activity": fmt_datetime, "pin": pin,
            "age_band": lambda v: {"u18": "< 18"}.get(v, v)}


Callback = Callable[..., None]
