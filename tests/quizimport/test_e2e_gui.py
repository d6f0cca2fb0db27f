"""End to end: a Moodle export imported, built into a signed pack, installed, then answered on the
real quiz page (real widgets, offscreen) — first with the app in French, then in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImageReader

from tests.quizimport.conftest import FIX

pytestmark = pytest.mark.gui


@pytest.fixture
def installed(tmp_path, data_paths):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs import keys
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.packs.scaffold import new_course
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.quizimport import import_file

    course = tmp_path / "cours"
    new_course(course, course_id="cours-importe", title="Cours importé", languages=["fr"])
    import_file(FIX / "moodle_fr.xml", course / "capsules" / "m1c1")
    key = keys.generate("Éditeur")
    pack = build_pack(course, tmp_path / "cours.cc2pack", key).path
    kit = Kit(data_paths.ensure())
    try:
        keys.trust(kit.paths, key.public)
        install_pack(kit, pack)
    finally:
        kit.close()
    return data_paths


@pytest.fixture
def window(qtbot, installed):
    from tools import i18n as dev_i18n

    from cc2desktop.app import App
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell import i18n

    dev_i18n.build_qm()
    i18n.set_language("fr")
    settings = Settings(installed.ensure().settings_path)
    settings.set("ui.language", "fr")
    settings.set("sync.auto", False)
    app = App(installed, settings)
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.window.show()
    with qtbot.waitSignal(app.core_ready, timeout=20_000):
        app.open_core()
    yield app
    app.shutdown()
    qtbot.wait(50)


def _answer(qtbot, w, response, *, keys: bool = False) -> None:
    qp = w.quiz_page
    if keys:  # the blanks by keyboard: first drop-down, next choice; then type into the text blanks
        for gid, value in response.items():
            kind, widget, _boxes = qp.qwidget.gap_inputs[gid]
            widget.setFocus()
            if kind == "single":
                for _ in range(widget.findData(value)):
                    qtbot.keyClick(widget, Qt.Key_Down)
            else:
                qtbot.keyClicks(widget, value)
    else:
        qp.qwidget.set_response(response)
    with qtbot.waitSignal(w.saved, timeout=10_000, check_params_cb=lambda t: t == "quiz.answered"):
        qtbot.keyClick(qp, Qt.Key_Return, Qt.ControlModifier)


def _next(qtbot, w, last: bool = False) -> None:
    qp = w.quiz_page
    if last:
        with qtbot.waitSignal(w.saved, timeout=10_000, check_params_cb=lambda t: t == "quiz.completed"):
            qtbot.keyClick(qp, Qt.Key_Return, Qt.ControlModifier)
    else:
        qtbot.keyClick(qp, Qt.Key_Return, Qt.ControlModifier)


def test_imported_quiz_renders_and_grades_like_moodle_in_both_languages(qtbot, window, tmp_path):
    w, win = window.learner, window.window  # the learner's screens, the shell
    info = w.kit.learning.create_learner("Fatou", None).value
    with qtbot.waitSignal(w.logged_in, timeout=10_000):
        w.choose_learner(info.id)
    w.open_capsule("cours-importe", "m1c1")
    qtbot.waitUntil(lambda: w.current_page() == "capsule", timeout=5_000)
    w.open_quiz()
    qtbot.waitUntil(lambda: w.current_page() == "quiz", timeout=5_000)
    qp = w.quiz_page
    kinds = [q["type"] for q in qp.quiz.questions]
    assert kinds == ["single", "multiple", "true_false", "text", "numeric", "matching", "ordering", "gaps", "gaps",
                     "gaps", "single"]

    # 1. an image from the pack's store, drawn in the prompt; a wrong pick shows its own feedback
    assert qp.prompt.textFormat() == Qt.RichText and "<strong>drapeau</strong>" in qp.prompt.text()
    src = re.search(r'src="file://([^"]+)"', qp.prompt.text()).group(1)
    assert Path(src).is_file() and QImageReader(src).canRead() and str(window.paths.root) in src
    assert re.search(r'<img alt="un drapeau" width="40" height="30" src="file://', qp.prompt.text())
    qtbot.wait(50)
    shot = qp.prompt.grab().toImage()  # the flag's (red) pixel, drawn 40×30: the image really loaded
    assert sum(1 for x in range(shot.width()) for y in range(shot.height())
               if shot.pixelColor(x, y).getRgb()[:3] == (255, 0, 0)) >= 40 * 30 * 0.9
    qtbot.mouseClick(qp.hint_btn, Qt.LeftButton)
    assert qp.hints.text() == "Pensez à l'étoile." and not qp.hint_btn.isEnabled()
    _answer(qtbot, w, "b")
    qtbot.wait(50)
    win.grab().save(str(tmp_path / "q1-fr.png"))
    assert qp.feedback.text().startswith("Pas tout à fait") and "Sénégal" in qp.feedback.text()
    assert "Non, pas d'étoile." in qp.explanation.text() and "Votre réponse est incorrecte." in qp.explanation.text()
    _next(qtbot, w)
    # 2. weighted multiple answer: half the credit
    _answer(qtbot, w, ["a"])
    assert qp.feedback.text().startswith("En partie juste (50 %)")
    _next(qtbot, w)
    for response in (False, "dakar", "70000 m"):  # true/false, wildcard short answer, a unit converted
        _answer(qtbot, w, response)
        assert qp.feedback.text() == "Bonne réponse !", (response, qp.feedback.text())
        _next(qtbot, w)
    match = qp.quiz.questions[5]
    _answer(qtbot, w, match["answer"])
    _next(qtbot, w)
    order = qp.quiz.questions[6]
    assert qp.qwidget.response() != order["answer"]  # not shown solved
    _answer(qtbot, w, order["answer"])
    assert qp.feedback.text() == "Bonne réponse !"
    _next(qtbot, w)
    # 8. gaps by keyboard: one right, one wrong → half
    assert "[1]" in qp.prompt.text() and "[2]" in qp.prompt.text()
    g = qp.quiz.questions[7]["gaps"]
    wrong = next(c["id"] for c in g[1]["choices"] if c["id"] != g[1]["answer"])
    _answer(qtbot, w, {"g1": g[0]["answer"], "g2": wrong}, keys=True)
    qtbot.wait(50)
    win.grab().save(str(tmp_path / "q8-fr.png"))
    assert qp.feedback.text().startswith("En partie juste (50 %)")
    _next(qtbot, w)
    _answer(qtbot, w, {x["id"]: x["answer"] for x in qp.quiz.questions[8]["gaps"]})
    _next(qtbot, w)
    _answer(qtbot, w, {"g1": "a", "g2": "12", "g3": "Loi de finances"}, keys=True)
    assert qp.feedback.text() == "Bonne réponse !"
    _next(qtbot, w)
    # 11. a description kept as the question's context
    assert qp.context.isVisible() and "la mairie publie son budget" in qp.context.text()
    _answer(qtbot, w, "c")
    assert qp.feedback.text().startswith("En partie juste (25 %)")
    _next(qtbot, w, last=True)
    # points as Moodle adds them: 0×2 + .5 + 1 + 1 + 1 + 1 + 1 + .5 + 1 + 1 + .25 = 8.25 of 12
    assert qp.prompt.text() == "Score : 8,25 sur 12" and "69 %" in qp.scores.text()
    win.grab().save(str(tmp_path / "quiz-fr.png"))

    # the same quiz in English, all right this time
    win.apply_settings({"ui.language": "en", "ui.font_scale": 100, "ui.high_contrast": False,
                      "ui.idle_logout_minutes": 0})
    qtbot.waitUntil(lambda: qp.retry_btn.text() == "Try again", timeout=3_000)
    qtbot.mouseClick(qp.retry_btn, Qt.LeftButton)
    for i, q in enumerate(qp.quiz.questions):
        right = q.get("answer")
        if q["type"] == "gaps":
            right = {x["id"]: (x["answer"] if x["type"] != "text" else x["answer"][0]) for x in q["gaps"]}
            right = {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in right.items()}
        elif q["type"] == "text":
            right = right[0]
        elif q["type"] == "numeric":
            right = f"{right:g}"
        _answer(qtbot, w, right)
        assert qp.feedback.text() == "Right!", (q["id"], qp.feedback.text())
        _next(qtbot, w, last=i == len(qp.quiz.questions) - 1)
    assert qp.prompt.text() == "Score: 12 out of 12" and "Best score: 100 %" in qp.scores.text()
    st = w.learner.capsule_state("cours-importe", "m1c1")
    assert st.quiz_attempts == 2 and st.quiz_best == 1.0 and st.completed


def test_gap_widgets_round_trip_every_gap_kind(qtbot):
    from PySide6.QtCore import QCoreApplication

    from cc2desktop.ui.learner.quiz import QuestionWidget, plain_prompt

    def T(s: str) -> dict:  # noqa: N802
        return {"fr": s}

    def choices(*texts: str) -> list[dict]:
        return [{"id": chr(97 + i), "text": T(t)} for i, t in enumerate(texts)]

    q = {"id": "q", "type": "gaps", "prompt": T("Cochez [[g1]], choisissez [[g2]], écrivez [[g3]] et [[g4]]."),
         "gaps": [{"id": "g1", "type": "multiple", "choices": choices("un", "deux"), "answer": ["a"]},
                  {"id": "g2", "type": "single", "choices": choices("oui", "non"), "answer": "b"},
                  {"id": "g3", "type": "text", "answer": ["mot"]}, {"id": "g4", "type": "numeric", "answer": 3.5}]}
    w = QuestionWidget(q, "fr", ["fr"])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.is_empty() and w.response() == {}
    w.set_response({"g1": ["a", "b"], "g2": "b", "g3": "mot", "g4": "3,5"})
    assert w.response() == {"g1": ["a", "b"], "g2": "b", "g3": "mot", "g4": "3,5"}
    _kind, _box, checks = w.gap_inputs["g1"]
    qtbot.mouseClick(checks[1], Qt.LeftButton)  # untick "deux" with the mouse
    assert w.response()["g1"] == ["a"]
    assert plain_prompt(q, "fr") == "Cochez [1] ______, choisissez [2] ______, écrivez [3] ______ et [4] ______."
    blank = QCoreApplication.translate("QuestionWidget", "Blank %1")
    assert [w.gap_inputs[g][1].accessibleName() for g in ("g2", "g3")] == [blank.replace("%1", "2"),
                                                                           blank.replace("%1", "3")]
