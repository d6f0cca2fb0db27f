"""Course outline (modules → capsules with completion marks), home page with "continue where I
left off", and the progress view. Fed with plain data: outline dicts and CourseProgress."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from cc2desktop.core.learning.catalog import pick

MARK_DONE, MARK_STARTED, MARK_TODO = "✔", "◐", "○"


def fmt_duration(seconds: float) -> str:
    if 0 < seconds < 60:
        return QCoreApplication.translate("CourseViews", "%n s", None, int(round(seconds)))
    m = int(round(seconds / 60))
    if m < 60:
        return QCoreApplication.translate("CourseViews", "%n min", None, m)
    return QCoreApplication.translate("CourseViews", "%1 h %2 min").replace("%1", str(m // 60)).replace("%2", f"{m % 60:02d}")


class OutlineTree(QTreeWidget):
    """Modules → capsules. ``capsule_activated(course_id, capsule_id)`` on Enter or double-click."""

    capsule_activated = Signal(str, str)
    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderHidden(True)
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

    def paintEvent(self, e) -> None:  # noqa: N802, ANN001
        super().paintEvent(e)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

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
                    it.setData(0, Qt.UserRole, (c["id"], cap["id"]))
                    it.setData(0, Qt.AccessibleTextRole, f"{pick(cap['title'], lang, langs)}, {self._state_name(state)}")
                    mitem.addChild(it)
                    if cur == (c["id"], cap["id"]):
                        self.setCurrentItem(it)
                if self._states:
                    mitem.setText(1, f"{done}/{len(m['capsules'])}")
        self.expandAll()
        if not outlines:
            it = QTreeWidgetItem([self.tr("No course installed yet."), ""])
            it.setFlags(Qt.NoItemFlags)
            self.addTopLevelItem(it)

    def _state_name(self, state: str | None) -> str:
        return {"done": self.tr("completed"), "started": self.tr("started")}.get(state, self.tr("not started"))

    def current_capsule(self) -> tuple[str, str] | None:
        it = self.currentItem()
        return it.data(0, Qt.UserRole) if it is not None else None

    def select_capsule(self, course_id: str, capsule_id: str) -> None:
        for it in self._iter():
            if it.data(0, Qt.UserRole) == (course_id, capsule_id):
                self.setCurrentItem(it)
                return

    def _iter(self):  # noqa: ANN202
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            it = stack.pop(0)
            yield it
            stack[:0] = [it.child(i) for i in range(it.childCount())]

    def _on_item_activated(self, item: QTreeWidgetItem, _col: int) -> None:
        key = item.data(0, Qt.UserRole)
        if key:
            self.capsule_activated.emit(*key)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.set_outline(self._outlines, self.lang, self._states)
        super().changeEvent(e)


class HomePage(QWidget):
    continue_requested = Signal()
    progress_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self._continue_title = ""
        self.hello = QLabel()
        self.hello.setObjectName("title")
        self.summary = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.continue_btn = QPushButton()
        self.continue_btn.clicked.connect(self.continue_requested)
        self.progress_btn = QPushButton()
        self.progress_btn.clicked.connect(self.progress_requested)
        self.outline_label = QLabel()
        self.outline_label.setObjectName("subtitle")
        self.outline = OutlineTree()
        row = QHBoxLayout()
        row.addWidget(self.continue_btn)
        row.addWidget(self.progress_btn)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hello)
        lay.addWidget(self.summary)
        lay.addWidget(self.bar)
        lay.addLayout(row)
        lay.addWidget(self.outline_label)
        lay.addWidget(self.outline, 1)
        self._done = self._total = 0
        self.retranslate()

    def set_learner(self, name: str) -> None:
        self.name = name
        self.retranslate()

    def set_summary(self, done: int, total: int, continue_title: str) -> None:
        self._done, self._total, self._continue_title = done, total, continue_title
        self.retranslate()

    def retranslate(self) -> None:
        self.hello.setText(self.tr("Hello, %1!").replace("%1", self.name))
        self.summary.setText(self.tr("%1 of %2 capsules completed").replace("%1", str(self._done)).replace("%2", str(self._total)))
        self.bar.setValue(int(100 * self._done / self._total) if self._total else 0)
        self.bar.setAccessibleName(self.tr("Course progress"))
        if self._continue_title:
            self.continue_btn.setText(self.tr("Continue where I left off: %1").replace("%1", self._continue_title))
        else:
            self.continue_btn.setText(self.tr("Start the course"))
        self.progress_btn.setText(self.tr("My progress"))
        self.outline_label.setText(self.tr("Course outline"))
        self.outline.setAccessibleName(self.tr("Course outline: choose a capsule and press Enter"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)


class ProgressPage(QWidget):
    back_requested = Signal()
    capsule_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(6)
        self.tree.setRootIsDecorated(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setStretchLastSection(False)
        for i in range(1, 6):
            self.tree.header().setSectionResizeMode(i, QHeaderView.ResizeToContents)
        self.tree.itemActivated.connect(self._on_item_activated)
        self.back_btn = QPushButton()
        self.back_btn.clicked.connect(self.back_requested)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(self.back_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self._data: list = []
        self.retranslate()

    def set_progress(self, items: list) -> None:
        """``items``: [(course outline dict, CourseProgress)] for the current learner."""
        self._data = items
        self._fill()

    def _fill(self) -> None:
        self.tree.clear()
        lines = []
        for outline, cp in self._data:
            langs = outline.get("languages") or []
            lang = self._lang
            lines.append(self.tr("%1: %2 % completed (%3 of %4 capsules), time spent %5")
                         .replace("%1", pick(outline["title"], lang, langs)).replace("%2", str(round(cp.ratio * 100)))
                         .replace("%3", str(cp.completed)).replace("%4", str(cp.total)).replace("%5", fmt_duration(cp.time_spent_s)))
            for mi, m in enumerate(outline["modules"], 1):
                done, total = cp.modules.get(m["id"], (0, len(m["capsules"])))
                mitem = QTreeWidgetItem([f"{mi}. {pick(m['title'], lang, langs)}", f"{done}/{total}", "", "", "", ""])
                f = mitem.font(0)
                f.setBold(True)
                mitem.setFont(0, f)
                self.tree.addTopLevelItem(mitem)
                for ci, cap in enumerate(m["capsules"], 1):
                    st = cp.capsules.get(cap["id"])
                    status = (self.tr("Completed") if st and st.completed else
                              self.tr("Started") if st and (st.watched_s > 0 or st.quiz_attempts) else self.tr("Not started"))
                    pct = lambda v: "—" if v is None else f"{round(v * 100)} %"  # noqa: E731
                    it = QTreeWidgetItem([f"{mi}.{ci} {pick(cap['title'], lang, langs)}", status,
                                          pct(st.watched_ratio if st else 0.0), pct(st.quiz_best if st else None),
                                          pct(st.quiz_last if st else None), fmt_duration(st.time_spent_s if st else 0)])
                    it.setData(0, Qt.UserRole, (outline["id"], cap["id"]))
                    mitem.addChild(it)
        self.tree.expandAll()
        self.summary.setText("\n".join(lines))

    _lang = "fr"

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._fill()

    def retranslate(self) -> None:
        self.title.setText(self.tr("My progress"))
        self.tree.setHeaderLabels([self.tr("Capsule"), self.tr("Status"), self.tr("Watched"), self.tr("Best quiz score"),
                                   self.tr("Last quiz score"), self.tr("Time spent")])
        self.tree.setAccessibleName(self.tr("Progress per module and capsule"))
        self.back_btn.setText(self.tr("Back to the course"))
        self._fill()

    def _on_item_activated(self, item: QTreeWidgetItem, _c: int) -> None:
        key = item.data(0, Qt.UserRole)
        if key:
            self.capsule_activated.emit(*key)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(e)
