"""Table models for the facilitator screens (over plain core data, never ORM objects)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal

from cc2desktop.core.reports.dashboard import Table

Index = QModelIndex | QPersistentModelIndex

def header_text(column: str) -> str:
    """Column headers of the core tables, translated here (core stays English and untranslated)."""
    names = {
        "learner_id": QCoreApplication.translate("FacilitatorTables", "Learner id"),
        "name": QCoreApplication.translate("FacilitatorTables", "Name"),
        "code": QCoreApplication.translate("FacilitatorTables", "Code"),
        "groups": QCoreApplication.translate("FacilitatorTables", "Groups"),
        "gender": QCoreApplication.translate("FacilitatorTables", "Gender"),
        "category": QCoreApplication.translate("FacilitatorTables", "Category"),
        "country": QCoreApplication.translate("FacilitatorTables", "Country"),
        "capsules_completed": QCoreApplication.translate("FacilitatorTables", "Capsules done"),
        "progress_pct": QCoreApplication.translate("FacilitatorTables", "Progress %"),
        "avg_quiz_score_pct": QCoreApplication.translate("FacilitatorTables", "Quiz score %"),
        "quizzes_taken": QCoreApplication.translate("FacilitatorTables", "Quizzes"),
        "last_activity": QCoreApplication.translate("FacilitatorTables", "Last activity"),
        "sessions_attended": QCoreApplication.translate("FacilitatorTables", "Sessions attended"),
        "sessions_recorded": QCoreApplication.translate("FacilitatorTables", "Sessions recorded"),
        "attendance_pct": QCoreApplication.translate("FacilitatorTables", "Attendance %"),
        "certificate": QCoreApplication.translate("FacilitatorTables", "Certificate"),
        "capsule": QCoreApplication.translate("FacilitatorTables", "Capsule"),
        "learners_completed": QCoreApplication.translate("FacilitatorTables", "Learners who completed"),
        "completion_pct": QCoreApplication.translate("FacilitatorTables", "Completion %"),
        "quiz_takers": QCoreApplication.translate("FacilitatorTables", "Quiz takers"),
        "question": QCoreApplication.translate("FacilitatorTables", "Question"),
        "answers": QCoreApplication.translate("FacilitatorTables", "Answers"),
        "success_pct": QCoreApplication.translate("FacilitatorTables", "Success %"),
        "value": QCoreApplication.translate("FacilitatorTables", "Value"),
        "learners": QCoreApplication.translate("FacilitatorTables", "Learners"),
        "share_pct": QCoreApplication.translate("FacilitatorTables", "Share %"),
        "avg_progress_pct": QCoreApplication.translate("FacilitatorTables", "Average progress %"),
        "completed_course": QCoreApplication.translate("FacilitatorTables", "Completed the course"),
        "certified": QCoreApplication.translate("FacilitatorTables", "Certified"),
        "women_pct": QCoreApplication.translate("FacilitatorTables", "Women %"),
        "date": QCoreApplication.translate("FacilitatorTables", "Date"),
        "group": QCoreApplication.translate("FacilitatorTables", "Group"),
        "capsules": QCoreApplication.translate("FacilitatorTables", "Capsules"),
        "notes": QCoreApplication.translate("FacilitatorTables", "Notes"),
        "facilitator": QCoreApplication.translate("FacilitatorTables", "Facilitator"),
        "present": QCoreApplication.translate("FacilitatorTables", "Present"),
        "recorded": QCoreApplication.translate("FacilitatorTables", "Recorded"),
    }
    return names.get(column, column)


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
            return f"{v:.1f}" if isinstance(v, float) else str(v)
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
    """Display names for the coded columns (gender, category, certificate state) in the UI language."""
    from PySide6.QtCore import QLocale

    from cc2desktop.ui.facilitator.report_pdf import S, ReportTexts

    lab = ReportTexts("en" if QLocale().language() == QLocale.Language.English else "fr")
    from cc2desktop.core.reports.dashboard import CATEGORY, GENDER

    return {"gender": lambda v: lab.value(GENDER.get(v, "unknown")),
            "category": lambda v: lab.value(CATEGORY.get(v, v)), "certificate": lambda v: lab("cert_" + v),
            "value": lambda v: lab.value(v) if v in S or v == "unknown" else v}


Callback = Callable[..., None]
