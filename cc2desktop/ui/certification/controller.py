"""Certification in the window: Courses › My certificate (and a button on the learner's home) open
the learner's certificate page: the checklist, the exam, the certificate card. Courses › Verify a
certificate opens the page that checks one offline (code, PDF or webcam); Facilitator › Supervised
exam session opens the facilitator's exam sessions (after her sign-in)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStyle, QVBoxLayout, QWidget

from cc2desktop.ui.shell.main_window import MainWindow
from cc2desktop.ui.shell.tasks import TaskRunner


class CertificationController(QObject):
    def __init__(self, cert: Any, runner: TaskRunner, shell: MainWindow, learner: Any, *, fac: Any = None,
                 packs: Any = None) -> None:
        super().__init__(shell)
        self.cert, self.runner, self.shell, self.learner_ctl = cert, runner, shell, learner
        self.fac, self.packs = fac, packs
        self.panel = None
        self.page = None  # the panel plus a way back to the course
        self.button = None  # on the learner's home page
        self.back = None
        self.verify_page = None
        self.sessions_window = None
        self._before_verify = "welcome"
        self.action = shell.add_action("courses", "certificate", lambda: self.tr("My &certificate"), self.open,
                                       "Ctrl+E")
        shell.add_action("courses", "verify_certificate", lambda: self.tr("&Verify a certificate…"), self.open_verify,
                         "Ctrl+Shift+V")
        if fac is not None:
            shell.add_action("facilitator", "exam_sessions", lambda: self.tr("Supervised &exam sessions…"),
                             self.open_exam_sessions)
        runner.changes_applied.connect(self._on_changes)
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
        if self.page is not None:  # the window's title on this page: "My certificate — Connexions Citoyennes"
            self.page.setWindowTitle(text)
        if self.verify_page is not None:
            self.verify_page.setWindowTitle(self.tr("Verify a certificate"))

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
            m = self.page.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
            top.setContentsMargins(m, m, m, 0)  # the button off the window's edge, as on the other pages
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

    # --- verifying a certificate --------------------------------------------------------------------
    def open_verify(self) -> None:
        from cc2desktop.ui.certification.verify import VerifyPage

        if self.verify_page is None:
            self.verify_page = VerifyPage(self.cert, self.runner)
            self.verify_page.back_requested.connect(lambda: self.shell.show_page(self._before_verify))
            self.shell.add_page("verify", self.verify_page)
            self.retranslate()
        if self.shell.current_page() != "verify":
            self._before_verify = self.shell.current_page() or "welcome"
        self.verify_page.set_language(self.shell.lang)
        self.shell.show_page("verify")
        self.verify_page.code.setFocus()

    # --- supervised exam sessions (facilitators) ---------------------------------------------------
    def open_exam_sessions(self) -> None:
        from cc2desktop.ui.certification.proctor import ExamSessionWindow
        from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog

        dlg = FacilitatorLoginDialog(self.fac, self.runner, self.shell)
        if dlg.exec() != FacilitatorLoginDialog.DialogCode.Accepted or dlg.session is None:
            return
        if self.sessions_window is not None:
            self.sessions_window.close()
        self.sessions_window = ExamSessionWindow(self.cert, self.fac, self.packs, self.runner, dlg.session,
                                                 lang=self.shell.lang)
        self.sessions_window.resize(1000, 680)
        self.sessions_window.show()

    def _on_changes(self, ch: Any) -> None:
        import shiboken6

        w = self.sessions_window
        if w is not None and shiboken6.isValid(w) and w.isVisible():
            w.on_changes(ch)
