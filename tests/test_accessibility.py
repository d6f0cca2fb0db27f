"""Accessibility (issue 21): every page and dialog read through Qt's accessibility interface as a
screen reader reads it (tests/support/a11y_walk.py), and the results a learner must hear raised
as accessibility announcements.

``A11Y_REPORT=file.json`` writes the counts of the walk (unnamed controls, focus rings, pages) to
``file.json`` as well (the measure quoted in the issue's notes)."""

from __future__ import annotations

import json
import os

import pytest

from tests.support.a11y_walk import A11yWalker

pytestmark = pytest.mark.gui


def _report(walker: A11yWalker, name: str) -> None:
    path = os.environ.get("A11Y_REPORT")
    if not path:
        return
    data = json.loads(open(path).read()) if os.path.exists(path) else {}
    data[name] = {"pages": len(walker.pages), "unnamed_controls": walker.unnamed, "problems": len(walker.problems),
                  "focus_rings_checked": walker.focus_checked, "rings": {" ".join(k): v for k, v in
                                                                         walker.rings.items()},
                  "report": walker.problems}
    with open(path, "w") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


@pytest.fixture
def themed(qapp):
    """The application's look (its focus frames) as the app applies it; put back afterwards."""
    from cc2desktop.ui.shell import theme

    font, palette, sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    theme.apply(qapp, 100, False)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_and_dialog_reads_well_with_a_screen_reader(qtbot, data_paths, themed, lang):
    from tests.support.walk_learner import Tour

    tour = Tour(qtbot, data_paths, lang=lang).start()
    walker = A11yWalker(qtbot, lang)
    try:
        tour.walk(walker)
    finally:
        tour.close()
    _report(walker, f"walk_{lang}")
    assert len(walker.pages) > 40 and walker.focus_checked > 5
    if not os.environ.get("A11Y_REPORT"):
        walker.assert_accessible()


class Heard:
    """What a screen reader would have been told: every announcement (text, assertive) and every
    widget the focus went to."""

    def __init__(self, window) -> None:  # noqa: ANN001
        from PySide6.QtWidgets import QApplication

        from cc2desktop.ui.shell.a11y import announcer

        self.said: list[tuple[str, bool]] = []
        self.focus: list = []
        self.window = window
        announcer.announced.connect(self._said)
        QApplication.instance().focusChanged.connect(self._focus)

    def _said(self, text: str, assertive: bool) -> None:
        self.said.append((text, assertive))

    def _focus(self, _old, new) -> None:  # noqa: ANN001
        if new is not None:
            self.focus.append((new, new.window() is self.window and self.window.statusBar().isAncestorOf(new)))

    def stop(self) -> None:
        from PySide6.QtWidgets import QApplication

        from cc2desktop.ui.shell.a11y import announcer

        announcer.announced.disconnect(self._said)
        QApplication.instance().focusChanged.disconnect(self._focus)

    def since(self, n: int) -> list[tuple[str, bool]]:
        return self.said[n:]


def _enter(qtbot, w) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    w.setFocus()
    qtbot.waitUntil(w.hasFocus, timeout=2000)
    qtbot.keyClick(w, Qt.Key.Key_Return)


@pytest.fixture
def demo_server(tmp_path):
    from tests.certification.conftest import CertServer
    from tests.support.walk_learner import DEMO_PACKS

    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", DEMO_PACKS, tmp_path / "server-data").start()
    yield srv
    srv.stop()


def test_a_learner_hears_every_result_and_drives_the_quiz_with_the_keyboard(qtbot, data_paths, demo_server, themed):
    """From the profile chooser to a submitted quiz and the exam, with Enter only: each page names
    itself in the window title, the focus lands on the page (never the status bar), and answer
    feedback, "answer first", the score, "Saved", a wrong PIN, a wrong facilitator password and the
    end of a sync are announced."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAccessible

    from tests.support import walk_facilitator
    from tests.support.walk_learner import COURSE, PIN, Tour, answer_something, idle

    tour = Tour(qtbot, data_paths, lang="fr", server=demo_server).start()
    app, w, win = tour.app, tour.learner, tour.window
    heard = Heard(win)
    try:
        # the profile chooser: a wrong PIN is said at once (assertive), then the right one, by Enter
        w.logout()
        idle(qtbot, app)
        assert win.windowTitle() == "Choisissez votre profil — Connexions Citoyennes"
        tile = next(t for t in w.welcome.tiles.tiles if t.property("learner_id") == tour.learner_id)
        _enter(qtbot, tile)
        qtbot.waitUntil(lambda: w.pin_dialog is not None and w.pin_dialog.isVisible(), timeout=5000)
        n = len(heard.said)
        qtbot.keyClicks(w.pin_dialog.pin, "9999")
        qtbot.keyClick(w.pin_dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(heard.said) > n, timeout=10_000)
        text, assertive = heard.said[-1]
        assert text.startswith("Code PIN incorrect") and assertive, heard.since(n)
        w.pin_dialog.pin.clear()
        with qtbot.waitSignal(w.logged_in, timeout=20_000):
            qtbot.keyClicks(w.pin_dialog.pin, PIN)
            qtbot.keyClick(w.pin_dialog.pin, Qt.Key.Key_Return)
        idle(qtbot, app)
        assert win.windowTitle() == "Accueil — Connexions Citoyennes"
        assert win.stack.currentWidget().isAncestorOf(app.window.focusWidget())
        # home → capsule by Enter on "Continue"; the page says its name, the focus is on the video
        home = w.home
        _enter(qtbot, home.continue_btn)
        qtbot.waitUntil(lambda: w.current_page() == "capsule", timeout=10_000)
        idle(qtbot, app)
        cap = w.capsule_page
        cap.player.pause()
        title = cap.title.text()
        assert title and win.windowTitle() == f"{title} — Connexions Citoyennes"
        heading = QAccessible.queryAccessibleInterface(cap.title)
        assert heading.role() == QAccessible.Role.Heading and heading.text(QAccessible.Text.Name) == title
        assert cap.play_btn.accessibleName() == "Lecture (Espace)"  # paused: the button says it plays
        # "Test yourself" by Enter: the quiz page
        _enter(qtbot, cap.quiz_btn)
        qtbot.waitUntil(lambda: w.current_page() == "quiz", timeout=10_000)
        idle(qtbot, app)
        page = w.quiz_page
        assert win.windowTitle() == f"Quiz — {title} — Connexions Citoyennes"
        qw = page.qwidget
        first = qw.inputs[0]
        assert win.focusWidget() is first, win.focusWidget()  # the first answer, not the status bar
        group = QAccessible.queryAccessibleInterface(qw)
        assert group.role() == QAccessible.Role.Grouping and group.text(QAccessible.Text.Name)
        assert first.accessibleDescription() == group.text(QAccessible.Text.Name)  # the answer names its question
        # Enter with no answer: "answer first", at once
        n = len(heard.said)
        _enter(qtbot, page.check_btn)
        assert heard.since(n) == [("Répondez d’abord à la question.", True)]
        # each question: feedback then "Saved", by Enter on "Check", Enter on "Next question"
        while True:
            answer_something(qtbot, page.qwidget)
            n = len(heard.said)
            _enter(qtbot, page.check_btn)
            qtbot.waitUntil(lambda: page.next_btn.isVisible(), timeout=10_000)
            said = " ".join(t for t, _ in heard.since(n))
            assert page.feedback.text() in said and "Enregistré" in said, said
            assert win.focusWidget() is page.next_btn
            last = page.index >= len(page.quiz.questions) - 1
            n = len(heard.said)
            _enter(qtbot, page.next_btn)
            if last:
                break
        # the score is said; the focus is not on "Try again" (one key must not throw it away)
        qtbot.waitUntil(lambda: page.retry_btn.isVisible(), timeout=10_000)
        qtbot.waitUntil(lambda: any(page.prompt.text() in t for t, _ in heard.since(n)), timeout=10_000)
        assert win.focusWidget() is not page.retry_btn and win.focusWidget().isVisible()
        # the certificate page: the locked exam says why
        cert = tour.certification_panel()
        assert win.windowTitle() == "Mon certificat — Connexions Citoyennes"
        check = cert.checklist
        assert not check.start.isEnabled() and check.start.accessibleDescription() == check.status.text()
        assert any(check.items.item(r).data(Qt.ItemDataRole.AccessibleTextRole).startswith("À faire")
                   for r in range(check.items.count()))
        # a sync asked for: its end is said
        n = len(heard.said)
        app.sync.widget.sync_button.click()
        qtbot.waitUntil(lambda: any(t.startswith("Synchronisation terminée") for t, _ in heard.since(n)),
                        timeout=30_000)
        # a wrong facilitator password: said at once (the sign-in dialog, modal)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog

        walk_facilitator.prepare(app.kit)
        seen: dict = {}

        def sign_in() -> None:
            d = next((x for x in QApplication.topLevelWidgets()
                      if isinstance(x, FacilitatorLoginDialog) and x.isVisible()), None)
            if d is None or not d.names_loaded:
                QTimer.singleShot(20, sign_in)
                return
            try:
                d.name.setEditText(walk_facilitator.FACILITATOR)
                d.password.setText("not the password")
                n = len(heard.said)
                _enter(qtbot, d.password)
                qtbot.waitUntil(lambda: any(a for _t, a in heard.since(n)) and d.buttons.isEnabled(), timeout=10_000)
                seen["said"], seen["shown"] = heard.since(n)[-1], d.message.text()
            finally:
                qtbot.keyClick(d, Qt.Key.Key_Escape)
                seen["done"] = True

        QTimer.singleShot(0, sign_in)
        app.facilitator.open()
        qtbot.waitUntil(lambda: "done" in seen, timeout=20_000)
        assert seen["said"] == (seen["shown"], True) and seen["shown"]
        # no page change sent the focus to the status bar first
        assert not [f for f, in_bar in heard.focus if in_bar], [type(f).__name__ for f, b in heard.focus if b]
        assert COURSE
        path = os.environ.get("A11Y_REPORT")
        if path:
            data = json.loads(open(path).read()) if os.path.exists(path) else {}
            data["flow"] = {"announcements": len(heard.said), "assertive": sum(a for _t, a in heard.said),
                            "focus_events": len(heard.focus), "said": heard.said}
            with open(path, "w") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
    finally:
        heard.stop()
        tour.close()
