"""Table models for the facilitator screens (over plain core data, never ORM objects)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal

from cc2desktop.core.reports.dashboard import Table

Index = QModelIndex | QPersistentModelIndex

def header_text(column: str) -> str:
    """Column headers of the core tables, translated here (core stays English and untranslated)."""
    t = QCoreApplication.translate
    names = {
        "learner_id": t("FacilitatorTables", "Learner id"),
        "name": t("FacilitatorTables", "Name"),
        "code": t("FacilitatorTables", "Code"),
        "groups": t("FacilitatorTables", "Groups"),
        "gender": t("FacilitatorTables", "Gender"),
        "category": t("FacilitatorTables", "Category"),
        "country": t("FacilitatorTables", "Country"),
        "capsules_completed": t("FacilitatorTables", "Capsules done"),
        "progress_pct": t("FacilitatorTables", "Progress %"),
        "avg_quiz_score_pct": t("FacilitatorTables", "Quiz score %"),
        "quizzes_taken": t("FacilitatorTables", "Quizzes"),
        "last_activity": t("FacilitatorTables", "Last activity"),
        "sessions_attended": t("FacilitatorTables", "Sessions attended"),
        "sessions_recorded": t("FacilitatorTables", "Sessions recorded"),
        "attendance_pct": t("FacilitatorTables", "Attendance %"),
        "certificate": t("FacilitatorTables", "Certificate"),
        "capsule": t("FacilitatorTables", "Capsule"),
        "learners_completed": t("FacilitatorTables", "Learners who completed"),
        "completion_pct": t("FacilitatorTables", "Completion %"),
        "quiz_takers": t("FacilitatorTables", "Quiz takers"),
        "question": t("FacilitatorTables", "Question"),
        "answers": t("FacilitatorTables", "Answers"),
        "success_pct": t("FacilitatorTables", "Success %"),
        "value": t("FacilitatorTables", "Value"),
        "learners": t("FacilitatorTables", "Learners"),
        "share_pct": t("FacilitatorTables", "Share %"),
        "avg_progress_pct": t("FacilitatorTables", "Average progress %"),
        "completed_course": t("FacilitatorTables", "Completed the course"),
        "certified": t("FacilitatorTables", "Certified"),
        "women_pct": t("FacilitatorTables", "Women %"),
        "date": t("FacilitatorTables", "Date"),
        "group": t("FacilitatorTables", "Group"),
        "capsules": t("FacilitatorTables", "Capsules"),
        "notes": t("FacilitatorTables", "Notes"),
        "facilitator": t("FacilitatorTables", "Facilitator"),
        "present": t("FacilitatorTables", "Present"),
        "recorded": t("FacilitatorTables", "Recorded"),
    }
    return names.get(column, column)


class TableModel(QAbstractTableModel):
    """A read-only view of a core :class:`Table`; ``hidden`` columns are left out."""

    def __init__(self, table: Table | None = None, hidden: tuple[str, ...] = (), parent=None,  # noqa: ANN001
                 formatters: dict[str, Callable[[Any], str]] | None = None) -> None:
        super().__init__(parent)
        self._hidden = hidden
        self._fmt = formatters or {}
        self._table = Table("", [], [])
        self._cols: list[int] = []
        if table is not None:
            self.set_table(table)

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self._table = table
        self._cols = [i for i, c in enumerate(table.columns) if c not in self._hidden]
        self.endResetModel()

    @property
    def table(self) -> Table:
        return self._table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._cols)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self._table.rows[index.row()][self._cols[index.column()]]
        if role == Qt.ItemDataRole.DisplayRole:
            if v is None:
                return "—"
            fmt = self._fmt.get(self._table.columns[self._cols[index.column()]])
            if fmt is not None:
                return fmt(v)
            return f"{v:.1f}" if isinstance(v, float) else str(v)
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return v
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(v, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
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
                return self.tr("present") if present else (self.tr("absent") if present is False else self.tr("not marked"))
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

    def absent_ids(self) -> list[str]:
        return [r[0] for r in self.rows if not r[3]]

    def present_count(self) -> int:
        return sum(1 for r in self.rows if r[3])


def sort_proxy(model: QAbstractTableModel, parent=None):  # noqa: ANN001, ANN201
    from PySide6.QtCore import QSortFilterProxyModel

    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy


Callback = Callable[..., None]
