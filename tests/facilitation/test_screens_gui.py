"""The facilitator's screens as a person meets them: every page and dialog fits a 1366×768 screen at
130 % text, follows a language switch both ways (no string of the other language left), says what to
do in an empty table, shows capsules by title and dates in words, draws charts with whole-number
axes whose bars match the counts; the window closes with Esc or Ctrl+W; the projector starts on the
first frame and Esc leaves it at once. Real widgets offscreen, real SQLite files."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cc2desktop.core.facilitation import service
from tests.facilitation.gui_helpers import fits, other_language, shot, visible_texts
from tests.support.facilitation import QUIZ, make_learners

pytestmark = pytest.mark.gui


@pytest.fixture
def ui(qapp):
    """The app's look (fonts, theme) in French; put back as it was after the test."""
    from PySide6.QtGui import QFont

    from cc2desktop.ui.shell import i18n, theme
    from cc2desktop.ui.shell.fonts import load_app_fonts

    font, sheet, palette = qapp.font(), qapp.styleSheet(), qapp.palette()
    qapp.setFont(QFont(load_app_fonts(), 10))
    theme.apply(qapp, 100)
    i18n.set_language("fr")

    class UI:
        @staticmethod
        def scale(percent: int) -> None:
            theme.apply(qapp, percent)

        @staticmethod
        def language(lang: str) -> None:
            i18n.set_language(lang)
            QApplication.processEvents()

    yield UI
    i18n.set_language("en")
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def _centre(kit, fs, n=7):
    """A group of ``n`` with the demo pack installed, two sessions (one with attendance and a group quiz)."""
    from cc2desktop.core.learning.catalog import load_courses
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.paths import assets_dir

    install_pack(kit, next((assets_dir() / "packs").glob("*.cc2pack")))
    [course] = load_courses(kit)
    caps = [c for c in course.capsules if c.has_quiz][:2]
    ids = make_learners(kit, fs, n)
    with kit.session() as s:
        service.create_group(s, fs, "Groupe du soir")
        service.enrol(s, fs, "Groupe du soir", ids)
        sid = service.plan_session(s, fs, "Groupe du soir", "2026-11-28", [c.id for c in caps], "Salle 2")
        service.plan_session(s, fs, "Groupe du soir", "2026-12-05", [caps[0].id])
        service.record_attendance(s, fs, sid, absent=ids[:2])
        service.record_group_quiz(s, fs, sid, caps[0].load_quiz(), course_id=course.id, capsule_id=caps[0].id,
                                  hands={caps[0].load_quiz().questions[0]["id"]: {}})
    return course, caps, ids, sid


def _panel(qtbot, kit, fs, runner):
    from cc2desktop.ui.facilitator.panel import FacilitatorPanel

    panel = FacilitatorPanel(kit.facilitation, fs, runner, kit.sync)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show()
    qtbot.waitUntil(lambda: panel.groups.group_list.count() >= 1 and len(panel.sessions.sessions) >= 1,
                    timeout=10_000)
    return panel


def _dashboard(qtbot, panel):
    with qtbot.waitSignal(panel.dashboard.loaded, timeout=20_000):
        panel.setCurrentWidget(panel.dashboard)


def _dialogs(qtbot, kit, fs, runner, panel, course, sid):
    """Every dialog of the facilitator space, built as the screens build them."""
    from cc2desktop.core.facilitation.participants_csv import RowError
    from cc2desktop.ui.facilitator.accounts import AccountsDialog
    from cc2desktop.ui.facilitator.export_dialog import CsvExportDialog
    from cc2desktop.ui.facilitator.group_quiz import GroupQuizWidget
    from cc2desktop.ui.facilitator.groups import PickLearnersDialog
    from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog
    from cc2desktop.ui.facilitator.participants import CsvReportDialog, ParticipantDialog, SetPinDialog
    from cc2desktop.ui.facilitator.sessions import PlanSessionDialog, PrintSheetDialog

    with kit.session() as s:
        info, rows = service.get_session(s, fs, sid), service.attendance(s, fs, sid)
        members = service.members(s, fs, "Groupe du soir")
    rep = service.CsvImport(created=20, enrolled=20, already=3,
                            errors=[RowError(i, "country_invalid", "Atlantide") for i in range(2, 14)],
                            ignored_columns=["Téléphone", "Ville"])
    login = FacilitatorLoginDialog(kit.facilitation, runner)
    setup = FacilitatorLoginDialog(kit.facilitation, runner)
    setup.show_setup()
    panel.setCurrentWidget(panel.dashboard)
    detail = panel.dashboard.open_learner(0)
    qtbot.waitSignal(detail.loaded, timeout=10_000).wait()
    dialogs = {
        "login": login, "setup": setup, "accounts": AccountsDialog(kit.facilitation, fs, runner),
        "participant": ParticipantDialog(members[0]), "pin": SetPinDialog(members[0].display_name),
        "csv_report": CsvReportDialog("liste.csv", rep), "pick": PickLearnersDialog(members, set()),
        "plan": PlanSessionDialog(panel.sessions.groups, panel.sessions.choices("fr"), info),
        "print": PrintSheetDialog(info, rows, panel.sessions.titles), "export": CsvExportDialog(panel.dashboard.tables),
        "detail": detail,
        "group_quiz": GroupQuizWidget(kit.facilitation, fs, sid, QUIZ, runner, course_id=course.id,
                                      capsule_id="m1c1", title="Capsule"),
    }
    for name, d in dialogs.items():
        if name != "detail":  # the dashboard's child: it goes with the window
            qtbot.addWidget(d)
        d.show()
    qtbot.waitUntil(lambda: login.names_loaded and setup.names_loaded and dialogs["accounts"].list.count() == 1,
                    timeout=10_000)
    return dialogs


def test_every_page_and_dialog_fits_1366x768_at_130_percent_text(qtbot, runner, fac, ui, tmp_path):
    kit, fs = fac
    course, caps, ids, sid = _centre(kit, fs)
    ui.scale(130)
    panel = _panel(qtbot, kit, fs, runner)
    _dashboard(qtbot, panel)
    problems = {}
    for i in range(panel.count()):
        panel.setCurrentIndex(i)
        QApplication.processEvents()
        problems[panel.tabText(i)] = fits(panel)
        shot(panel, tmp_path, f"fac130_tab{i}")
    panel.sessions.view.selectRow(0)
    panel.sessions.take_attendance()
    qtbot.waitUntil(lambda: panel.sessions.sheet.model.rowCount() == 7, timeout=10_000)
    panel.setCurrentWidget(panel.sessions)
    problems["attendance"] = fits(panel)
    shot(panel, tmp_path, "fac130_attendance")
    for name, d in _dialogs(qtbot, kit, fs, runner, panel, course, sid).items():
        problems[name] = fits(d)
        shot(d, tmp_path, f"fac130_{name}")
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_page_follows_a_language_switch_both_ways(qtbot, runner, fac, ui, tmp_path):
    """French, then English, then French again, with every tab, a learner's detail and each dialog open,
    and a resize and a new attendance mark in between (the pages stay open across time)."""
    kit, fs = fac
    course, caps, ids, sid = _centre(kit, fs)
    panel = _panel(qtbot, kit, fs, runner)
    _dashboard(qtbot, panel)
    panel.sessions.view.selectRow(0)
    panel.sessions.take_attendance()
    qtbot.waitUntil(lambda: panel.sessions.sheet.model.rowCount() == 7, timeout=10_000)
    dialogs = _dialogs(qtbot, kit, fs, runner, panel, course, sid)
    windows = {"panel": panel, **dialogs}

    def check(lang: str) -> None:
        leftovers = {}
        for i in range(panel.count()):
            panel.setCurrentIndex(i)
            QApplication.processEvents()
            found = other_language(visible_texts(panel), lang)
            if found:
                leftovers[f"panel tab {i}"] = found
        for name, w in windows.items():
            found = other_language(visible_texts(w), lang)
            if found:
                leftovers[name] = found
        assert leftovers == {}, f"{lang}: strings of the other language: {leftovers}"

    check("fr")
    assert panel.tabText(0) == "Séances" and "28 nov. 2026" in visible_texts(panel.sessions)
    titles = {c.title["fr"] for c in caps}
    assert titles & set(" ".join(visible_texts(panel.sessions)).split(", ")) or any(
        caps[0].title["fr"] in t for t in visible_texts(panel.sessions))
    assert not any(c.id in t for t in visible_texts(panel.sessions) for c in caps), "capsules by title, never by id"
    ui.language("en")
    panel.resize(1200, 680)
    check("en")
    assert panel.tabText(0) == "Sessions" and "28 Nov 2026" in visible_texts(panel.sessions)
    assert dialogs["setup"].ok.text() == "Create the account"
    panel.sessions.sheet.model.toggle(0)
    ui.language("fr")
    panel.resize(1366, 700)
    check("fr")
    assert dialogs["pin"].windowTitle().startswith("Nouveau code PIN")
    shot(panel, tmp_path, "fac_lang_fr_again")


def test_empty_tables_say_what_to_do_next(qtbot, runner, fac, ui, tmp_path):
    kit, fs = fac
    from cc2desktop.ui.facilitator.panel import FacilitatorPanel

    panel = FacilitatorPanel(kit.facilitation, fs, runner, kit.sync)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    g = panel.groups
    assert g.groups_empty.shown and "Nouveau groupe" in g.groups_empty.label.text()
    assert g.members_empty.shown and "Créez d’abord un groupe" in g.members_empty.label.text()
    assert panel.sessions.empty.shown and "Planifier une séance" in panel.sessions.empty.label.text()
    shot(panel, tmp_path, "fac_empty_sessions")
    _dashboard(qtbot, panel)
    assert panel.dashboard.empty["learners"].shown
    assert "Groupes" in panel.dashboard.empty["learners"].label.text()
    with kit.session() as s:
        service.create_group(s, fs, "G")
    g.refresh()
    qtbot.waitUntil(lambda: g.group_list.count() == 1 and not runner.busy, timeout=5000)
    assert not g.groups_empty.shown and "importez une liste CSV" in g.members_empty.label.text()
    make_learners(kit, fs, 1)
    with kit.session() as s:
        service.enrol(s, fs, "G", [r.learner_id for r in service.local_learners(s, fs)])
    g.refresh()
    qtbot.waitUntil(lambda: g.model.rowCount() == 1, timeout=5000)
    assert not g.members_empty.shown
    assert g.model.index(0, g.model.table.columns.index("pin") - 1).data() == "à choisir à la première ouverture"


def test_charts_have_whole_number_axes_and_bars_that_match_the_counts(qtbot, runner, fac, ui):
    from PySide6.QtCharts import QValueAxis

    kit, fs = fac
    make_learners(kit, fs, 7)  # 4 women, 2 men, 1 other; 3 SN, 2 CI, 2 BF
    from cc2desktop.ui.facilitator.dashboard import DashboardWidget

    w = DashboardWidget(kit.facilitation, fs, runner)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=20_000):
        w.refresh()
    for key, table in (("country", w.data.by_country), ("category", w.data.by_category)):
        chart = w.charts[key].chart()
        [series] = chart.series()
        [bars] = series.barSets()
        counts = [r[1] for r in reversed(table.rows[:10])]
        assert [bars.at(i) for i in range(bars.count())] == counts
        [axis] = [a for a in chart.axes() if isinstance(a, QValueAxis)]
        step, top = axis.tickInterval(), axis.max()
        assert axis.tickType() == QValueAxis.TickType.TicksDynamic and axis.tickAnchor() == 0 and axis.min() == 0
        assert step == int(step) >= 1 and top == int(top) and top % step == 0 and top > max(counts)
        ticks = [axis.tickAnchor() + k * step for k in range(int(top / step) + 1)]
        assert all(t == int(t) for t in ticks) and max(counts) in ticks or max(counts) < top
    cats = w.charts["country"].chart().axes(Qt.Orientation.Vertical)[0].categories()
    assert cats == ["Burkina Faso", "Côte d’Ivoire", "Sénégal"][::-1] or set(cats) == {"Sénégal", "Côte d’Ivoire",
                                                                                     "Burkina Faso"}
    from cc2desktop.ui.facilitator.report_pdf import integer_range

    assert integer_range(3) == (4, 1) and integer_range(7) == (8, 2) and integer_range(80) == (100, 20)
    assert integer_range(0) == (1, 1) and integer_range(47, 100) == (100, 20)


def test_the_window_closes_with_esc_or_ctrl_w(qtbot, runner, fac, ui):
    kit, fs = fac
    from cc2desktop.ui.facilitator.panel import FacilitatorPanel

    for key, mod in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
        panel = FacilitatorPanel(kit.facilitation, fs, runner, kit.sync)
        qtbot.addWidget(panel)
        panel.show()
        with qtbot.waitActive(panel):
            panel.activateWindow()
        panel.setCurrentWidget(panel.dashboard)
        panel.dashboard.search.setFocus()
        qtbot.waitUntil(panel.dashboard.search.hasFocus, timeout=3000)
        qtbot.keyClick(panel.dashboard.search, key, mod)
        qtbot.waitUntil(lambda p=panel: not p.isVisible(), timeout=3000)


def test_projector_starts_on_the_first_frame_and_esc_leaves_at_once(qtbot, tmp_path, ui):
    from cc2desktop.ui.facilitator.projector import ProjectorWindow
    from tests.support.learning_course import make_video

    video = make_video(tmp_path / "v.mp4", seconds=3.0, size="320x180")
    w = ProjectorWindow(video, [], title="Capsule 1")
    qtbot.addWidget(w)
    w.show_on_projector()
    qtbot.waitUntil(lambda: w.view.frames > 0, timeout=10_000)
    assert not w.playing and w.position() < 0.1  # the first frame, waiting for the facilitator
    img = w.view.grab().toImage()
    assert any(img.pixelColor(x, y).lightness() > 40 for x in range(0, img.width(), 16)
               for y in range(0, img.height(), 16)), "not a black screen"
    shot(w, tmp_path, "fac_projector_first_frame")
    assert w.isFullScreen()
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert not w.isVisible()
