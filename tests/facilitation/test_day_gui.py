"""A facilitator runs a session from account creation to report without a terminal, in the real app
(composition root, main window, Facilitator menu) at 1366×768, in French: the setup step creates the
first account, then a group, its participants from a French spreadsheet's CSV (one bad line refused
alone), a session on two capsules of the installed demo course, the attendance by keyboard and on
paper, a group quiz by show of hands, the dashboard and one learner's detail, the PDF report. Only the
operating system's file pickers are answered by the test; every other window is the app's own.
CC2_SHOTS=DIR keeps the screenshots."""

import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from cc2desktop.core.paths import assets_dir
from tests.facilitation.gui_helpers import CONTENT, fits, other_language, shot, visible_texts, when_shown

pytestmark = pytest.mark.gui

PARTICIPANTS = ("Nom;Genre;Pays;Catégorie;Âge\r\n"
                "Fatou Diallo;Femme;Sénégal;Étudiant·e;22\r\n"
                "Koffi Mensah;Homme;Togo;média;18 à 24 ans\r\n"
                "Aminata Koné;F;ML;Société civile;\r\n"
                "Awa Ndiaye;Femme;Atlantide;;\r\n"        # line 5: no such country, refused alone
                "Ibrahim Sawadogo;H;BF;Autorité publique;31\r\n"
                "Mariam Touré;Femme;CI;Etudiante;\r\n")
NAMES = {"Fatou Diallo", "Koffi Mensah", "Aminata Koné", "Ibrahim Sawadogo", "Mariam Touré"}


@pytest.fixture
def app(qtbot, qapp, data_paths):
    """The app as ``run_gui`` starts it (fonts, theme, French), on a PC with the demo course installed."""
    from cc2desktop.app import App
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n, theme
    from cc2desktop.ui.shell.fonts import load_app_fonts

    look = qapp.font(), qapp.styleSheet(), qapp.palette()
    theme.apply(qapp, 100, False, load_app_fonts())
    with Kit(data_paths) as k:
        install_pack(k, next((assets_dir() / "packs").glob("*.cc2pack")))
    i18n.set_language("fr")
    settings = Settings(data_paths.ensure().settings_path)
    settings.set("ui.language", "fr")
    settings.set("sync.auto", False)
    a = App(data_paths, settings)
    qtbot.addWidget(a.window)
    a.window.resize(*CONTENT)
    a.window.show()
    with qtbot.waitSignal(a.core_ready, timeout=60_000):
        a.open_core()
    yield a
    a.shutdown()
    i18n.set_language("en")
    qapp.setFont(look[0])
    qapp.setStyleSheet(look[1])
    qapp.setPalette(look[2])
    qtbot.wait(50)


def _pdf_text(path) -> str:
    """The PDF's text on one line (ligatures such as "ﬃ" in "Koffi" read as letters)."""
    import unicodedata

    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())


def test_a_facilitator_runs_a_session_from_account_creation_to_report(qtbot, app, tmp_path, monkeypatch):
    from cc2desktop.ui.facilitator.group_quiz import GroupQuizWidget
    from cc2desktop.ui.facilitator.login import FacilitatorLoginDialog
    from cc2desktop.ui.facilitator.sessions import PlanSessionDialog

    kit = app.kit
    click = lambda w: qtbot.mouseClick(w, Qt.MouseButton.LeftButton)  # noqa: E731

    # 1. Facilitator menu: no account yet, the setup step creates the first one and opens the space
    def set_up(dlg):
        shot(dlg, tmp_path, "day_01_setup")
        assert not dlg.ok.isEnabled()  # until she says she is in charge of this PC
        qtbot.keyClicks(dlg.new_name, "Mme Sow")
        qtbot.keyClicks(dlg.new_password, "animatrice-2026")
        qtbot.keyClicks(dlg.new_password2, "animatrice-2026")
        dlg.in_charge.setChecked(True)
        click(dlg.ok)

    when_shown(FacilitatorLoginDialog, set_up, ready=lambda d: d.setup_mode)
    app.window.actions["facilitator"].trigger()
    panel = app.facilitator.panel
    assert panel is not None and panel.isVisible() and kit.facilitation.facilitators() == ["Mme Sow"]
    panel.resize(*CONTENT)
    assert fits(panel) == []

    # 2. A group
    panel.setCurrentWidget(panel.groups)
    g = panel.groups

    def name_group(dlg):
        dlg.setTextValue("Groupe du soir")
        dlg.accept()

    when_shown(QInputDialog, name_group)
    click(g.new_group_btn)
    qtbot.waitUntil(lambda: g.group_list.count() == 1 and g.current() is not None, timeout=10_000)

    # 3. Participants from a French spreadsheet (Windows-1252, ";"): one bad line, refused alone
    csv_file = tmp_path / "participants.csv"
    csv_file.write_bytes(PARTICIPANTS.encode("cp1252"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(csv_file), ""))
    click(g.csv_btn)
    qtbot.waitUntil(lambda: getattr(g, "report", None) is not None and g.report.isVisible(), timeout=10_000)
    lines = [g.report.list.item(i).text() for i in range(g.report.list.count())]
    assert lines == ["Ligne 5 : pays non compris : « Atlantide » (un code comme SN, ou un nom comme Sénégal)"]
    assert "5 participant·e(s) inscrit·e(s)" in g.report.summary.text()
    shot(g.report, tmp_path, "day_03_csv_report")
    g.report.accept()
    qtbot.waitUntil(lambda: g.model.rowCount() == 5, timeout=10_000)
    shot(panel, tmp_path, "day_03_group")
    # they show at once on the welcome screen, each to choose a PIN before the first use
    tiles = {t.text() for t in app.learner.welcome.tiles.tiles}
    assert NAMES <= {t.split("\n")[0].split(" (")[0] for t in tiles} or all(any(n in t for t in tiles) for n in NAMES)
    assert {p["name"] for p in kit.learning.learners() if p["needs_pin"]} == NAMES

    # 4. A session on two capsules of the installed course, chosen by their titles
    panel.setCurrentWidget(panel.sessions)
    s = panel.sessions
    qtbot.waitUntil(lambda: bool(s.titles) and bool(s.groups), timeout=10_000)
    chosen = {}

    def plan(dlg):
        items = [dlg.capsules.item(i) for i in range(dlg.capsules.count())]
        ids = [it.data(Qt.ItemDataRole.UserRole) for it in items]
        assert all(it.text() != cid for it, cid in zip(items, ids)), "capsules by title, never by id"
        for it in items[:2]:
            it.setCheckState(Qt.CheckState.Checked)
        chosen["titles"] = [it.text() for it in items[:2]]
        qtbot.keyClicks(dlg.notes, "Salle 2")
        shot(dlg, tmp_path, "day_04_plan")
        dlg.accept()

    when_shown(PlanSessionDialog, plan)
    click(s.plan_btn)
    qtbot.waitUntil(lambda: len(s.sessions) == 1, timeout=10_000)
    assert chosen["titles"][0] in visible_texts(s)[0:0] or any(chosen["titles"][0] in t for t in visible_texts(s))

    # 5. Attendance by keyboard: all present, one absent, saved
    s.view.selectRow(0)
    click(s.att_btn)
    qtbot.waitUntil(lambda: s.sheet is not None and s.sheet.model.rowCount() == 5, timeout=10_000)
    sheet = s.sheet
    panel.activateWindow()
    qtbot.waitUntil(lambda: panel.isActiveWindow(), timeout=3000)
    sheet.view.setFocus()
    qtbot.keyClick(sheet.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(sheet.view, Qt.Key.Key_Space)  # the first of the list is absent
    absent = sheet.model.rows[0][1]
    with qtbot.waitSignal(sheet.saved, timeout=10_000):
        qtbot.keyClick(sheet.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert sheet.count.text() == "4 / 5 présent·es" or sheet.model.present_count() == 4
    shot(panel, tmp_path, "day_05_attendance")

    # 6. The attendance sheet on paper (PDF, in French)
    sheet_pdf = tmp_path / "feuille.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(sheet_pdf), ""))
    click(s.print_btn)
    qtbot.waitUntil(lambda: getattr(s, "print_dialog", None) is not None and s.print_dialog.isVisible(),
                    timeout=10_000)
    click(s.print_dialog.pdf_btn)
    text = _pdf_text(sheet_pdf)
    assert "Feuille de présence" in text and "Groupe du soir" in text and "Signature" in text
    assert all(n in text for n in NAMES) and chosen["titles"][0] in text
    s.print_dialog.close()

    # 7. A group quiz on the projector's screen: show of hands, saved for the four present
    def pick_capsule(dlg):
        assert dlg.comboBoxItems() == chosen["titles"]
        dlg.setTextValue(dlg.comboBoxItems()[0])
        dlg.accept()

    when_shown(QInputDialog, pick_capsule)
    click(s.quiz_btn)
    qtbot.waitUntil(lambda: isinstance(panel.group_quiz, GroupQuizWidget) and panel.group_quiz.isVisible()
                    and panel.group_quiz.answers.rowCount() == 4, timeout=15_000)
    quiz = panel.group_quiz
    for _q in quiz.quiz.questions:
        if quiz.spins:
            quiz.spins[0].setValue(3)
            quiz.spins[-1].setValue(1)
        quiz.reveal()
        click(quiz.next_btn)
    shot(quiz, tmp_path, "day_07_group_quiz")
    with qtbot.waitSignal(quiz.recorded, timeout=10_000) as blocker:
        click(quiz.finish_btn)
    assert blocker.args[0].attempts == 4
    quiz.close()

    # 8. The dashboard, then one learner's detail
    with qtbot.waitSignal(panel.dashboard.loaded, timeout=30_000):
        panel.setCurrentWidget(panel.dashboard)
    d = panel.dashboard
    assert d.tiles["learners"].value.text() == "5" and d.tiles["attendance_pct"].value.text() == "80,0 %"
    shot(panel, tmp_path, "day_08_dashboard")
    d.tabs.setCurrentIndex(1)
    view = d.views["learners"]
    row = next(r for r in range(d.models["learners"].rowCount())
               if d.models["learners"].index(r, 0).data() == "Fatou Diallo")
    view.selectRow(row)
    click(d.detail_btn)
    detail = d.detail_windows[-1]
    qtbot.waitSignal(detail.loaded, timeout=10_000).wait() if detail.detail is None else None
    caps = {detail.capsules.index(r, 0).data(): detail.capsules.index(r, 2).data()
            for r in range(detail.capsules.rowCount())}
    present = absent != "Fatou Diallo"
    assert chosen["titles"][0] in caps and (caps[chosen["titles"][0]] != "—") == present
    assert "Groupe du soir" in visible_texts(detail)
    shot(detail, tmp_path, "day_08_learner")
    assert other_language(visible_texts(detail) + visible_texts(panel), "fr") == []
    detail.close()

    # 9. The report, as a PDF in French
    report = tmp_path / "rapport.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    click(d.pdf_btn)
    text = _pdf_text(report)
    assert "rapport de progression" in text and "Part des femmes" in text and "Groupe du soir" in text
    assert chosen["titles"][0] in text and "Fatou Diallo" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(report), str(tmp_path / "day_09")],
                   check=True)

    # 10. Esc closes the facilitator space
    with qtbot.waitActive(panel):
        panel.activateWindow()
    qtbot.keyClick(panel.tabs, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=3000)
