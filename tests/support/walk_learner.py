"""The walk of the app's pages for :mod:`page_walk`: the real application (composition root, the
installed demo course, a real server when given), driven as a learner drives it, every page and
dialog read as it is at that moment. :class:`Tour` keeps one app open across walks, so a test can
walk, switch the language at runtime, move the learner on (exam, decision) and walk again.

    tour = Tour(qtbot, data_paths, lang="fr", server=cert_server)
    tour.start(); tour.walk(Walker(qtbot, "fr")); tour.switch_language("en"); ...; tour.close()

The facilitator's pages are walked by :func:`walk_facilitator.walk` (called from :meth:`Tour.walk`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from cc2desktop.core.paths import assets_dir
from tests.support import walk_facilitator
from tests.support.page_walk import Walker

DEMO_PACKS = assets_dir() / "packs"
COURSE = "demo-intro-civictech"
LEARNER, PIN = "Aïssatou Diallo", "2468"
#: proper nouns and the course's own words that are the same in both languages
ALLOW = {LEARNER, "Connexions Citoyennes", "Français", "English", "Côte d’Ivoire", "Côte d'Ivoire", "Tests",
         "Non-profit",
         *walk_facilitator.ALLOW}


def open_app(qtbot: Any, data_paths: Any, lang: str, *, bundled: Path | None = DEMO_PACKS,
             course_dirs: tuple = (), font_scale: int = 100, maximized: bool = False) -> Any:
    """The application as the composition root builds it, the Kit open (the demo course installed);
    ``maximized``: as it starts on a small screen (else 1366×768 offscreen)."""
    from cc2desktop.app import App
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n

    i18n.set_language(lang)
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", lang)
    settings.set("sync.auto", False)
    settings.set("ui.font_scale", font_scale)
    if font_scale != 100:  # as run_gui applies it (the whole application: its own process)
        from cc2desktop.ui.shell import theme

        theme.apply(QApplication.instance(), font_scale, False)
    app = App(data_paths, settings, bundled_packs=bundled, course_dirs=list(course_dirs))
    qtbot.addWidget(app.window)
    if maximized:
        app.window.showMaximized()
    else:
        app.window.resize(1366, 768)
        app.window.show()
    with qtbot.waitSignal(app.core_ready, timeout=60_000):
        app.open_core()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=20_000)
    return app


def idle(qtbot: Any, app: Any, ms: int = 20_000) -> None:
    """Every task of the runner done (and what it triggered painted)."""
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=ms)
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=ms)


def answer_something(qtbot: Any, qw: Any) -> None:
    """Give some answer to a question widget (a practice quiz or the exam), as a learner would."""
    kind = qw.kind
    if kind in ("single", "true_false", "multiple"):
        b = qw.inputs[-1]
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton, pos=QPoint(8, b.height() // 2))
    elif kind in ("numeric", "text"):
        qw.edit.setFocus()
        qtbot.keyClicks(qw.edit, "12" if kind == "numeric" else "peut-etre")  # (QTest types ASCII only)
    elif kind == "ordering":
        qw.list.setCurrentRow(1)
        qtbot.mouseClick(qw.up, Qt.MouseButton.LeftButton)
    elif kind == "matching":
        for cb in qw.combos.values():
            cb.setFocus()
            qtbot.keyClick(cb, Qt.Key.Key_Down)
    elif kind == "gaps":
        for _kind, w, boxes in qw.gap_inputs.values():
            if boxes:
                boxes[0].setChecked(True)
            elif hasattr(w, "setText"):
                w.setText("1")
            else:
                w.setCurrentIndex(1)
        qw.changed.emit()


def set_exam_answer(qtbot: Any, w: Any, value: Any) -> None:
    """Give this answer to a question widget as a learner would: clicks, typing, the ordering
    buttons, the keyboard for the matching lists."""
    kind = w.kind
    qtbot.waitUntil(lambda: w.isVisible() and w.height() > 10, timeout=5000)

    def click(b: Any) -> None:  # on the box, not the middle of a row as wide as the page
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton, pos=QPoint(8, b.height() // 2))

    if kind in ("single", "true_false"):
        click(next(b for b in w.inputs if b.property("choice") == value))
    elif kind == "multiple":
        for cb in w.inputs:
            if (cb.property("choice") in value) != cb.isChecked():
                click(cb)
    elif kind in ("text", "numeric"):
        w.edit.setFocus()
        w.edit.clear()
        qtbot.keyClicks(w.edit, str(value))
    elif kind == "ordering":
        if w.response() == list(value):  # drawn already in order: moved away and back, as a learner confirms it
            w.list.setCurrentRow(0)
            qtbot.mouseClick(w.down, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(w.up, Qt.MouseButton.LeftButton)
        for target, item in enumerate(value):
            row = next(i for i in range(w.list.count()) if w.list.item(i).data(Qt.ItemDataRole.UserRole) == item)
            w.list.setCurrentRow(row)
            for _ in range(row - target):
                qtbot.mouseClick(w.up, Qt.MouseButton.LeftButton)
    elif kind == "matching":
        for left, right in value.items():
            cb = w.combos[left]
            cb.setFocus()
            while cb.currentData() != right:
                qtbot.keyClick(cb, Qt.Key.Key_Down)


class Tour:
    """One application, walked page by page in the state it is in."""

    def __init__(self, qtbot: Any, data_paths: Any, *, lang: str = "fr", server: Any = None, font_scale: int = 100,
                 maximized: bool = False) -> None:
        self.qtbot, self.data_paths, self.lang, self.server = qtbot, data_paths, lang, server
        self.font_scale, self.maximized = font_scale, maximized
        self.app: Any = None
        self.learner_id: str | None = None

    # ------------------------------------------------------------------------------ set-up
    def start(self) -> "Tour":
        self.app = open_app(self.qtbot, self.data_paths, self.lang, font_scale=self.font_scale,
                            maximized=self.maximized)
        kit = self.app.kit
        if self.server is not None:
            kit.sync.enrol(self.server.url, self.server.hub.new_enrolment_code(), "cybercafé")
        walk_facilitator.prepare(kit)
        w = self.learner
        w.create_profile()
        self.qtbot.waitUntil(lambda: w.create_dialog is not None and w.create_dialog.isVisible(), timeout=5_000)
        dlg = w.create_dialog
        dlg.name.setText(LEARNER)
        dlg.pin.setText(PIN)
        dlg.pin2.setText(PIN)
        with self.qtbot.waitSignal(w.logged_in, timeout=20_000):
            self.qtbot.keyClick(dlg.name, Qt.Key.Key_Return)
        self.learner_id = w.learner.learner_id
        idle(self.qtbot, self.app)
        return self

    def close(self) -> None:
        if self.app is not None:
            if self.app.sync is not None:
                self.app.sync.widget.cancel()
            self.app.window.close()
            self.qtbot.wait(50)
            self.app = None

    @property
    def learner(self) -> Any:
        return self.app.learner

    @property
    def window(self) -> Any:
        return self.app.window

    def switch_language(self, lang: str) -> None:
        """At runtime, as the settings dialog does it."""
        win = self.window
        win.apply_settings({**win.current_settings(), "ui.language": lang})
        self.lang = lang
        idle(self.qtbot, self.app)

    def log_in(self) -> None:
        w = self.learner
        if w.learner is not None:
            return
        w.choose_learner(self.learner_id)
        self.qtbot.waitUntil(lambda: w.pin_dialog is not None and w.pin_dialog.isVisible(), timeout=5_000)
        with self.qtbot.waitSignal(w.logged_in, timeout=20_000):
            self.qtbot.keyClicks(w.pin_dialog.pin, PIN)
            self.qtbot.keyClick(w.pin_dialog.pin, Qt.Key.Key_Return)
        idle(self.qtbot, self.app)

    def complete_course(self) -> None:
        """The course done, as ``demo simulate`` writes it (every capsule watched, every quiz passed)."""
        from cc2desktop.core.certification.simulate import complete_course
        from cc2desktop.core.packs.service import get_manifest

        kit = self.app.kit
        with kit.session() as s:
            complete_course(s, self.learner_id, get_manifest(kit, COURSE))
        self.learner.refresh_progress()
        idle(self.qtbot, self.app)

    def certification_panel(self) -> Any:
        cert = self.app.certification
        cert.open()
        self.qtbot.waitUntil(lambda: cert.panel is not None and cert.panel.elig is not None, timeout=20_000)
        idle(self.qtbot, self.app)
        return cert.panel

    def start_exam(self) -> Any:
        """The final exam opened from the certificate page (the learner confirms)."""
        panel = self.certification_panel()
        if not panel.in_exam():
            panel.checklist.start.click()
            # the confirmation before an attempt starts
            self.qtbot.waitUntil(lambda: panel.confirm_dialog is not None, timeout=10_000)
            box = panel.confirm_dialog
            box.button(QMessageBox.StandardButton.Yes).click()
            self.qtbot.waitUntil(panel.in_exam, timeout=20_000)
        idle(self.qtbot, self.app)
        return panel

    # ------------------------------------------------------------------------------ the walk
    def walk(self, walker: Walker, *, facilitator: bool = True, courses_and_sync: bool = True) -> None:
        """Every page and dialog, as they are now (``facilitator``: her space too); the learner
        logged in at the end."""
        walker.allow |= ALLOW
        self.walk_welcome(walker)
        self.log_in()
        self.walk_learner_pages(walker)
        self.walk_certificate(walker)
        self.walk_shell(walker)
        if courses_and_sync:
            self.walk_courses_and_sync(walker)
        if facilitator:
            walk_facilitator.walk(walker, self)
        self.learner.show_page("home")
        idle(self.qtbot, self.app)

    def walk_open_pages(self, walker: Walker) -> None:
        """Every page already built, shown as it is (nothing rebuilt, nothing read again): after a
        language switch, what did not follow it."""
        walker.allow |= ALLOW
        win = self.window
        for name in list(win._pages):
            win.stack.setCurrentWidget(win.page(name))
            self.qtbot.wait(10)
            walker.check(f"{name}, as left before the switch", win)
        self.learner.show_page("home" if self.learner.learner is not None else "welcome")

    def walk_welcome(self, walker: Walker) -> None:
        w, qtbot = self.learner, self.qtbot
        w.logout()
        idle(qtbot, self.app)
        walker.check("welcome", self.window)
        walker.dialog("new profile", w.create_profile,
                      steps=[lambda d: d._check()])  # an empty name: the error line shows
        walker.dialog("PIN", lambda: w.choose_learner(self.learner_id),
                      steps=[lambda d: d.show_error(2), lambda d: d.show_locked(30), lambda d: d.show_forgot()])
        walker.dialog("I already have an account", w.open_claim,
                      steps=[lambda d: d._online(), lambda d: d.set_enrolled(False)])
        from cc2desktop.ui.learner.profile_dialogs import FirstPinDialog

        walker.dialog("choose your PIN", lambda: FirstPinDialog(LEARNER, self.window).open(),
                      steps=[lambda d: d._submit()])

    def walk_learner_pages(self, walker: Walker) -> None:
        w, qtbot = self.learner, self.qtbot
        w.show_page("home")
        idle(qtbot, self.app)
        walker.check("home", self.window)
        walker.dialog("my profile", w.open_my_profile, steps=[lambda d: d._delete()])
        w.show_page("progress")
        idle(qtbot, self.app)
        walker.check("progress", self.window)
        w.show_credits()
        idle(qtbot, self.app)
        walker.check("about the course", self.window)
        w.ensure_courses()
        qtbot.waitUntil(lambda: w.courses_loaded, timeout=10_000)
        course = w.courses[COURSE]
        first = course.capsules[0]
        w.open_capsule(COURSE, first.id)
        qtbot.waitUntil(lambda: w.current_page() == "capsule", timeout=10_000)
        idle(qtbot, self.app)
        walker.check("capsule", self.window)
        w.capsule_page.player.pause()
        w.open_quiz()
        qtbot.waitUntil(lambda: w.current_page() == "quiz", timeout=10_000)
        page = w.quiz_page
        walker.check("quiz question", self.window)
        page.submit()  # no answer yet: "answer first"
        walker.check("quiz: answer first", self.window)
        while True:
            answer_something(qtbot, page.qwidget)
            page.submit()
            qtbot.waitUntil(lambda: page.next_btn.isVisible(), timeout=10_000)
            walker.check(f"quiz feedback {page.index + 1}", self.window)
            last = page.index >= len(page.quiz.questions) - 1
            page.next_question()
            if last:
                break
        qtbot.waitUntil(lambda: page.retry_btn.isVisible(), timeout=10_000)
        idle(qtbot, self.app)
        walker.check("quiz score", self.window)

    def walk_certificate(self, walker: Walker) -> None:
        panel = self.certification_panel()
        state = panel.elig["state"]
        walker.check(f"certificate ({state})", self.window)
        if panel.checklist.start.isEnabled() and not panel.in_exam():
            walker.dialog("exam: start now?", panel.checklist.start.click, kind=QMessageBox,
                          close=lambda d: d.button(QMessageBox.StandardButton.No).click())
        if panel.in_exam():
            exam = panel.exam
            for i in range(len(exam._questions)):
                exam.go(i)
                walker.check(f"exam question {i + 1}", self.window)
            exam.go(0)
            walker.dialog("exam: hand in?", exam._on_finish_clicked, kind=QMessageBox,
                          close=lambda d: d.button(QMessageBox.StandardButton.No).click())

    def walk_shell(self, walker: Walker) -> None:
        win = self.window
        walker.check("menus and status bar", win)
        walker.dialog("settings", win.open_settings)
        walker.dialog("about", win._about, kind=QMessageBox)

    def walk_courses_and_sync(self, walker: Walker) -> None:
        packs, sync = self.app.packs, self.app.sync
        walker.dialog("install a course", packs.open_install)
        walker.dialog("download courses", packs.open_catalog)
        walker.dialog("verify my content", packs.open_verify)
        walker.dialog("connect to a server", sync.widget.open_enrol)
        walker.dialog("USB sync", sync.widget.open_usb)


def exam_answers_right() -> dict:
    """The demo course's exam answers (its server-only key, shipped beside the pack for the tests)."""
    from cc2desktop.core.learning.texts import fold
    from cc2desktop.core.packs.exam_key import key_path_for, load_exam_key

    key = load_exam_key(key_path_for(next(DEMO_PACKS.glob("*.cc2pack"))))
    out = {}
    for q in key.questions:
        a = q.model_dump(mode="json")["answer"]
        if q.type == "text":
            a = fold(a[0] if isinstance(a, list) else a)
        out[q.id] = a
    return out


def active_dialogs() -> list:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()]
