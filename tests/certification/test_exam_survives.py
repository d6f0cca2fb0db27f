"""The final exam of the installed demo course keeps every answer and its place while time passes:
the real main window, a real server on 127.0.0.1 that grades the demo course, real syncs driven by
the status widget's own timer, a language switch FR → EN → FR, window resizes, a log-out and an
application restart (the power-cut case). Answers are given with the mouse and the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from cc2desktop.core.paths import assets_dir

from .conftest import CertServer

pytestmark = pytest.mark.gui
DEMO_PACKS = assets_dir() / "packs"
COURSE = "demo-intro-civictech"
#: the sync timer fires every 2 minutes in the field: 10 minutes are 5 syncs; we run at least this many
SYNCS = 12


@pytest.fixture
def demo_server(tmp_path):
    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", DEMO_PACKS, tmp_path / "server-data").start()
    yield srv
    srv.stop()


def _right_answers() -> dict:
    from cc2desktop.core.learning.texts import fold
    from cc2desktop.core.packs.exam_key import key_path_for, load_exam_key

    key = load_exam_key(key_path_for(next(DEMO_PACKS.glob("*.cc2pack"))))
    out = {}
    for q in key.questions:
        a = q.model_dump(mode="json")["answer"]
        if q.type == "text":
            a = fold(a[0] if isinstance(a, list) else a)  # typed on an ASCII keyboard; grading folds accents
        out[q.id] = a
    return out


def _open_window(qtbot, data_paths, lang="fr"):
    """The app as the composition root builds it: (learner controller, app)."""
    from cc2desktop.app import App
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n

    i18n.set_language(lang)
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", lang)
    settings.set("sync.auto", True)
    app = App(data_paths, settings, bundled_packs=DEMO_PACKS)
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    with qtbot.waitSignal(app.core_ready, timeout=60_000):
        app.open_core()
    app.sync.widget.timer.stop()
    app.kit.sync.service.interval = 0.05  # the real timer, fired every ~50 ms instead of every 2 minutes
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=10_000)  # first reads done (they create the sync state)
    return app.learner, app


def _close_window(qtbot, app):
    app.window.close()  # the app shuts down: jobs cancelled and waited for, database closed
    qtbot.wait(50)


def _answer(qtbot, w, value) -> None:
    """Answer one question as a learner would: clicks, typing, the ordering buttons, the keyboard."""
    kind = w.kind
    qtbot.waitUntil(lambda: w.isVisible() and w.height() > 10, timeout=5000)
    qtbot.wait(20)  # the page just shown is laid out before it is clicked
    def click(b):  # on the box, not the middle of a row as wide as the page
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


def _saved(kit, learner_id, attempt_id):
    from cc2desktop.core import events as ev
    from cc2desktop.core.certification.exam import saved_answers

    with kit.session() as s:
        return saved_answers(ev.for_learner(s, learner_id), attempt_id)


def _login(qtbot, w, f, learner_id):
    """Log in: the open exam comes back on screen by itself."""
    cert = f.certification
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        w.choose_learner(learner_id)
    qtbot.waitUntil(lambda: w.current_page() == "certificate", timeout=10_000)
    qtbot.waitUntil(lambda: cert.panel is not None and cert.panel.stack.currentWidget() is cert.panel.exam,
                    timeout=10_000)
    return cert.panel


def test_an_open_exam_keeps_every_answer_across_syncs_languages_resizes_and_a_restart(qtbot, data_paths, demo_server,
                                                                                     tmp_path):
    from cc2desktop.core.certification.simulate import complete_course
    from cc2desktop.core.packs.service import get_manifest
    from cc2desktop.ui.shell import i18n

    right = _right_answers()
    w, f = _open_window(qtbot, data_paths)
    try:
        f.kit.sync.enrol(demo_server.url, demo_server.hub.new_enrolment_code(), "cybercafé")
        qtbot.mouseClick(w.welcome.tiles.new_tile, Qt.MouseButton.LeftButton)
        w.create_dialog.name.setText("Aïssatou")
        with qtbot.waitSignal(w.logged_in, timeout=10_000):
            qtbot.keyClick(w.create_dialog.name, Qt.Key.Key_Return)
        lid = w.learner.learner_id
        with f.kit.session() as s:  # the course done, as `demo simulate` does it
            complete_course(s, lid, get_manifest(f.kit, COURSE))
        qtbot.mouseClick(f.certification.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: f.certification.panel is not None, timeout=10_000)
        panel = f.certification.panel
        qtbot.waitUntil(lambda: panel.elig is not None and panel.elig["state"] == "ready", timeout=10_000)
        qtbot.mouseClick(panel.checklist.start, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.confirm_dialog is not None, timeout=10_000)  # "start the exam now?"
        assert "30 minutes" in panel.confirm_dialog.text()
        qtbot.mouseClick(panel.confirm_dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.exam, timeout=10_000)
        exam = panel.exam
        attempt = exam.attempt_id
        order = [q["id"] for q in exam._questions]
        assert len(order) == 10 and 1790 < exam.remaining_s() <= 1800

        # 7 of 10 questions answered with the mouse and the keyboard, the learner now on question 7
        given = {}
        for i, qid in enumerate(order[:7]):
            _answer(qtbot, exam._widgets[i], right[qid])
            given[qid] = exam._widgets[i].response()
            if i < 6:
                qtbot.mouseClick(exam.next, Qt.MouseButton.LeftButton)
        here = exam.current_question()
        assert here == order[6] and exam.stack.currentIndex() == 6
        qtbot.waitUntil(lambda: exam.pending_saves() == 0, timeout=10_000)
        assert "✓" in exam.save_state.text()
        assert _saved(f.kit, lid, attempt) == (given, here)  # durable, through core, before the page says so
        given = exam.answers()  # (an ordering question not reached yet shows its items in their first order)

        # time passes: the real status widget's timer fires real syncs, each one completing
        sync = f.sync.widget
        seen = set()
        refreshed = []
        sync.status_changed.connect(lambda st: seen.add(st.last_sync) if st.last_sync else None)
        panel.changed.connect(lambda: refreshed.append(1))
        sync.timer.start(10)
        qtbot.waitUntil(lambda: len(seen) >= SYNCS, timeout=120_000)
        # syncs that bring no decision do not make the page read again (it refreshes on what a
        # change concerns, not on every sync tick); the decision at the end does
        assert refreshed == []
        assert demo_server.hub.stats()["events"] > 0 and sync._last_status.pending == 0

        # a language switch and back, and resizes
        win = f.window
        values = win.current_settings()
        win.apply_settings({**values, "ui.language": "en"})
        qtbot.waitUntil(lambda: exam.position.text() == "Question 7 of 10" and exam.next.text() == "Next", timeout=5000)
        win.resize(1024, 600)
        qtbot.wait(100)
        win.apply_settings({**values, "ui.language": "fr"})
        qtbot.waitUntil(lambda: exam.position.text() == "Question 7 sur 10", timeout=5000)
        win.resize(1366, 768)
        qtbot.wait(100)
        for _ in range(3):  # more syncs after the switch
            n = len(seen)
            qtbot.waitUntil(lambda n=n: len(seen) > n, timeout=30_000)

        assert panel.stack.currentWidget() is panel.exam and w.current_page() == "certificate"
        assert exam.attempt_id == attempt and exam.current_question() == here
        assert exam.answers() == given
        assert 1700 < exam.remaining_s() <= 1800
        sync.timer.stop()
        win.grab().save(str(tmp_path / "exam_after_syncs.png"))

        # a rebuild of the page: log out, log in again (the inactivity log-out does the same)
        w.logout()
        assert f.certification.panel is None
        panel = _login(qtbot, w, f, lid)
        exam = panel.exam
        assert exam.attempt_id == attempt and exam.answers() == given and exam.current_question() == here
    finally:
        f.sync.widget.cancel()
        _close_window(qtbot, f)

    # the power goes off and comes back: a new application on the same data folder
    w, f = _open_window(qtbot, data_paths)
    try:
        panel = _login(qtbot, w, f, lid)
        exam = panel.exam
        assert exam.attempt_id == attempt and exam.answers() == given and exam.current_question() == here
        assert 1700 < exam.remaining_s() <= 1800  # the clock is the attempt's, not the page's
        for i, qid in enumerate(order[7:], start=7):  # she finishes and hands in
            exam.go(i)
            _answer(qtbot, exam._widgets[i], right[qid])
        exam._confirm = lambda _msg: True
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            qtbot.mouseClick(exam.finish, Qt.MouseButton.LeftButton)
        assert panel.elig["state"] == "pending"
        f.sync.widget.sync_now()  # the server grades her sheet; the decision comes back by the same sync
        qtbot.waitUntil(lambda: panel.elig["state"] == "certified", timeout=30_000)
        assert panel.card.state == "certified"
    finally:
        f.sync.widget.cancel()
        _close_window(qtbot, f)
        i18n.set_language("en")
