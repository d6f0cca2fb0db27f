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
