"""The learner's flow in the real GUI (offscreen, real media): issue 4 item 8 and issue 2 item 6."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from cc2desktop.core.learning.service import Profiles

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app(qtbot, data_paths, course_dir):
    """The composition root with the learner course folder; the Kit opened (as after the first paint)."""
    from cc2desktop.app import App
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n

    i18n.set_language("en")
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", "en")
    settings.set("sync.auto", False)
    a = App(data_paths, settings, course_dirs=[course_dir])
    win = a.window
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5_000)  # window shortcuts (Ctrl+Enter) need it
    with qtbot.waitSignal(a.core_ready, timeout=20_000):
        a.open_core()
    yield a
    # pytest-qt has closed the window (its closing signal shut the app down) and called deleteLater.
    a.shutdown()
    qtbot.wait(50)


@pytest.fixture
def window(app):
    """The learner controller (profiles, home, capsule, quiz pages) of the app."""
    return app.learner


def create_profile(qtbot, w, name, pin=""):
    qtbot.mouseClick(w.welcome.tiles.new_tile, Qt.LeftButton)
    dlg = w.create_dialog
    assert dlg is not None and dlg.isVisible()
    qtbot.keyClicks(dlg.name, name)
    if pin:
        qtbot.keyClicks(dlg.pin, pin)
        qtbot.keyClicks(dlg.pin2, pin)
    dlg.gender.setCurrentIndex(dlg.gender.findData("f"))
    dlg.country.setCurrentIndex(dlg.country.findData("SN"))
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        qtbot.keyClick(dlg.name, Qt.Key_Return)


def activate_capsule(qtbot, w, capsule_id):
    tree = w.home.outline
    tree.select_capsule("test-course", capsule_id)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key_Return)
    qtbot.waitUntil(lambda: w.current_page() == "capsule", timeout=3_000)  # shown with its first frame


def wait_saved(qtbot, w, type_):
    with qtbot.waitSignal(w.saved, timeout=10_000, check_params_cb=lambda t: t == type_):
        pass


def test_profile_creation_to_open_capsule_page(qtbot, window):
    """Issue 2 item 6: create a learner by name → outline with marks → capsule page (video, subtitles, transcript)."""
    w = window
    assert w.shell.windowTitle() == "Choose your profile — Connexions Citoyennes"  # the page names itself
    create_profile(qtbot, w, "Mariam")
    assert w.current_page() == "home" and w.learner.learner.name == "Mariam"
    assert w.home.outline.topLevelItemCount() == 2  # modules m1, m2
    assert w.home.outline.topLevelItem(0).child(0).text(0).startswith("○")
    activate_capsule(qtbot, w, "m1c1")
    page = w.capsule_page
    qtbot.waitUntil(lambda: page.video.frames > 0, timeout=10_000)  # a real decoded frame
    qtbot.waitUntil(lambda: page.transcript.count() == 3, timeout=5_000)
    assert page.title.text() == "Capsule m1c1 (en)"
    qtbot.waitUntil(lambda: page.video.subtitle != "", timeout=5_000)
    assert page.video.subtitle in ("Hello and welcome", "Civic tech helps citizens", "See you soon")


def test_learner_flow_pin_watch_quiz_progress(qtbot, window, tmp_path):
    """Issue 4 item 8: PIN profile, watch to the end at a raised rate, quiz wrong then right, progress."""
    w = window
    create_profile(qtbot, w, "Awa", pin="2468")
    w.logout()
    assert w.current_page() == "welcome"
    tile = next(t for t in w.welcome.tiles.tiles if t.text() == "Awa")
    qtbot.mouseClick(tile, Qt.LeftButton)
    dlg = w.pin_dialog
    qtbot.keyClicks(dlg.pin, "1111")
    qtbot.keyClick(dlg.pin, Qt.Key_Return)
    qtbot.waitUntil(lambda: "Wrong PIN" in dlg.error.text(), timeout=5_000)
    assert w.learner is None
    with qtbot.waitSignal(w.logged_in, timeout=5_000):
        qtbot.keyClicks(dlg.pin, "2468")
        qtbot.keyClick(dlg.pin, Qt.Key_Return)
    # watch the capsule to the end at 1.5x, French subtitles chosen by the learner
    activate_capsule(qtbot, w, "m1c1")
    page = w.capsule_page
    qtbot.waitUntil(lambda: page.subs.count() == 3, timeout=5_000)
    page.subs.setCurrentIndex(page.subs.findData("fr"))
    page.subs.activated.emit(page.subs.currentIndex())
    page.speed.setCurrentIndex(page.speed.findData(1.5))
    assert page.player.playbackRate() == 1.5
    qtbot.waitUntil(lambda: page.video.subtitle == "La civic tech aide les citoyens", timeout=8_000)
    with qtbot.waitSignal(w.saved, timeout=15_000, check_params_cb=lambda t: t == "video.watched"):
        qtbot.waitUntil(lambda: page.player.mediaStatus() == QMediaPlayer.EndOfMedia, timeout=12_000)
    assert page.slider.value() == page.slider.maximum()  # the bar is full at the end
    ev = [e for e in w.learner.events("test-course") if e.type == "video.watched"]
    assert ev and ev[-1].payload["progress"] >= 0.9 and ev[-1].payload["rate"] == 1.5
    assert not w.learner.capsule_state("test-course", "m1c1").completed  # quiz required
    # transcript: search then click to seek
    page.search.setText("citoyens")
    visible = [i for i in range(page.transcript.count()) if not page.transcript.item(i).isHidden()]
    assert visible == [1]
    page.transcript.itemClicked.emit(page.transcript.item(1))  # click → seek to 0:01.5
    qtbot.waitUntil(lambda: 1400 <= page.player.position() <= 3000, timeout=5_000)
    page.player.pause()
    page.search.clear()
    # quiz: first attempt all wrong on q1, right on the others; second attempt all right
    qtbot.mouseClick(page.quiz_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.current_page() == "quiz", timeout=5_000)
    qp = w.quiz_page
    answers_right = {"single": "a", "multiple": ["a", "c"], "true_false": False, "numeric": "54",
                     "text": "  Données OUVERTES ", "ordering": ["a", "b", "c"], "matching": {"l1": "r2", "l2": "r1"}}

    def answer_all(first_wrong: bool) -> None:
        for i in range(7):
            kind = qp.qwidget.kind
            if i == 0 and first_wrong:
                qp.qwidget.inputs[1].setFocus()
                qtbot.keyClick(qp.qwidget.inputs[1], Qt.Key_Space)  # keyboard: choose "b"
            elif kind == "ordering":  # by keyboard: Alt+Down then Alt+Up on the chosen item
                lst = qp.qwidget.list
                lst.setFocus()
                lst.setCurrentRow(0)
                qtbot.keyClick(lst, Qt.Key_Down, Qt.AltModifier)
                assert qp.qwidget.response() == ["b", "a", "c"]
                qtbot.keyClick(lst, Qt.Key_Up, Qt.AltModifier)
                assert qp.qwidget.response() == ["a", "b", "c"]
            else:
                qp.qwidget.set_response(answers_right[kind])
            with qtbot.waitSignal(w.saved, timeout=10_000):
                qtbot.keyClick(qp, Qt.Key_Return, Qt.ControlModifier)
            assert "Saved" in qp.saved.text()
            if i == 0 and first_wrong:
                assert "Not quite" in qp.feedback.text() and "Taking part" in qp.feedback.text()
                assert qp.explanation.text() == "It helps citizens take part."
            else:
                assert qp.feedback.text() == "Right!", (kind, qp.feedback.text())
            with qtbot.waitSignal(w.saved, timeout=10_000) if i == 6 else _nullctx():
                qtbot.keyClick(qp, Qt.Key_Return, Qt.ControlModifier)  # next / see my score

    answer_all(first_wrong=True)
    assert qp.prompt.text() == "Right answers: 6 out of 7" and "Best score: 86 %" in qp.scores.text()
    qtbot.mouseClick(qp.retry_btn, Qt.LeftButton)
    answer_all(first_wrong=False)
    assert "Best score: 100 %   Last score: 100 %" in qp.scores.text()
    st = w.learner.capsule_state("test-course", "m1c1")
    assert st.completed and st.quiz_attempts == 2 and st.quiz_best == 1.0
    # progress view
    w.show_page("progress")
    qtbot.waitUntil(lambda: w.progress_page.tree.topLevelItemCount() == 2 and
                    w.progress_page.tree.topLevelItem(0).child(0).text(3) == "100 %", timeout=5_000)
    row = w.progress_page.tree.topLevelItem(0).child(0)
    assert [row.text(i) for i in (2, 3, 4)] == ["100 %", "100 %", "100 %"]
    assert "33 % completed (1 of 3 capsules)" in w.progress_page.summary.text()
    w.show_page("home")
    assert w.home.outline.topLevelItem(0).child(0).text(0).startswith("✔")
    # "Continue" leads to the next unfinished step: m1c1 is completed, so m1c2
    assert w.home.continue_btn.text() == "Continue: Capsule m1c2 (en)"
    w.home.continue_btn.click()
    qtbot.waitUntil(lambda: w.current_page() == "capsule" and w.capsule_page.capsule.id == "m1c2", timeout=5000)


class _nullctx:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def test_pin_lockout_in_the_gui_and_other_learner_cannot_open_her(qtbot, app, window):
    w = window
    learning = app.kit.learning
    awa = learning.create_learner("Awa", "2468")
    kofi = learning.create_learner("Kofi")
    app.runner.announce(awa.changes | kofi.changes)  # profiles added outside the window: tiles follow
    awa, kofi = awa.value, kofi.value
    qtbot.waitUntil(lambda: {t.text() for t in w.welcome.tiles.tiles} >= {"Awa", "Kofi"}, timeout=5_000)
    # Kofi opens his profile: nothing of Awa's shows
    svc_awa = learning.open(awa.id, "2468")
    course = w.courses["test-course"]
    svc_awa.record_watch(course, course.capsule("m1c2"), [[0, 4]], position=4, length=4)
    with qtbot.waitSignal(w.logged_in, timeout=5_000):
        w.choose_learner(kofi.id)
    qtbot.waitUntil(lambda: w.home.summary.text() == "0 of 3 capsules completed", timeout=5_000)
    w.logout()
    # Awa's tile asks for her PIN; three wrong ones lock it with a countdown
    w.choose_learner(awa.id)
    dlg = w.pin_dialog
    for _ in range(3):
        qtbot.keyClicks(dlg.pin, "0000")
        qtbot.keyClick(dlg.pin, Qt.Key_Return)
        qtbot.waitUntil(lambda: dlg.buttons.isEnabled(), timeout=5_000)
    assert "Try again in 30 s" in dlg.error.text() and not dlg.pin.isEnabled()
    assert w.learner is None


def test_codec_failure_message_and_transcript_still_works(qtbot, window, tmp_path):
    w = window
    create_profile(qtbot, w, "Binta")
    course = w.courses["test-course"]
    cap = course.capsule("m2c1")
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(3000))
    cap.videos = {"standard": broken}
    activate_capsule(qtbot, w, "m2c1")
    page = w.capsule_page
    qtbot.waitUntil(lambda: "cannot be played" in page.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: page.transcript.count() == 3, timeout=5_000)
    assert page.message.isVisible()
    page.transcript.setCurrentRow(2)
    assert page.transcript.currentItem().text().endswith("See you soon")


def test_rendition_is_remembered_per_learner_and_playback_resumes(qtbot, window):
    w = window
    create_profile(qtbot, w, "Fatou")
    course = w.courses["test-course"]
    w.learner.record_watch(course, course.capsule("m1c2"), [[0, 1.8]], position=1.8, length=4)
    activate_capsule(qtbot, w, "m1c1")
    page = w.capsule_page
    qtbot.waitUntil(lambda: page.rendition.count() == 3, timeout=5_000)
    page.rendition.setCurrentIndex(page.rendition.findData("low"))
    page.rendition.activated.emit(page.rendition.currentIndex())
    qtbot.waitUntil(lambda: w.learner.get_pref("rendition") == "low", timeout=5_000)
    w.show_page("home")
    activate_capsule(qtbot, w, "m1c2")
    qtbot.waitUntil(lambda: page.data.rendition == "low"
                    and page.player.source().toLocalFile().endswith("video-low.mp4"), timeout=5_000)
    qtbot.waitUntil(lambda: page.player.position() >= 1700, timeout=5_000)  # resumed where she left


def test_capsule_page_controls_have_accessible_names_and_keyboard_fullscreen(qtbot, app, window):
    from PySide6.QtMultimedia import QMediaDevices
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QListWidget, QSlider

    w = window
    create_profile(qtbot, w, "Nafi")
    activate_capsule(qtbot, w, "m1c1")
    page = w.capsule_page
    qtbot.waitUntil(lambda: page.subs.count() > 1, timeout=5_000)
    controls = [c for t in (QComboBox, QSlider, QLineEdit, QListWidget, QAbstractButton) for c in page.findChildren(t)]
    assert len(controls) >= 10
    unnamed = [type(c).__name__ for c in controls
               if c.isVisibleTo(page) and not (c.accessibleName() or (isinstance(c, QAbstractButton) and c.text()))]
    assert unnamed == []
    if not QMediaDevices.audioOutputs():  # offscreen CI has no sound device: the learner is told
        assert "No sound device" in page.message.text() and page.message.isVisible()
    page.video.setFocus()
    qtbot.keyClick(page, Qt.Key_F)
    qtbot.waitUntil(lambda: not page.side.isVisible() and not app.window.menuBar().isVisible(), timeout=3_000)
    qtbot.keyClick(app.window, Qt.Key_Escape)
    qtbot.waitUntil(lambda: page.side.isVisible() and app.window.menuBar().isVisible(), timeout=3_000)
    qtbot.keyClick(page.video, Qt.Key_Space)  # pause/play by keyboard
    qtbot.waitUntil(lambda: page.player.playbackState() == QMediaPlayer.PausedState, timeout=3_000)
    # the position slider: a screen reader reads whole seconds as its value (not milliseconds), and
    # "0:00 of 0:04" as its description
    from PySide6.QtGui import QAccessible

    from cc2desktop.ui.learner.player import fmt_time

    acc = QAccessible.queryAccessibleInterface(page.slider)
    assert acc.valueInterface().maximumValue() == math.ceil(page.length()) < 60
    qtbot.keyClick(page.video, Qt.Key_Space)  # play on
    qtbot.waitUntil(lambda: page.player.position() >= 2000, timeout=5_000)
    qtbot.keyClick(page.video, Qt.Key_Space)
    qtbot.waitUntil(lambda: page.player.playbackState() == QMediaPlayer.PausedState, timeout=3_000)
    assert acc.valueInterface().currentValue() == page.player.position() // 1000 >= 2
    page.slider.setFocus()
    qtbot.keyClick(page.slider, Qt.Key_Home)
    qtbot.waitUntil(lambda: page.player.position() < 1000, timeout=3_000)
    assert acc.valueInterface().currentValue() == 0
    assert acc.text(QAccessible.Text.Description) == f"0:00 of {fmt_time(page.length())}"


def test_language_switch_at_runtime_and_idle_logout(qtbot, app, window):
    from tools import i18n as dev_i18n

    dev_i18n.build_qm()
    w, win = window, app.window
    create_profile(qtbot, w, "Ama")
    assert win.menus["file"].title() == "&File"
    win.apply_settings({"ui.language": "fr", "ui.font_scale": 150, "ui.high_contrast": True,
                        "ui.idle_logout_minutes": 0})
    qtbot.waitUntil(lambda: win.menus["file"].title() == "&Fichier", timeout=3_000)  # LanguageChange is posted
    assert w.home.progress_btn.text() == "Ma progression"
    assert w.home.outline.topLevelItem(0).child(0).text(0).endswith("Capsule m1c1 (fr)")
    win.apply_settings({"ui.language": "en", "ui.font_scale": 100, "ui.high_contrast": False,
                        "ui.idle_logout_minutes": 0})
    qtbot.waitUntil(lambda: win.menus["file"].title() == "&File", timeout=3_000)
    # cybercafé mode: activity keeps the profile open, then it closes by itself
    win.idle.set_minutes(0.1)  # 6 s: keys every 200 ms for 8 s keep it open even on a loaded machine
    for _ in range(40):
        qtbot.wait(200)
        qtbot.keyClick(w.home.outline, Qt.Key_Down)
    assert w.learner is not None
    with qtbot.waitSignal(w.logged_out, timeout=20_000):
        pass
    assert w.current_page() == "welcome" and w.learner is None


CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtCore import QTimer
    app = QApplication([])
    from cc2desktop.app import App
    from cc2desktop.core.paths import resolve_data_paths
    paths = resolve_data_paths(sys.argv[1]).ensure()
    a = App(paths, course_dirs=[sys.argv[2]])
    w = a.learner
    a.window.show()
    def ready():
        info = a.kit.learning.create_learner("Kill", None).value
        w.logged_in.connect(lambda _id: QTimer.singleShot(0, lambda: w.open_capsule("test-course", "m1c1")))
        w.choose_learner(info.id)
    def on_page(_i):
        if w.current_page() == "capsule":
            w.open_quiz()
        elif w.current_page() == "quiz":
            qp = w.quiz_page
            qp.qwidget.set_response("a")
            qp.submit()
    a.window.stack.currentChanged.connect(on_page)
    def saved(t):
        if t == "quiz.answered" and "\\u2713" in w.quiz_page.saved.text():
            print("SAVED", w.quiz_page.attempt_id, flush=True)
    w.saved.connect(saved)
    a.core_ready.connect(ready)
    a.open_core()
    app.exec()
""")


def test_kill_9_right_after_an_answer_is_shown_as_saved(tmp_path, course_dir):
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(course_dir)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("SAVED") or not line:
                break
        assert line.startswith("SAVED"), "the child never showed the answer as saved"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    attempt = line.split()[1]
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    with Kit(resolve_data_paths(data)) as kit:
        p = Profiles(kit)
        learner = next(x for x in p.list() if x.name == "Kill")
        answers = p.open(learner.id).quiz_answers("test-course", attempt)
    assert answers["q1"]["success"] is True and answers["q1"]["raw_response"] == "a"


def test_first_paint_does_not_wait_for_sqlalchemy(tmp_path):
    """CC2_BENCH_FIRST_PAINT=1: the outline paints from the JSON cache before any SQLAlchemy import."""
    from cc2desktop.core.learning import startup_cache

    data = tmp_path / "d"
    startup_cache.update(data, courses=[{"id": "c", "version": "1", "languages": ["fr"], "title": {"fr": "Cours"},
                                         "modules": [{"id": "m", "title": {"fr": "M"}, "capsules": []}]}], learners=[])
    code = ("import sys; from cc2desktop.cli import main; rc = main(['--data-dir', sys.argv[1]]); "
            "print('SQLA', 'sqlalchemy' in sys.modules, 'QtMultimedia', 'PySide6.QtMultimedia' in sys.modules); "
            "sys.exit(rc)")
    env = {**os.environ, "CC2_BENCH_FIRST_PAINT": "1", "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", code, str(data)], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.split("\n")
    assert lines[0] == "CC2_FIRST_PAINT"
    assert "SQLA False QtMultimedia False" in r.stdout


def test_reload_courses_after_an_install(qtbot, app, window, tmp_path, course_dir):
    import json
    import shutil

    w = window
    other = tmp_path / "other"
    shutil.copytree(course_dir, other)
    data = json.loads((other / "course.json").read_text(encoding="utf-8"))
    data["id"], data["title"] = "other-course", {"fr": "Autre cours", "en": "Other course"}
    (other / "course.json").write_text(json.dumps(data), encoding="utf-8")
    app.kit.course_dirs.append(other)
    from cc2desktop.core.changes import Changes

    with qtbot.waitSignal(w.courses_changed, timeout=5_000):
        app.runner.announce(app.kit.changed(Changes(courses=True)))  # what an install returns
    assert set(w.courses) == {"test-course", "other-course"}
    assert w.welcome.outline.topLevelItemCount() == 2  # one top item per course now
    from cc2desktop.core.learning import startup_cache

    assert [c["id"] for c in startup_cache.read(app.paths.root)["courses"]] == ["test-course", "other-course"]


def test_a_latin1_transcript_and_a_bad_subtitle_file_never_blank_the_capsule_page(qtbot, window, tmp_path):
    """A Latin-1 transcript is decoded like subtitles; an unreadable subtitle file costs its own track
    only: the other language's subtitles, the transcript and the resume point still come."""
    w = window
    create_profile(qtbot, w, "Khadija")
    course = w.courses["test-course"]
    cap = course.capsule("m1c2")
    data = Path(__file__).parent / "data" / "subtitles"
    cap.transcripts = {"fr": data / "latin1_transcript.txt", "en": data / "latin1_transcript.txt"}
    bad = tmp_path / "bad.srt"
    bad.write_bytes(b"\x00\x01\x02 not subtitles \xff\xfe" * 50)
    cap.subtitles = {**cap.subtitles, "fr": bad}
    w.learner.record_watch(course, cap, [[0, 1.8]], position=1.8, length=4)
    activate_capsule(qtbot, w, "m1c2")
    page = w.capsule_page
    qtbot.waitUntil(lambda: page.data.transcript_text.get("en", "").startswith("Transcription : les données"),
                    timeout=5_000)
    assert "en" in page.data.tracks and "fr" not in page.data.tracks
    assert page.transcript.count() == 3  # the English subtitles still fill the transcript pane
    qtbot.waitUntil(lambda: page.player.position() >= 1700, timeout=5_000)  # resumed where she left
    assert "subtitles of this capsule could not be read" in page.message.text()
