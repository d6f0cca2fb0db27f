"""Course outline (modules → capsules with completion marks), home page with "continue where I
left off", and the progress view. Fed with plain data: outline dicts and CourseProgress."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from cc2desktop.core.learning.texts import pick
from cc2desktop.ui.shell.qt_values import ACCESSIBLE_TEXT_ROLE, USER_ROLE

MARK_DONE, MARK_STARTED, MARK_TODO = "✔", "◐", "○"


def fmt_duration(seconds: float) -> str:
    if 0 < seconds < 60:
        return QCoreApplication.translate("CourseViews", "%1 s").replace("%1", str(int(round(seconds))))
    m = int(round(seconds / 60))
    if m < 60:
        return QCoreApplication.translate("CourseViews", "%1 min").replace("%1", str(m))
    return QCoreApplication.translate("CourseViews",
                                      "%1 h %2 min").replace("%1", str(m // 60)).replace("%2", f"{m % 60:02d}")


class OutlineTree(QTreeWidget):
    """Modules → capsules. ``capsule_activated(course_id, capsule_id)`` on Enter or double-click."""

    capsule_activated = Signal(str, str)
    first_painted = Signal()
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self._name_columns()
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.itemActivated.connect(self._on_item_activated)
        self._painted = False
        self._outlines: list[dict] = []
        self._states: dict[tuple[str, str], str] = {}
        self.lang = "fr"

    def _name_columns(self) -> None:
        """The (hidden) column headers, read by a screen reader with each cell."""
        self.setHeaderLabels([self.tr("Capsule"), self.tr("Duration or capsules done")])

    def paintEvent(self, e) -> None:  # noqa: N802, ANN001
        super().paintEvent(e)
        self.painted.emit()
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    @property
    def has_courses(self) -> bool:
        return bool(self._outlines)

    def set_outline(self, outlines: list[dict], lang: str, states: dict[tuple[str, str], str] | None = None) -> None:
        """``outlines``: Course.outline() dicts; ``states``: (course, capsule) → "done"|"started"."""
        self._outlines, self.lang = outlines, lang
        self._states = states or {}
        cur = self.current_capsule()
        self.clear()
        for c in outlines:
            langs = c.get("languages") or []
            top = None
            if len(outlines) > 1:
                top = QTreeWidgetItem([pick(c["title"], lang, langs), ""])
                self.addTopLevelItem(top)
            for mi, m in enumerate(c["modules"], 1):
                mitem = QTreeWidgetItem([f"{mi}. {pick(m['title'], lang, langs)}", ""])
                f = mitem.font(0)
                f.setBold(True)
                mitem.setFont(0, f)
                (top.addChild(mitem) if top else self.addTopLevelItem(mitem))
                done = 0
                for ci, cap in enumerate(m["capsules"], 1):
                    state = self._states.get((c["id"], cap["id"]))
                    mark = {"done": MARK_DONE, "started": MARK_STARTED}.get(state, MARK_TODO)
                    done += state == "done"
                    it = QTreeWidgetItem([f"{mark}  {mi}.{ci} {pick(cap['title'], lang, langs)}",
                                          fmt_duration(cap.get("duration_s") or 0) if cap.get("duration_s") else ""])
                    it.setData(0, USER_ROLE, (c["id"], cap["id"]))
                    it.setData(0, ACCESSIBLE_TEXT_ROLE,
                               f"{pick(cap['title'], lang, langs)}, {self._state_name(state)}")
                    mitem.addChild(it)
                    if cur == (c["id"], cap["id"]):
                        self.setCurrentItem(it)
                if self._states:
                    mitem.setText(1, f"{done}/{len(m['capsules'])}")
        self.expandAll()
        if not outlines:
            it = QTreeWidgetItem([self.tr("No course installed yet."), ""])
            it.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(it)

    def _state_name(self, state: str | None) -> str:
        return {"done": self.tr("completed"), "started": self.tr("started")}.get(state, self.tr("not started"))

    def current_capsule(self) -> tuple[str, str] | None:
        it = self.currentItem()
        return it.data(0, USER_ROLE) if it is not None else None

    def select_capsule(self, course_id: str, capsule_id: str) -> None:
        for it in self._iter():
            if it.data(0, USER_ROLE) == (course_id, capsule_id):
                self.setCurrentItem(it)
                return

    def _iter(self):  # noqa: ANN202
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            it = stack.pop(0)
            yield it
            stack[:0] = [it.child(i) for i in range(it.childCount())]

    def _on_item_activated(self, item: QTreeWidgetItem, _col: int) -> None:
        key = item.data(0, USER_ROLE)
        if key:
            self.capsule_activated.emit(*key)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self._name_columns()
            self.set_outline(self._outlines, self.lang, self._states)
        super().changeEvent(e)
