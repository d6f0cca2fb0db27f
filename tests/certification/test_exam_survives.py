"""The final exam of the installed demo course keeps every answer and its place while time passes:
the real main window, a real server on 127.0.0.1 that grades the demo course, real syncs driven by
the status widget's own timer, a language switch FR → EN → FR, window resizes, a log-out and an
application restart (the power-cut case). Answers are given with the mouse and the keyboard."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt

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
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import features, i18n
    from cc2desktop.ui.shell.main_window import MainWindow

    i18n.set_language(lang)
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", lang)
    settings.set("sync.auto", True)
    w = MainWindow(data_paths, settings, bundled_packs=DEMO_PACKS)
    f = features.install(w)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    with qtbot.waitSignal(w.core_ready, timeout=60_000):
        w.start_core()
    f.sync_widget.timer.stop()
    f.sync_service.interval = 0.05  # the real timer, fired every ~50 ms instead of every 2 minutes
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10_000)  # first reads done (they create the sync state)
    return w, f


def _close_window(qtbot, w):
    kit = w.kit
    if shiboken6.isValid(w):
        w.sync_widget_timer = None
        w.close()
        w.runner.wait()
        qtbot.wait(50)
    if kit is not None:
        kit.close()


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
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        w.choose_learner(learner_id)
    qtbot.waitUntil(lambda: w.current_page() == "certificate", timeout=10_000)
    qtbot.waitUntil(lambda: f.cert_panel is not None and f.cert_panel.stack.currentWidget() is f.cert_panel.exam,
                    timeout=10_000)
    return f.cert_panel


def test_an_open_exam_keeps_every_answer_across_syncs_languages_resizes_and_a_restart(qtbot, data_paths, demo_server,
                                                                                     tmp_path):
    from cc2desktop.core.certification.simulate import complete_course
    from cc2desktop.core.packs.service import get_manifest
    from cc2desktop.ui.shell import i18n

    right = _right_answers()
    w, f = _open_window(qtbot, data_paths)
    try:
        f.sync_service.enrol(demo_server.url, demo_server.hub.new_enrolment_code(), "cybercafé")
        qtbot.mouseClick(w.welcome.tiles.new_tile, Qt.MouseButton.LeftButton)
        w.create_dialog.name.setText("Aïssatou")
        with qtbot.waitSignal(w.logged_in, timeout=10_000):
            qtbot.keyClick(w.create_dialog.name, Qt.Key.Key_Return)
        lid = w.learner.learner_id
        with w.kit.session() as s:  # the course done, as `demo simulate` does it
            complete_course(s, lid, get_manifest(w.kit, COURSE))
        qtbot.mouseClick(f.cert_button, Qt.MouseButton.LeftButton)
        panel = f.cert_panel
        qtbot.waitUntil(lambda: panel.elig is not None and panel.elig["state"] == "ready", timeout=10_000)
        qtbot.mouseClick(panel.checklist.start, Qt.MouseButton.LeftButton)
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
        assert _saved(w.kit, lid, attempt) == (given, here)  # durable, through core, before the page says so
        given = exam.answers()  # (an ordering question not reached yet shows its items in their first order)

        # time passes: the real status widget's timer fires real syncs, each one completing
        seen = set()
        refreshed = []
        f.sync_widget.status_changed.connect(lambda st: seen.add(st.last_sync) if st.last_sync else None)
        panel.changed.connect(lambda: refreshed.append(1))
        f.sync_widget.timer.start(10)
        qtbot.waitUntil(lambda: len(seen) >= SYNCS, timeout=120_000)
        assert len(refreshed) >= SYNCS // 2  # the certificate page was read again after the syncs
        assert demo_server.hub.stats()["events"] > 0 and f.sync_widget._last_status.pending == 0

        # a language switch and back, and resizes
        values = w.current_settings()
        w.apply_settings({**values, "ui.language": "en"})
        qtbot.waitUntil(lambda: exam.position.text() == "Question 7 of 10" and exam.next.text() == "Next", timeout=5000)
        w.resize(1024, 600)
        qtbot.wait(100)
        w.apply_settings({**values, "ui.language": "fr"})
        qtbot.waitUntil(lambda: exam.position.text() == "Question 7 sur 10", timeout=5000)
        w.resize(1366, 768)
        qtbot.wait(100)
        for _ in range(3):  # more syncs after the switch
            n = len(seen)
            qtbot.waitUntil(lambda n=n: len(seen) > n, timeout=30_000)

        assert panel.stack.currentWidget() is panel.exam and w.current_page() == "certificate"
        assert exam.attempt_id == attempt and exam.current_question() == here
        assert exam.answers() == given
        assert 1700 < exam.remaining_s() <= 1800
        f.sync_widget.timer.stop()
        w.grab().save(str(tmp_path / "exam_after_syncs.png"))

        # a rebuild of the page: log out, log in again (the inactivity log-out does the same)
        w.logout()
        assert f.cert_panel is None
        panel = _login(qtbot, w, f, lid)
        exam = panel.exam
        assert exam.attempt_id == attempt and exam.answers() == given and exam.current_question() == here
    finally:
        f.sync_widget.cancel()
        _close_window(qtbot, w)

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
        f.sync_now()  # the server grades her sheet; the decision comes back by the same sync
        qtbot.waitUntil(lambda: panel.elig["state"] == "certified", timeout=30_000)
        assert panel.card.state == "certified"
    finally:
        f.sync_widget.cancel()
        _close_window(qtbot, w)
        i18n.set_language("en")
