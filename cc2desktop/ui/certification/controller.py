"""Certification in the window: Courses › My certificate (and a button on the learner's home) open
the learner's certificate page: the checklist, the exam, the certificate card."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cc2desktop.ui.shell.main_window import MainWindow
from cc2desktop.ui.shell.tasks import TaskRunner


class CertificationController(QObject):
    def __init__(self, cert: Any, runner: TaskRunner, shell: MainWindow, learner: Any) -> None:
        super().__init__(shell)
        self.cert, self.runner, self.shell, self.learner_ctl = cert, runner, shell, learner
        self.panel = None
        self.page = None  # the panel plus a way back to the course
        self.button = None  # on the learner's home page
        self.back = None
        self.action = shell.add_action("courses", "certificate", lambda: self.tr("My &certificate"), self.open,
                                       "Ctrl+E")
        self.action.setEnabled(learner.learner is not None)
        learner.logged_in.connect(self._on_logged_in)
        learner.logged_out.connect(self._on_logged_out)
        learner.certificate_requested.connect(self.open)
        shell.language_changed.connect(self._on_language_changed)
        shell.installEventFilter(self)
        if learner.learner is not None:
            self._on_logged_in(learner.learner.learner_id)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if obj is self.shell and e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        text = self.tr("My &certificate").replace("&", "")
        if self.button is not None:
            self.button.setText(text)
        if self.back is not None:
            self.back.setText(self.tr("Back to the course"))
        if self.panel is not None:
            self.panel.setAccessibleName(text)

    def _on_logged_in(self, learner_id: str) -> None:
        self.action.setEnabled(True)
        if self.button is None:
            self.button = QPushButton()
            self.button.clicked.connect(self.open)
            self.learner_ctl.home.add_button(self.button)
            self.retranslate()
        self.learner_ctl.ensure_courses(lambda: self._back_to_open_exam(learner_id))

    def _back_to_open_exam(self, learner_id: str) -> None:
        """A learner who left an exam open (log-out for inactivity, a closed window, a power cut)
        finds it on screen as she left it when she logs in again."""
        ctl, cert = self.learner_ctl, self.cert
        if not ctl.courses:
            return
        course_id = next(iter(ctl.courses))

        def done(is_open: bool) -> None:
            if is_open and ctl.learner is not None and ctl.learner.learner_id == learner_id:
                self.open()

        self.runner.read(lambda job: cert.has_open_attempt(learner_id, course_id), on_done=done,
                         on_error=lambda _e: None)

    def _on_logged_out(self) -> None:
        self.action.setEnabled(False)
        if self.panel is not None:
            self.panel.setParent(None)
            self.panel.deleteLater()
            self.panel = None

    def _on_language_changed(self, lang: str) -> None:
        if self.panel is not None:
            self.panel.set_language(lang)  # the open exam keeps its answers and its place

    def _container(self) -> QWidget:
        if self.page is None:
            self.page = QWidget()
            lay = QVBoxLayout(self.page)
            lay.setContentsMargins(0, 0, 0, 0)
            top = QHBoxLayout()
            self.back = QPushButton()
            self.back.clicked.connect(lambda: self.learner_ctl.learner and self.learner_ctl.show_page("home"))
            top.addWidget(self.back)
            top.addStretch(1)
            lay.addLayout(top)
            self.shell.add_page("certificate", self.page)
            self.retranslate()
        return self.page

    def open(self) -> None:
        from cc2desktop.ui.certification.widgets import CertificationPanel

        ctl = self.learner_ctl
        if ctl.learner is not None and not ctl.courses_loaded:
            ctl.ensure_courses(self.open)
            return
        if ctl.learner is None or not ctl.courses:
            return
        course_id = next(iter(ctl.courses))
        if self.panel is None or self.panel.learner_id != ctl.learner.learner_id:
            if self.panel is not None:
                self.panel.setParent(None)
                self.panel.deleteLater()
            self.panel = CertificationPanel(self.cert, self.runner, ctl.learner.learner_id, course_id, self.shell.lang)
            self._container().layout().addWidget(self.panel, 1)
            self.retranslate()
        self.panel.lang = self.shell.lang
        self.panel.refresh()
        self.shell.show_page("certificate")
