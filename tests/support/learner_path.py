"""The learner's whole path through the real application, clicked as a learner clicks it, each step
photographed and checked by a :class:`screens.ScreenWalker` (run on a real X display by
tests/test_learner_path_screens.py):

    profile with PIN → home → capsule (the video plays) → practice quiz (question, feedback, score)
    → the rest of the course (as ``demo simulate`` writes it) → certificate page → "start now?" →
    every drawn exam question → "hand in?" → pending → sync with a real ``cc2desktop serve`` →
    not passed, with the review of the wrong questions → a second attempt, right → certified.

    path = LearnerPath(qtbot, data_paths, (serve.url, serve.db), shots, font_scale=130)
    try:
        path.run()
    finally:
        path.close()
    path.walker.assert_fits()
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from tests.support.screens import ScreenWalker
from tests.support.walk_learner import (ALLOW, COURSE, DEMO_PACKS, LEARNER, PIN, answer_something, exam_answers_right,
                                        idle, open_app, set_exam_answer)


def start_serve(root: Path) -> Any:
    """``cc2desktop serve`` in its own process, publishing the demo course (its exam key beside it)."""
    from tests.admin.conftest import Serve

    pack = DEMO_PACKS / f"{COURSE}.cc2pack"
    for sub in ("courses", "packs"):
        (root / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy(pack, root / sub)
    shutil.copy(pack.with_name(pack.name + ".exam-key.json"), root / "courses")
    return Serve(root)


class LearnerPath:
    def __init__(self, qtbot: Any, data_paths: Any, server: tuple[str, Path], shots: Path,
                 font_scale: int = 100) -> None:
        """``server``: the address and the database of a running ``serve`` (:func:`start_serve`)."""
        self.qtbot, self.data_paths, self.server = qtbot, data_paths, server
        self.font_scale = font_scale
        self.walker = ScreenWalker(qtbot, "fr", shots=shots)
        self.walker.allow |= ALLOW
        self.app: Any = None

    # ------------------------------------------------------------------------------ helpers
    def click(self, button: QAbstractButton) -> None:
        self.qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=10_000)
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2,
                                                                              button.height() // 2))

    def shot(self, page: str, root: Any = None) -> None:
        idle(self.qtbot, self.app)
        self.walker.check(page, root if root is not None else self.app.window)

    def panel_state(self, state: str, timeout: int = 30_000) -> Any:
        panel = self.app.certification.panel
        self.qtbot.waitUntil(lambda: panel is not None and panel.elig is not None and panel.elig["state"] == state,
                             timeout=timeout)
        return panel

    # ------------------------------------------------------------------------------ the path
    def run(self) -> None:
        from tests.admin.conftest import cc

        self.look_as_run_gui()
        self.app = open_app(self.qtbot, self.data_paths, "fr", font_scale=self.font_scale, maximized=True)
        url, db = self.server
        code = cc("server", "enrolment-code", "--db", db).stdout.strip()
        self.app.kit.sync.enrol(url, code, "cybercafé")
        self.app.sync.widget.refresh()  # (enrolled behind its back: as the enrol dialog ends)
        self.profile()
        self.capsule_and_quiz()
        self.complete_the_rest()
        panel = self.certificate()
        self.exam(panel, answers=None)  # first attempt: answered anyhow
        self.decision("not_passed")
        review = panel.card.review
        assert review.isVisible() and "Questions à revoir" in review.text() and "✘" in review.text()
        self.exam(panel, answers=exam_answers_right(), shots=False)
        self.decision("certified")
        assert "Toutes vos réponses étaient justes." in panel.card.review.text()

    def look_as_run_gui(self) -> None:
        """The app's fonts and theme, as ``run_gui`` applies them at start (this process is the app's)."""
        from PySide6.QtWidgets import QApplication

        from cc2desktop.ui.shell import theme
        from cc2desktop.ui.shell.fonts import load_app_fonts

        theme.apply(QApplication.instance(), self.font_scale, False, load_app_fonts())

    def profile(self) -> None:
        w, qtbot = self.app.learner, self.qtbot
        self.shot("welcome")
        self.click(w.welcome.tiles.new_tile)
        qtbot.waitUntil(lambda: w.create_dialog is not None and w.create_dialog.isVisible(), timeout=5_000)
        dlg = w.create_dialog
        dlg.name.setText(LEARNER)  # (QTest types ASCII only)
        qtbot.keyClicks(dlg.pin, PIN)
        qtbot.keyClicks(dlg.pin2, PIN)
        self.shot("new profile", dlg)
        with qtbot.waitSignal(w.logged_in, timeout=20_000):
            qtbot.keyClick(dlg.name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: w.current_page() == "home", timeout=10_000)
        self.shot("home")

    def capsule_and_quiz(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        w, qtbot = self.app.learner, self.qtbot
        self.click(w.home.continue_btn)  # "Start the course": its first capsule
        qtbot.waitUntil(lambda: w.current_page() == "capsule", timeout=10_000)
        page = w.capsule_page
        qtbot.waitUntil(lambda: page.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
                        and page.player.position() > 800, timeout=15_000)
        self.shot("capsule (video playing)")
        self.click(page.quiz_btn)
        qtbot.waitUntil(lambda: w.current_page() == "quiz", timeout=10_000)
        quiz = w.quiz_page
        n = len(quiz.quiz.questions)
        for i in range(n):
            qtbot.waitUntil(lambda i=i: quiz.index == i and quiz.check_btn.isVisible(), timeout=10_000)
            self.shot(f"quiz question {i + 1}")
            answer_something(qtbot, quiz.qwidget)
            self.click(quiz.check_btn)
            qtbot.waitUntil(lambda: quiz.next_btn.isVisible(), timeout=10_000)
            self.shot(f"quiz feedback {i + 1}")
            self.click(quiz.next_btn)
        qtbot.waitUntil(lambda: quiz.retry_btn.isVisible(), timeout=10_000)
        self.shot("quiz score")

    def complete_the_rest(self) -> None:
        """The other capsules and quizzes, as ``demo simulate`` writes them (walked above: the first)."""
        from cc2desktop.core.certification.simulate import complete_course
        from cc2desktop.core.packs.service import get_manifest

        kit, w = self.app.kit, self.app.learner
        with kit.session() as s:
            complete_course(s, w.learner.learner_id, get_manifest(kit, COURSE))
        w.refresh_progress()
        idle(self.qtbot, self.app)
        w.show_page("home")
        self.qtbot.waitUntil(lambda: w.home.finished and w.home.continue_btn.text() == "Obtenir mon certificat",
                             timeout=10_000)
        self.shot("home (course done)")

    def certificate(self) -> Any:
        w, qtbot = self.app.learner, self.qtbot
        self.click(w.home.continue_btn)  # the nudge: "Get my certificate"
        qtbot.waitUntil(lambda: w.current_page() == "certificate", timeout=10_000)
        cert = self.app.certification
        qtbot.waitUntil(lambda: cert.panel is not None and cert.panel.elig is not None, timeout=20_000)
        panel = cert.panel
        qtbot.waitUntil(panel.checklist.start.isEnabled, timeout=10_000)
        self.shot("certificate (eligible)")
        return panel

    def exam(self, panel: Any, answers: dict | None, shots: bool = True) -> None:
        qtbot = self.qtbot
        self.click(panel.checklist.start)
        qtbot.waitUntil(lambda: panel.confirm_dialog is not None and panel.confirm_dialog.isVisible(), timeout=10_000)
        box = panel.confirm_dialog
        if shots:
            self.shot("exam: start now?", box)
        self.click(box.button(QMessageBox.StandardButton.Yes))
        qtbot.waitUntil(panel.in_exam, timeout=20_000)
        exam = panel.exam
        n = len(exam._questions)
        assert n == 10
        for i in range(n):
            qtbot.waitUntil(lambda i=i: exam.stack.currentIndex() == i, timeout=5_000)
            qw = exam._widgets[i]
            if answers is None:
                answer_something(qtbot, qw)
            else:
                set_exam_answer(qtbot, qw, answers[exam._questions[i]["id"]])
            if shots:
                self.shot(f"exam question {i + 1}")
            if i < n - 1:
                self.click(exam.next)
        qtbot.waitUntil(lambda: exam.pending_saves() == 0, timeout=10_000)
        self.dialog("exam: hand in?" if shots else "", lambda: self.click(exam.finish),
                    lambda d: d.button(QMessageBox.StandardButton.Yes).click())
        self.panel_state("pending")
        if shots:
            self.shot("certificate (pending)")

    def dialog(self, page: str, trigger: Callable[[], object], close: Callable[[Any], object]) -> None:
        """A modal question (``exec``, a box Qt makes and deletes itself): photographed (when ``page``)
        while it is open, then answered by ``close``; never touched once answered (it is gone then)."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        answered: list[bool] = []

        def answer() -> None:
            box = next((b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()),
                       None)
            if box is None:
                QTimer.singleShot(20, answer)
                return
            if page:
                self.walker.check(page, box)
            answered.append(True)
            close(box)

        QTimer.singleShot(0, answer)
        trigger()
        assert answered, "the question was not asked"

    def decision(self, state: str) -> None:
        self.click(self.app.sync.widget.sync_button)  # the server grades the sheet; its decision comes back
        self.panel_state(state)
        self.shot(f"certificate ({state.replace('_', ' ')})")

    def close(self) -> None:
        if self.app is not None:
            if self.app.sync is not None:
                self.app.sync.widget.cancel()
            self.app.window.close()
            self.qtbot.wait(50)
