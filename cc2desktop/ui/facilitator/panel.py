"""The facilitator's workspace: groups, sessions (attendance, projector, group quiz), dashboard and
the centre's other PCs (USB bundles). The facilitator controller opens it from the Facilitator menu.
Every widget gets ``kit.facilitation`` and the window's one TaskRunner through its constructor.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from cc2desktop.core.facilitation import centre
from cc2desktop.ui.facilitator.common import Retranslating, fit_to_screen, ui_lang
from cc2desktop.ui.facilitator.dashboard import DashboardWidget
from cc2desktop.ui.facilitator.groups import GroupsWidget
from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog
from cc2desktop.ui.facilitator.sessions import SessionsWidget
from cc2desktop.ui.shell.a11y import closes_on_escape
from cc2desktop.ui.shell.errors import error_text
from cc2desktop.ui.shell.tasks import TaskRunner
from cc2desktop.ui.sync.refused import RefusedEventsWidget


class CentreImportWidget(Retranslating, QWidget):
    """Bring the progress of the centre's other PCs from their USB sync bundles."""

    def __init__(self, fac, fs, runner: TaskRunner, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs = fac, fs
        self.runner = runner
        self.report: centre.ImportReport | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.btn = QPushButton()
        self.btn.clicked.connect(self._on_btn_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._last_files: list[Path] = []
        self.pairing_box = None
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.btn, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.status)
        lay.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("On each learners' PC, write the progress to the USB stick (Sync menu: “Write my "
                                   "progress to the stick”). Then import those files here: this PC then shows the "
                                   "progress of the whole centre. Importing a file twice changes nothing."))
        self.btn.setText(self.tr("Import bundles…"))
        if self.report is not None:
            self._on_done(self.report)

    def _on_btn_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Sync bundles"), "", "cc2desktop (*.cc2sync)")
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, files: list[Path]) -> None:
        fac, fs = self.fac, self.fs
        self._last_files = list(files)
        self.btn.setEnabled(False)
        self.status.setText(self.tr("Importing…"))
        self.runner.write(lambda job: fac.import_bundles(fs, files, job=job), on_done=self._on_done,
                          on_error=self._on_failed)

    def _on_done(self, rep: centre.ImportReport) -> None:
        self.report = rep
        self.btn.setEnabled(True)
        self.status.setText(self.tr("%1 bundle(s): %2 new learner(s), %3 new event(s), %4 already here.")
                            .replace("%1", str(rep.bundles)).replace("%2", str(rep.learners_new))
                            .replace("%3", str(rep.events_new)).replace("%4", str(rep.events_known)))

    def _on_failed(self, exc: BaseException) -> None:
        self.btn.setEnabled(True)
        if getattr(exc, "code", None) == "unknown_pc" and self._last_files:
            self.ask_pairing(Path(str(exc.params["path"])), str(exc.params["pairing_code"]))  # type: ignore[attr-defined]
            return
        self.status.setText(error_text(exc))

    def ask_pairing(self, file: Path, code: str) -> None:
        """A bundle of a PC not paired yet: the facilitator compares the code with the one that PC
        shows (Sync menu → Pairing code of this PC), then pairs it and the import goes on."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Question, self.tr("Pair this PC?"),
                          self.tr("The file %1 comes from a PC not yet paired with this one.\n\n"
                                  "Its pairing code is: %2\n\nOn that PC, open Sync → Pairing code of this PC. "
                                  "Pair it only if both codes are the same.")
                          .replace("%1", file.name).replace("%2", code), parent=self)
        pair = box.addButton(self.tr("The codes match: pair"), QMessageBox.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.RejectRole)
        self.pairing_box = box
        box.finished.connect(lambda _r: self._paired_answer(box.clickedButton() is pair, file, code))
        box.open()

    def _paired_answer(self, ok: bool, file: Path, code: str) -> None:
        self.pairing_box = None
        if not ok:
            self.status.setText(self.tr("Import cancelled: %1 comes from a PC that is not paired.")
                                .replace("%1", file.name))
            return
        fac, fs, files = self.fac, self.fs, list(self._last_files)
        self.runner.write(lambda job: fac.pair(fs, file, code), on_done=lambda _dev: self.import_files(files),
                          on_error=lambda exc: self.status.setText(error_text(exc)))


class FacilitatorPanel(Retranslating, QWidget):
    """``fac``: kit.facilitation, ``fs``: the signed-in facilitator, ``sync``: kit.sync (the tab of
    refused activities)."""

    def __init__(self, fac, fs, runner: TaskRunner, sync, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.fac, self.fs = fac, fs
        self.runner = runner
        self.sessions = SessionsWidget(fac, fs, runner)
        self.groups = GroupsWidget(fac, fs, runner)
        self.dashboard = DashboardWidget(fac, fs, runner)
        self.centre = CentreImportWidget(fac, fs, runner)
        self.refused = RefusedEventsWidget(sync, runner)
        self.tabs = QTabWidget()
        for w in (self.sessions, self.groups, self.dashboard, self.centre, self.refused):
            self.tabs.addTab(w, "")
        self.who = QLabel()
        self.accounts_btn = QPushButton()
        self.accounts_btn.clicked.connect(self.open_accounts)
        self.close_btn = QPushButton()
        self.close_btn.clicked.connect(self.close)
        head = QHBoxLayout()
        head.addWidget(self.who, 1)
        head.addWidget(self.accounts_btn)
        head.addWidget(self.close_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence.StandardKey.Close):
            QShortcut(keys, self, activated=self.close)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.retranslate()
        self.sessions.projector_requested.connect(self.open_projector)
        self.sessions.group_quiz_requested.connect(self.open_group_quiz)
        self._windows: list[QWidget] = []
        self.group_quiz = None  # the last group quiz window opened

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Facilitator space — %1").replace("%1", self.fs.name))
        for w, text in ((self.sessions, self.tr("Sessions")), (self.groups, self.tr("Groups")),
                        (self.dashboard, self.tr("Dashboard")), (self.centre, self.tr("Other PCs")),
                        (self.refused, self.tr("Refused activities"))):
            self.tabs.setTabText(self.tabs.indexOf(w), text)
        self.who.setText(self.tr("Signed in: %1").replace("%1", self.fs.name))
        self.accounts_btn.setText(self.tr("Accounts…"))
        self.accounts_btn.setToolTip(self.tr("Change your password, add or remove a facilitator"))
        self.close_btn.setText(self.tr("Close (Esc)"))

    def open_accounts(self):  # noqa: ANN201 - AccountsDialog
        from cc2desktop.ui.facilitator.accounts import AccountsDialog

        self.accounts = AccountsDialog(self.fac, self.fs, self.runner, self)
        self.accounts.open()
        return self.accounts

    # the tabs, as a QTabWidget offers them
    def setCurrentWidget(self, w: QWidget) -> None:  # noqa: N802
        self.tabs.setCurrentWidget(w)

    def currentWidget(self) -> QWidget:  # noqa: N802
        return self.tabs.currentWidget()

    def setCurrentIndex(self, i: int) -> None:  # noqa: N802
        self.tabs.setCurrentIndex(i)

    def count(self) -> int:
        return self.tabs.count()

    def tabText(self, i: int) -> str:  # noqa: N802
        return self.tabs.tabText(i)

    def _on_tab_changed(self, i: int) -> None:
        w = self.tabs.widget(i)
        if w is self.dashboard and self.dashboard.data is None:
            self.dashboard.refresh()
        elif w is self.sessions:
            self.sessions.refresh()

    def on_changes(self, ch) -> None:  # noqa: ANN001 - Changes
        """Keep the open tabs current when something changed elsewhere (a sync, the learner space)."""
        if ch.groups or ch.learners:
            self.groups.refresh()
        if ch.sessions or ch.groups:
            self.sessions.refresh()
        if (ch.progress or ch.learners) and self.dashboard.data is not None and self.currentWidget() is self.dashboard:
            self.dashboard.refresh()

    def _choose_capsule(self, session_id: str, need_quiz: bool, then) -> None:  # noqa: ANN001
        """(course, capsule) among the session's capsules (asks when several), then ``then(pair)``."""
        fac, fs = self.fac, self.fs

        def chosen(found: list) -> None:
            if not found:
                self.sessions.status.setText(self.tr("No capsule of this session is installed on this PC."))
                return
            if len(found) == 1:
                then(found[0])
                return
            from cc2desktop.core.learning.texts import pick

            labels = [pick(ca.title, ui_lang()) or ca.id for _co, ca in found]
            label, ok = QInputDialog.getItem(self, self.tr("Capsule"), self.tr("Which capsule?"), labels, 0, False)
            if ok:
                then(found[labels.index(label)])

        self.runner.read(lambda job: fac.session_capsules(fs, session_id, need_quiz=need_quiz), on_done=chosen,
                         on_error=lambda e: self.sessions.status.setText(error_text(e)), owner=self)

    def open_projector(self, session_id: str) -> None:
        def load(pair):  # noqa: ANN001, ANN202 - worker: read the subtitles
            from cc2desktop.core.learning import subtitles

            course, cap = pair
            lang = course.content_language(ui_lang())
            sub = cap.subtitles.get(lang)
            try:
                cues = subtitles.load(sub) if sub else []
            except (OSError, ValueError):
                cues = []
            return course, cap, lang, cues

        def show(result) -> None:  # noqa: ANN001
            from cc2desktop.core.learning.texts import pick
            from cc2desktop.ui.facilitator.projector import ProjectorWindow

            course, cap, lang, cues = result
            video = cap.videos.get("standard") or next(iter(cap.videos.values()), None)
            w = ProjectorWindow(video, cues, title=pick(cap.title, lang))
            self._windows.append(w)
            w.show_on_projector()

        self._choose_capsule(session_id, False, lambda pair: self.runner.read(lambda job: load(pair), on_done=show,
                                                                              owner=self))

    def open_group_quiz(self, session_id: str) -> None:
        def load(pair):  # noqa: ANN001, ANN202 - worker: read the quiz (inline in a pack, or its file)
            course, cap = pair
            return course, cap, cap.load_quiz()

        def show(result) -> None:  # noqa: ANN001
            from cc2desktop.core.learning.texts import pick
            from cc2desktop.ui.facilitator.group_quiz import GroupQuizWidget

            course, cap, quiz = result
            lang = course.content_language(ui_lang())
            w = GroupQuizWidget(self.fac, self.fs, session_id, quiz, self.runner, course_id=course.id,
                                capsule_id=cap.id, lang=lang, title=pick(cap.title, lang))
            w.setWindowTitle(self.tr("Group quiz"))
            fit_to_screen(w, 1100, 650)
            closes_on_escape(w)
            self._windows.append(w)
            self.group_quiz = w
            w.show()

        self._choose_capsule(session_id, True, lambda pair: self.runner.read(
            lambda job: load(pair), on_done=show, on_error=lambda e: self.sessions.status.setText(error_text(e)),
            owner=self))

    def closeEvent(self, e) -> None:  # noqa: N802, ANN001
        for w in self._windows:
            w.close()
        self.dashboard.stop()
        super().closeEvent(e)


def open_facilitator(fac, sync, runner: TaskRunner, parent: QWidget | None = None, *,  # noqa: ANN001
                     tab: str | None = None) -> FacilitatorPanel | None:
    """Ask for the facilitator's password, then open the workspace (None if cancelled), on the
    tab named ``tab`` (an attribute: ``"refused"``, ``"sessions"``…) when given."""
    dlg = FacilitatorLoginDialog(fac, runner, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.session is None:
        return None
    panel = FacilitatorPanel(fac, dlg.session, runner, sync)
    fit_to_screen(panel, 1240, 800)
    if tab and isinstance(getattr(panel, tab, None), QWidget):
        panel.setCurrentWidget(getattr(panel, tab))
    panel.show()
    return panel


__all__ = ["FacilitatorPanel", "CentreImportWidget", "open_facilitator"]
