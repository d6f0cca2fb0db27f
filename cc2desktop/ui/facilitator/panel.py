"""The facilitator's workspace: groups, sessions (attendance, projector, group quiz), dashboard and
the centre's other PCs (USB bundles). The lead wires :func:`open_facilitator` to the Facilitator menu.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QFileDialog, QInputDialog, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from cc2desktop.core.facilitation import centre
from cc2desktop.core.facilitation import service
from cc2desktop.core.sync.service import SyncService
from cc2desktop.ui.facilitator.dashboard import DashboardWidget, ui_lang
from cc2desktop.ui.facilitator.groups import GroupsWidget
from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog, error_text
from cc2desktop.ui.facilitator.sessions import SessionsWidget
from cc2desktop.ui.shell.tasks import TaskRunner
from cc2desktop.ui.sync.refused import RefusedEventsWidget


class CentreImportWidget(QWidget):
    """Bring the progress of the centre's other PCs from their USB sync bundles."""

    def __init__(self, kit, fs, parent: QWidget | None = None,
                 runner: TaskRunner | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.kit, self.fs = kit, fs
        self.runner = runner or TaskRunner(self)
        intro = QLabel(self.tr("On each learners' PC, write the progress to the USB stick (sync panel: "
                               "“Write my progress to the stick”, or `cc2desktop sync export DIR`). Then import "
                               "those files here: this PC then shows the progress of the whole centre. "
                               "Importing a file twice changes nothing."))
        intro.setWordWrap(True)
        self.btn = QPushButton(self.tr("Import bundles…"))
        self.btn.clicked.connect(self._on_btn_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.btn)
        lay.addWidget(self.status)
        lay.addStretch(1)

    def _on_btn_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Sync bundles"), "", "cc2desktop (*.cc2sync)")
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, files: list[Path]) -> None:
        kit, fs = self.kit, self.fs
        self.btn.setEnabled(False)
        self.status.setText(self.tr("Importing…"))
        self.runner.run(lambda job: centre.import_bundles(kit, fs, files, job=job), on_done=self._on_done,
                        on_error=self._on_failed, write=True)

    def _on_done(self, rep: centre.ImportReport) -> None:
        self.btn.setEnabled(True)
        self.status.setText(self.tr("%1 bundle(s): %2 new learner(s), %3 new event(s), %4 already here.")
                            .replace("%1", str(rep.bundles)).replace("%2", str(rep.learners_new))
                            .replace("%3", str(rep.events_new)).replace("%4", str(rep.events_known)))

    def _on_failed(self, exc: BaseException) -> None:
        self.btn.setEnabled(True)
        self.status.setText(error_text(exc) + "\n" + getattr(exc, "message", ""))


class FacilitatorPanel(QTabWidget):
    def __init__(self, kit, fs, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.kit, self.fs = kit, fs
        self.runner = TaskRunner(self)
        self.setWindowTitle(self.tr("Facilitator — %1").replace("%1", fs.name))
        self.sessions = SessionsWidget(kit, fs, runner=self.runner)
        self.groups = GroupsWidget(kit, fs, runner=self.runner)
        self.dashboard = DashboardWidget(kit, fs, runner=self.runner)
        self.centre = CentreImportWidget(kit, fs, runner=self.runner)
        self.refused = RefusedEventsWidget(SyncService(kit), runner=self.runner)
        self.addTab(self.sessions, self.tr("Sessions"))
        self.addTab(self.groups, self.tr("Groups"))
        self.addTab(self.dashboard, self.tr("Dashboard"))
        self.addTab(self.centre, self.tr("Other PCs"))
        self.addTab(self.refused, self.tr("Refused activities"))
        self.currentChanged.connect(self._on_tab_changed)
        self.sessions.projector_requested.connect(self.open_projector)
        self.sessions.group_quiz_requested.connect(self.open_group_quiz)
        self._windows: list[QWidget] = []
        self.group_quiz = None  # the last group quiz window opened

    def _on_tab_changed(self, i: int) -> None:
        w = self.widget(i)
        if w is self.dashboard and self.dashboard.data is None:
            self.dashboard.refresh()
        elif w is self.sessions:
            self.sessions.refresh()

    def _with_capsule(self, session_id: str, need_quiz: bool, then) -> None:  # noqa: ANN001
        """Find the session's installed capsules off the GUI thread, let the facilitator pick one
        when there are several, then call ``then(course, capsule)``."""
        info = next((s for s in self.sessions.sessions if s.id == session_id), None)
        wanted = list(info.capsules) if info is not None else []
        kit = self.kit

        def work(_job):  # noqa: ANN001, ANN202
            from cc2desktop.core.learning.catalog import load_courses

            return service.session_capsules(load_courses(kit), wanted, need_quiz=need_quiz)

        self.runner.run(work, on_done=lambda found: self._on_capsules_found(found, then),
                        on_error=lambda exc: self.sessions.status.setText(error_text(exc)))

    def _on_capsules_found(self, found: list, then) -> None:  # noqa: ANN001
        from cc2desktop.core.learning.catalog import pick

        if not found:
            self.sessions.status.setText(self.tr("No capsule of this session is installed on this PC."))
            return
        if len(found) > 1:
            labels = [pick(ca.title, ui_lang()) or ca.id for _co, ca in found]
            label, ok = QInputDialog.getItem(self, self.tr("Capsule"), self.tr("Which capsule?"), labels, 0, False)
            if not ok:
                return
            found = [found[labels.index(label)]]
        then(*found[0])

    def open_projector(self, session_id: str) -> None:
        self._with_capsule(session_id, False, self._open_projector)

    def _open_projector(self, course, cap) -> None:  # noqa: ANN001
        from cc2desktop.core.learning import subtitles
        from cc2desktop.core.learning.catalog import pick
        from cc2desktop.ui.facilitator.projector import ProjectorWindow

        lang = course.content_language(ui_lang())
        sub = cap.subtitles.get(lang)
        try:
            cues = subtitles.load(sub) if sub else []
        except (OSError, ValueError):
            cues = []
        video = cap.videos.get("standard") or next(iter(cap.videos.values()), None)
        w = ProjectorWindow(video, cues, title=pick(cap.title, lang))
        self._windows.append(w)
        w.show_on_projector()

    def open_group_quiz(self, session_id: str) -> None:
        self._with_capsule(session_id, True, lambda course, cap: self._open_group_quiz(session_id, course, cap))

    def _open_group_quiz(self, session_id: str, course, cap) -> None:  # noqa: ANN001
        from cc2desktop.core.learning.catalog import pick
        from cc2desktop.ui.facilitator.group_quiz import GroupQuizWidget

        lang = course.content_language(ui_lang())
        try:
            quiz = cap.load_quiz()
        except Exception as exc:  # noqa: BLE001 - an unreadable quiz file: said in words, nothing opens
            self.sessions.status.setText(error_text(exc))
            return
        w = GroupQuizWidget(self.kit, self.fs, session_id, quiz, course_id=course.id, capsule_id=cap.id, lang=lang,
                            title=pick(cap.title, lang), runner=self.runner)
        w.setWindowTitle(self.tr("Group quiz"))
        w.resize(1100, 650)
        self._windows.append(w)
        self.group_quiz = w
        w.show()


def open_facilitator(kit, parent: QWidget | None = None, *, tab: str | None = None) -> FacilitatorPanel | None:  # noqa: ANN001
    """Ask for the facilitator's password, then open the workspace (None if cancelled), on the
    tab named ``tab`` (an attribute: ``"refused"``, ``"sessions"``…) when given."""
    dlg = FacilitatorLoginDialog(kit, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.session is None:
        return None
    panel = FacilitatorPanel(kit, dlg.session)
    panel.resize(1200, 800)
    if tab and isinstance(getattr(panel, tab, None), QWidget):
        panel.setCurrentWidget(getattr(panel, tab))
    panel.show()
    return panel


__all__ = ["FacilitatorPanel", "CentreImportWidget", "open_facilitator", "service"]
