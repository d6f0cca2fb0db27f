"""Facilitator widgets, real and offscreen; every test saves a screenshot (CC2_SHOTS=DIR keeps them)."""

import os
import shutil

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from cc2desktop.core.db.models import Event
from cc2desktop.core.facilitation import service
from cc2desktop.core.facilitation.simulate import add_groups_and_attendance
from tests.support.learning_course import make_video

from tests.support.facilitation import PASSWORD, QUIZ, make_learners

pytestmark = pytest.mark.gui


def shot(widget, tmp_path, name):
    from cc2desktop.ui.shell.fonts import load_app_fonts

    load_app_fonts()
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path))
    if os.environ.get("CC2_SHOTS"):
        os.makedirs(os.environ["CC2_SHOTS"], exist_ok=True)
        shutil.copy(path, os.path.join(os.environ["CC2_SHOTS"], path.name))
    return path


@pytest.fixture
def app_font(qapp):
    from PySide6.QtGui import QFont

    from cc2desktop.ui.shell.fonts import load_app_fonts

    qapp.setFont(QFont(load_app_fonts(), 10))
    return qapp


def _wait_runner(qtbot, w):
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10_000)


def test_login_dialog_checks_the_password(qtbot, runner, fac, tmp_path, app_font):
    from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog

    kit, _ = fac
    dlg = FacilitatorLoginDialog(kit.facilitation, runner)
    qtbot.addWidget(dlg)
    dlg.password.setText("not the password")
    dlg.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dlg.buttons.isEnabled() and "Wrong" in dlg.message.text(), timeout=5000)
    assert dlg.session is None
    shot(dlg, tmp_path, "fac_login")
    dlg.password.setText(PASSWORD)
    dlg.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dlg.session is not None, timeout=5000)
    assert dlg.session.name == "Awa"


def test_attendance_sheet_all_present_then_exceptions_by_keyboard(qtbot, runner, fac, tmp_path, app_font):
    from cc2desktop.ui.facilitator.sessions import AttendanceSheet

    kit, fs = fac
    ids = make_learners(kit, fs, 36)
    with kit.session() as s:
        service.create_group(s, fs, "Groupe du matin")
        service.enrol(s, fs, "Groupe du matin", ids)
        sid = service.plan_session(s, fs, "Groupe du matin", "2026-11-28", ["m1c1"])
    sheet = AttendanceSheet(kit.facilitation, fs, sid, runner)
    qtbot.addWidget(sheet)
    sheet.resize(640, 720)
    sheet.show()
    qtbot.waitUntil(lambda: sheet.model.rowCount() == 36, timeout=5000)
    qtbot.keyClick(sheet.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert sheet.model.present_count() == 36
    qtbot.keyClick(sheet.view, Qt.Key.Key_Space)  # row 0 absent, moves to row 1
    qtbot.keyClick(sheet.view, Qt.Key.Key_Down)
    qtbot.keyClick(sheet.view, Qt.Key.Key_Space)  # row 2 absent
    assert sheet.model.present_count() == 34 and sheet.count.text() == "34 / 36 present"
    with qtbot.waitSignal(sheet.saved, timeout=5000) as blocker:
        qtbot.keyClick(sheet.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [36]
    shot(sheet, tmp_path, "fac_attendance")
    absent = {sheet.model.rows[0][0], sheet.model.rows[2][0]}
    with kit.session() as s:
        rows = service.attendance(s, fs, sid)
    assert {r.learner_id for r in rows if r.present is False} == absent
    assert sum(1 for r in rows if r.present) == 34


def test_dashboard_loads_off_thread_and_exports(qtbot, runner, fac, tmp_path, app_font):
    from cc2desktop.core.sync.simulate import simulate
    from cc2desktop.ui.facilitator.dashboard import DashboardWidget

    kit, fs = fac
    simulate(kit, learners=80, days=10, seed=3)
    with kit.session() as s:
        ids = [r[0] for r in s.execute(select(Event.learner_id).distinct())]
    add_groups_and_attendance(kit, sorted(ids), days=21, capsules=["m1c1", "m1c2"], group_size=40)
    w = DashboardWidget(kit.facilitation, fs, runner)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=10_000):
        w.refresh()
    assert w.models["learners"].rowCount() == 80 and w.tiles["learners"].value.text() == "80"
    assert w.models["by_gender"].rowCount() >= 2 and w.charts["gender"].chart().series()
    shot(w, tmp_path, "fac_dashboard")
    w.tabs.setCurrentIndex(1)
    shot(w, tmp_path, "fac_dashboard_learners")
    # group filter
    _wait_runner(qtbot, w)
    with qtbot.waitSignal(w.loaded, timeout=10_000):
        w.group.setCurrentIndex(1)
    assert w.models["learners"].rowCount() == 40
    csvs = w.export_csv(tmp_path / "csv")
    assert len(csvs) == 7 and all(p.stat().st_size > 0 for p in csvs)
    w.pdf_lang.setCurrentIndex(0)  # French
    pdf = w.export_pdf(tmp_path / "rapport.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    import subprocess

    txt = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Groupe 001" in txt and "Part des femmes" in txt and "Apprenants par pays" in txt


def test_a_closed_facilitator_space_draws_no_more_charts(qtbot, runner, fac, app_font):
    """A closed facilitator window stays in memory until the main window goes: on a language switch
    its dashboard redrew its four charts, a step per event-loop turn, while the app was doing other
    things (CI once hung in a chart step run inside a capsule player's teardown). Closed, it draws
    nothing; open on another tab, it redraws when its tab is shown again, in the new language."""
    from cc2desktop.core.sync.simulate import simulate
    from cc2desktop.ui.facilitator.panel import FacilitatorPanel
    from cc2desktop.ui.shell import i18n

    kit, fs = fac
    simulate(kit, learners=12, days=3, seed=4)
    panel = FacilitatorPanel(kit.facilitation, fs, runner, kit.sync)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    d = panel.dashboard
    with qtbot.waitSignal(d.loaded, timeout=10_000):
        panel.setCurrentWidget(d)
    charts = {k: v.chart() for k, v in d.charts.items()}
    try:
        # open, on another tab: nothing drawn while hidden, redrawn in French when shown
        panel.setCurrentWidget(panel.groups)
        i18n.set_language("fr")
        qtbot.wait(100)
        assert {k: v.chart() for k, v in d.charts.items()} == charts
        with qtbot.waitSignal(d.loaded, timeout=10_000):
            panel.setCurrentWidget(d)
        assert d.charts["country"].chart() is not charts["country"]
        assert d.charts["country"].chart().title() == "Apprenants par pays"
        # closed: a language switch draws nothing
        charts = {k: v.chart() for k, v in d.charts.items()}
        panel.close()
        i18n.set_language("en")
        qtbot.wait(100)
        assert {k: v.chart() for k, v in d.charts.items()} == charts
        assert d._steps == []
    finally:
        i18n.set_language("en")


def test_group_quiz_hands_and_individual_answers(qtbot, runner, fac, tmp_path, app_font):
    from cc2desktop.ui.facilitator.group_quiz import GroupQuizWidget

    kit, fs = fac
    ids = make_learners(kit, fs, 6)
    with kit.session() as s:
        service.create_group(s, fs, "G")
        service.enrol(s, fs, "G", ids)
        sid = service.plan_session(s, fs, "G", "2026-11-28", ["m1c1"])
        service.record_attendance(s, fs, sid, absent=ids[5:])
    w = GroupQuizWidget(kit.facilitation, fs, sid, QUIZ, runner, course_id="c", capsule_id="m1c1", lang="fr",
                        title="Capsule 1")
    qtbot.addWidget(w)
    w.resize(1100, 620)
    w.show()
    qtbot.waitUntil(lambda: w.answers.rowCount() == 5, timeout=5000)
    w.spins[0].setValue(4)  # q1: A (right) 4 hands, B 1
    w.spins[1].setValue(1)
    w.reveal()
    shot(w, tmp_path, "fac_group_quiz")
    qtbot.keyClick(w, Qt.Key.Key_PageDown)  # q2 true/false: individual answers by letters
    assert w.i == 1
    w.indiv_radio.setChecked(True)
    w.table.setFocus()
    w.table.selectRow(0)
    for key in (Qt.Key.Key_V, Qt.Key.Key_F, Qt.Key.Key_V):
        qtbot.keyClick(w.table, key)
    answers, hands = w.results()
    assert hands == {"q1": {"a": 4, "b": 1}}
    assert list(answers["q2"].values()) == [True, False, True]
    shot(w, tmp_path, "fac_group_quiz_individual")
    with qtbot.waitSignal(w.recorded, timeout=5000) as blocker:
        w.finish()
    assert blocker.args[0].attempts == 5
    with kit.session() as s:
        n = len(s.scalars(select(Event).where(Event.type == "quiz.completed")).all())
    assert n == 5


def test_projector_pauses_at_questions_and_follows_the_remote(qtbot, tmp_path, app_font):
    from cc2desktop.core.learning.subtitles import Cue
    from cc2desktop.ui.facilitator.projector import ProjectorWindow

    video = make_video(tmp_path / "v.mp4", seconds=4.0, size="320x180")
    cues = [Cue(0.0, 1.2, "Bonjour à toutes et à tous"), Cue(1.2, 2.0, "Qui a déjà lu un budget communal ?"),
            Cue(2.0, 4.0, "Voyons ensemble")]
    w = ProjectorWindow(video, cues, title="Capsule")
    qtbot.addWidget(w)
    w.resize(960, 540)
    w.show()
    assert w.points == [2.0]
    w.player.setPlaybackRate(2.0)
    with qtbot.waitSignal(w.paused_at, timeout=10_000) as blocker:
        qtbot.keyClick(w, Qt.Key.Key_Space)
    assert blocker.args == [2.0]
    qtbot.waitUntil(lambda: not w.playing and w.view.frames > 0, timeout=5000)
    assert w.view.room_subtitle == "Qui a déjà lu un budget communal ?" and "Pause" in w.view.banner
    shot(w, tmp_path, "fac_projector")
    qtbot.keyClick(w, Qt.Key.Key_PageUp)  # back to the start
    qtbot.waitUntil(lambda: w.position() < 0.5, timeout=5000)
    qtbot.keyClick(w, Qt.Key.Key_Right)  # next subtitle
    qtbot.waitUntil(lambda: abs(w.position() - 1.2) < 0.2, timeout=5000)
    size = w.view.sub_scale
    qtbot.keyClick(w, Qt.Key.Key_Plus)
    assert w.view.sub_scale > size
    qtbot.keyClick(w, Qt.Key.Key_B)
    assert w.view.blank
    w.close()


def test_panel_groups_csv_and_centre_tab(qtbot, runner, fac, tmp_path, app_font):
    from cc2desktop.ui.facilitator.panel import FacilitatorPanel

    kit, fs = fac
    with kit.session() as s:
        service.create_group(s, fs, "Groupe du soir")
    panel = FacilitatorPanel(kit.facilitation, fs, runner, kit.sync)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    g = panel.groups
    qtbot.waitUntil(lambda: g.group_list.count() == 1, timeout=5000)
    csv_file = tmp_path / "participants.csv"
    csv_file.write_text("nom;genre;pays;catégorie\nFatou Diallo;F;SN;student\nKoffi Mensah;H;TG;media\n"
                        "Aminata Koné;F;ML;civil_society\n", encoding="utf-8")
    g.import_csv(csv_file)
    qtbot.waitUntil(lambda: g.model.rowCount() == 3, timeout=5000)
    assert "3 enrolled, 3 new profiles" in g.status.text()
    panel.setCurrentWidget(g)
    shot(panel, tmp_path, "fac_groups")
    panel.setCurrentWidget(panel.sessions)
    _wait_runner(qtbot, panel)
    shot(panel, tmp_path, "fac_sessions")
    # Other PCs: a USB bundle from a learners' PC, imported twice
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.core.sync.simulate import simulate

    with Kit(resolve_data_paths(tmp_path / "pc2")) as other:
        simulate(other, learners=3, days=3, seed=5)
        bundle = SyncClient(other).export_bundle(tmp_path / "usb")
        other_code = other.sync.pairing_code()  # what that PC shows (Sync → Pairing code of this PC)
    panel.setCurrentWidget(panel.centre)
    panel.centre.import_files([bundle])
    # not paired yet: the facilitator compares the codes, then pairs; the import goes on
    qtbot.waitUntil(lambda: panel.centre.pairing_box is not None, timeout=10_000)
    box = panel.centre.pairing_box
    assert other_code in box.text()
    shot(box, tmp_path, "fac_pairing")
    next(b for b in box.buttons() if "pair" in b.text()).click()
    qtbot.waitUntil(lambda: panel.centre.btn.isEnabled() and "bundle(s)" in panel.centre.status.text(), timeout=10_000)
    assert "3 new learner(s)" in panel.centre.status.text()
    panel.centre.import_files([bundle])
    qtbot.waitUntil(lambda: panel.centre.btn.isEnabled() and "0 new event(s)" in panel.centre.status.text(),
                    timeout=10_000)
    shot(panel, tmp_path, "fac_other_pcs")


def test_group_quiz_starts_on_capsules_of_the_installed_demo_pack(qtbot, runner, fac, tmp_path, app_font):
    """A session covering two capsules of the really installed demo pack (their quizzes are inline in
    the pack's manifest, not quiz files): the facilitator picks one and the group quiz opens on it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from cc2desktop.core.learning.catalog import load_courses
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.paths import assets_dir
    from cc2desktop.ui.facilitator.panel import FacilitatorPanel

    kit, fs = fac
    install_pack(kit, next((assets_dir() / "packs").glob("*.cc2pack")))
    [course] = load_courses(kit)
    first, second = course.capsules[0], course.capsules[1]
    assert first.has_quiz and second.has_quiz and first.quiz is None  # inline quizzes
    ids = make_learners(kit, fs, 4)
    with kit.session() as s:
        service.create_group(s, fs, "G")
        service.enrol(s, fs, "G", ids)
        sid = service.plan_session(s, fs, "G", "2026-11-28", [first.id, second.id])
        service.record_attendance(s, fs, sid, absent=ids[3:])
    panel = FacilitatorPanel(kit.facilitation, fs, runner, kit.sync)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.setCurrentWidget(panel.sessions)
    panel.sessions.refresh()
    qtbot.waitUntil(lambda: len(panel.sessions.sessions) == 1, timeout=10_000)
    panel.sessions.view.selectRow(0)
    chosen = {}

    def pick_second():
        dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible()), None)
        if dlg is None:
            QTimer.singleShot(50, pick_second)
            return
        chosen["items"] = dlg.comboBoxItems()
        dlg.setTextValue(dlg.comboBoxItems()[1])
        dlg.accept()

    QTimer.singleShot(50, pick_second)
    qtbot.mouseClick(panel.sessions.quiz_btn, Qt.MouseButton.LeftButton)
    from cc2desktop.ui.facilitator.group_quiz import GroupQuizWidget

    def opened():
        assert "installed" not in panel.sessions.status.text(), panel.sessions.status.text()
        return next((x for x in QApplication.topLevelWidgets()
                     if isinstance(x, GroupQuizWidget) and x.isVisible()), None)

    qtbot.waitUntil(lambda: opened() is not None, timeout=10_000)
    w = opened()
    assert len(chosen["items"]) == 2 and w.capsule_id == second.id and w.course_id == course.id
    assert [q["id"] for q in w.quiz.questions] == [q["id"] for q in second.load_quiz().questions]
    qtbot.waitUntil(lambda: w.answers.rowCount() == 3, timeout=5000)
    shot(w, tmp_path, "fac_group_quiz_demo_pack")
    for i, spin in enumerate(w.spins):
        spin.setValue(3 if i == 0 else 0)
    with qtbot.waitSignal(w.recorded, timeout=5000) as blocker:
        w.finish()
    assert blocker.args[0].attempts == 3
    with kit.session() as s:
        done = s.scalars(select(Event).where(Event.type == "quiz.completed")).all()
    assert {e.course_id for e in done} == {course.id} and len(done) == 3
    w.close()
