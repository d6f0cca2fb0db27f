"""Home page ("continue where I left off", outline with marks) and progress view, built after login."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from cc2desktop.core.learning.texts import pick
from cc2desktop.ui.learner.course_views import OutlineTree, fmt_duration
from cc2desktop.ui.shell.a11y import make_heading


class HomePage(QWidget):
    continue_requested = Signal()  # "Continue" (the next step), or the certificate once every capsule is done
    progress_requested = Signal()
    logout_requested = Signal()
    profile_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self.code = ""
        self._continue_title = ""
        self.hello = QLabel()
        self.hello.setObjectName("title")
        make_heading(self.hello)
        self.code_label = QLabel()
        self.code_label.setObjectName("muted")
        self.code_label.setWordWrap(True)
        self.code_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.profile_btn = QPushButton()
        self.profile_btn.clicked.connect(self.profile_requested)
        self.nudge = QLabel()
        self.nudge.setObjectName("notice")
        self.nudge.setWordWrap(True)
        self.nudge.setVisible(False)
        self.summary = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.continue_btn = QPushButton()
        self.continue_btn.clicked.connect(self.continue_requested)
        self.progress_btn = QPushButton()
        self.progress_btn.clicked.connect(self.progress_requested)
        self.logout_btn = QPushButton()
        self.logout_btn.clicked.connect(self.logout_requested)
        self.outline_label = QLabel()
        self.outline_label.setObjectName("subtitle")
        make_heading(self.outline_label, 2)
        self.outline = OutlineTree()
        row = QHBoxLayout()
        row.addWidget(self.continue_btn)
        row.addWidget(self.progress_btn)
        row.addStretch(1)
        row.addWidget(self.profile_btn)
        row.addWidget(self.logout_btn)
        self._buttons = row
        lay = QVBoxLayout(self)
        lay.addWidget(self.hello)
        lay.addWidget(self.code_label)
        lay.addWidget(self.summary)
        lay.addWidget(self.bar)
        lay.addWidget(self.nudge)
        lay.addLayout(row)
        lay.addWidget(self.outline_label)
        lay.addWidget(self.outline, 1)
        self._done = self._total = 0
        self.retranslate()

    def add_button(self, button: QPushButton) -> None:
        """Another domain's entry point (e.g. "My certificate"), after "My progress"."""
        self._buttons.insertWidget(self._buttons.indexOf(self.progress_btn) + 1, button)
        button.show()  # a child added to a page that may already be visible

    def add_panel(self, panel: QWidget) -> None:
        """Another domain's panel (e.g. the calls for projects), above the course outline."""
        lay = self.layout()
        lay.insertWidget(lay.indexOf(self.outline_label), panel)

    def set_learner(self, name: str, code: str | None = None) -> None:
        self.name = name
        if code is not None:
            self.code = code
        self.retranslate()

    def set_code(self, code: str) -> None:
        self.code = code
        self.retranslate()

    @property
    def finished(self) -> bool:
        """Every capsule completed: "Continue" leads to the certificate."""
        return bool(self._total) and self._done >= self._total

    def set_summary(self, done: int, total: int, continue_title: str) -> None:
        self._done, self._total, self._continue_title = done, total, continue_title
        self.retranslate()

    def retranslate(self) -> None:
        self.hello.setText(self.tr("Hello, %1!").replace("%1", self.name))
        self.setWindowTitle(self.tr("Home"))
        self.code_label.setText(self.tr("Your learner code: %1 (with your PIN, it brings your profile to another PC)")
                                .replace("%1", self.code) if self.code else "")
        self.code_label.setVisible(bool(self.code))
        self.profile_btn.setText(self.tr("My p&rofile"))
        self.profile_btn.setToolTip(self.tr("Your learner code, change your name or delete your profile"))
        self.nudge.setVisible(self.finished)
        self.nudge.setText(self.tr("Well done: you completed every capsule! Your certificate is waiting: take the "
                                   "final exam."))
        self.summary.setText(self.tr("%1 of %2 capsules completed")
                             .replace("%1", str(self._done)).replace("%2", str(self._total)))
        self.bar.setValue(int(100 * self._done / self._total) if self._total else 0)
        self.bar.setAccessibleName(self.tr("Course progress"))
        if self.finished:
            self.continue_btn.setText(self.tr("Get my certificate"))
        elif self._continue_title:
            self.continue_btn.setText(self.tr("Continue: %1").replace("%1", self._continue_title))
        else:
            self.continue_btn.setText(self.tr("Start the course"))
        self.progress_btn.setText(self.tr("My progress"))
        self.logout_btn.setText(self.tr("Change profile"))
        self.logout_btn.setToolTip(self.tr("Close your profile so that the next person cannot see your work"))
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
        make_heading(self.title)
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
                         .replace("%3", str(cp.completed)).replace("%4", str(cp.total))
                         .replace("%5", fmt_duration(cp.time_spent_s)))
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
                              self.tr("Started") if st and (st.watched_s > 0 or st.quiz_attempts) else
                              self.tr("Not started"))
                    pct = lambda v: "—" if v is None else f"{round(v * 100)} %"  # noqa: E731
                    it = QTreeWidgetItem([f"{mi}.{ci} {pick(cap['title'], lang, langs)}", status,
                                          pct(st.watched_ratio if st else 0.0), pct(st.quiz_best if st else None),
                                          pct(st.quiz_last if st else None),
                                          fmt_duration(st.time_spent_s) if st and st.time_spent_s > 0 else "—"])
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
        self.setWindowTitle(self.title.text())
        self.tree.setHeaderLabels([self.tr("Capsule"), self.tr("Status"), self.tr("Watched"),
                                   self.tr("Best quiz score"),
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
