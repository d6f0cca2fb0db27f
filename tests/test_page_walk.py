"""Every page and dialog of the app in French and in English, the language switched at runtime both
ways, with the learner at several points of the course (nothing done, an exam open, a decision from
a real server): no string of the other language anywhere (tests/support/page_walk.py)."""

from __future__ import annotations

import pytest

from tests.certification.conftest import CertServer
from tests.support.page_walk import Walker, foreign_words
from tests.support.walk_learner import DEMO_PACKS, Tour, answer_something, exam_answers_right

pytestmark = pytest.mark.gui


@pytest.fixture
def demo_server(tmp_path):
    """A real hub on 127.0.0.1 that grades the demo course's exam."""
    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", DEMO_PACKS, tmp_path / "server-data").start()
    yield srv
    srv.stop()


def test_the_word_lists_tell_the_languages_apart():
    assert foreign_words("Vérifier ma réponse", "fr") == []
    assert foreign_words("Check my answer", "fr") == ["my", "answer"]
    assert foreign_words("Capsule suivante : l'action publique", "en") == ["suivante", "l'"]
    assert foreign_words("Profil : Awa", "en") == ["profil"]
    assert foreign_words("Subtitles: EN", "en") == [] and foreign_words("le cours en ligne", "en") == ["le", "cours",
                                                                                                      "en"]
    assert foreign_words("Don't stop", "fr") == ["don't"]


def _hand_in(tour, panel, answers=None) -> None:
    """Answer every question (the given answers, else anything), hand in, confirm."""
    from tests.support.walk_learner import set_exam_answer

    exam = panel.exam
    for i, q in enumerate(exam._questions):
        exam.go(i)
        if answers is not None:
            set_exam_answer(tour.qtbot, exam._widgets[i], answers[q["id"]])
        else:
            answer_something(tour.qtbot, exam._widgets[i])
    tour.qtbot.waitUntil(lambda: exam.pending_saves() == 0, timeout=10_000)
    exam._confirm = lambda _msg: True
    with tour.qtbot.waitSignal(panel.changed, timeout=20_000):
        exam._on_finish_clicked()


def _decision(tour, panel, state: str) -> None:
    tour.app.sync.widget.sync_now()  # the server grades the sheet; the decision comes back by the same sync
    tour.qtbot.waitUntil(lambda: panel.elig is not None and panel.elig["state"] == state, timeout=30_000)


def test_every_page_in_both_languages_switched_at_runtime(qtbot, data_paths, demo_server):
    tour = Tour(qtbot, data_paths, lang="fr", server=demo_server).start()
    fr, en = Walker(qtbot, "fr"), Walker(qtbot, "en")
    try:
        # 1. a new learner, nothing done yet (the practice quiz answered once by the walk)
        tour.walk(fr)
        # 2. the course done, the final exam open, then the language switched while it is open
        tour.complete_course()
        home = tour.learner.home  # every capsule done: "Continue" becomes the nudge to the certificate
        assert home.finished and not home.nudge.isHidden() and home.continue_btn.text() == "Obtenir mon certificat"
        tour.learner.show_page("home")
        home.continue_btn.click()
        qtbot.waitUntil(lambda: tour.learner.current_page() == "certificate", timeout=10_000)
        panel = tour.start_exam()
        tour.switch_language("en")
        tour.walk_open_pages(en)
        tour.walk(en)
        # 3. handed in with wrong answers: pending, then the server's decision (not passed)
        panel = tour.certification_panel()
        _hand_in(tour, panel)
        en.check("certificate (pending)", tour.window)
        _decision(tour, panel, "not_passed")
        en.check("certificate (not passed)", tour.window)
        # after the decision: which questions were wrong (their prompts, never the expected answers)
        review = panel.card.review
        assert review.isVisible() and "Questions to review:" in review.text() and review.text().count("✘") >= 1
        assert "Your answers:" in review.text()
        # 4. back to French: what was left open follows, then every page again
        tour.switch_language("fr")
        tour.walk_open_pages(fr)
        assert "Questions à revoir" in panel.card.review.text()  # the review follows the language
        tour.walk(fr)
        # 5. a second attempt, right: certified (both languages)
        panel = tour.start_exam()
        _hand_in(tour, panel, exam_answers_right())
        _decision(tour, panel, "certified")
        fr.check("certificate (certified)", tour.window)
        assert "Toutes vos réponses étaient justes." in panel.card.review.text()
        tour.switch_language("en")
        tour.walk_open_pages(en)
        en.check("certificate (certified)", tour.window)
    finally:
        tour.close()
    assert len(fr.pages) > 40 and len(en.pages) > 40
    fr.assert_clean()
    en.assert_clean()
