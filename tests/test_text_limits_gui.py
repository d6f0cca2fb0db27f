"""Free text is bounded where it is typed, with a visible counter: a quiz or exam text answer, a
learner's name, a participant's name, a session's notes (core checks the same limits again)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cc2desktop.core import limits

pytestmark = pytest.mark.gui


def test_a_text_answer_stops_at_its_limit_and_says_how_much_is_used(qtbot):
    from cc2desktop.ui.learner.quiz import QuestionWidget
    from cc2desktop.ui.shell import i18n

    i18n.set_language("fr")
    try:
        w = QuestionWidget({"id": "q", "type": "text", "prompt": {"fr": "Nom ?"}}, "fr", ["fr"])
        qtbot.addWidget(w)
        w.show()
        assert w.counter.isVisible() and w.counter.text() == f"0 / {limits.TEXT_ANSWER} caractères"
        qtbot.keyClicks(w.edit, "donnees ouvertes ")
        assert w.counter.text() == f"17 / {limits.TEXT_ANSWER} caractères"
        w.edit.selectAll()
        w.edit.insert("é" * 4200)  # a long paste
        assert len(w.response()) == limits.TEXT_ANSWER
        assert w.counter.text() == f"{limits.TEXT_ANSWER} / {limits.TEXT_ANSWER} caractères"
        assert "#a32020" in w.counter.styleSheet()
        n = QuestionWidget({"id": "n", "type": "numeric", "prompt": {"fr": "Combien ?"}}, "fr", ["fr"])
        qtbot.addWidget(n)
        assert n.edit.maxLength() == 32
    finally:
        i18n.set_language("en")


def test_names_and_session_notes_are_bounded_with_a_counter(qtbot):
    from cc2desktop.ui.facilitator.participants import ParticipantDialog
    from cc2desktop.ui.facilitator.sessions import PlanSessionDialog
    from cc2desktop.ui.learner.profile_dialogs import CreateProfileDialog

    d = PlanSessionDialog([], [])
    qtbot.addWidget(d)
    d.show()
    d.notes.setFocus()
    d.notes.insertPlainText("x" * (limits.SESSION_NOTES + 700))  # a long paste
    assert len(d.values()["notes"]) == limits.SESSION_NOTES
    assert d.notes_counter.text() == f"{limits.SESSION_NOTES} / {limits.SESSION_NOTES} characters"
    qtbot.keyClick(d.notes, Qt.Key.Key_A)  # typing at the limit adds nothing
    assert len(d.values()["notes"]) == limits.SESSION_NOTES
    p = ParticipantDialog()
    qtbot.addWidget(p)
    p.name.insert("n" * 100)
    assert len(p.values()["display_name"]) == limits.PERSON_NAME and p.name_counter.isVisibleTo(p)
    c = CreateProfileDialog("en")
    qtbot.addWidget(c)
    c.name.insert("a" * 100)
    assert len(c.name.text()) == limits.PERSON_NAME and c.name_counter.text().startswith(f"{limits.PERSON_NAME} / ")


def test_core_refuses_texts_over_the_limits(kit):
    from cc2desktop.core.errors import ValidationError
    from cc2desktop.core.facilitation import accounts
    from cc2desktop.core.facilitation import service as fac

    with kit.session() as s:
        accounts.add_facilitator(s, "Awa", "correct horse")
    with kit.session() as s:
        fs = accounts.authenticate(s, "Awa", "correct horse")
        with pytest.raises(ValidationError) as err:
            fac.create_group(s, fs, "G" * (limits.GROUP_NAME + 1))
        assert err.value.code == "too_long"
        fac.create_group(s, fs, "Groupe du soir")
        with pytest.raises(ValidationError) as err:
            fac.plan_session(s, fs, "Groupe du soir", "2026-11-28", [], "n" * (limits.SESSION_NOTES + 1))
        assert err.value.code == "too_long"
        with pytest.raises(ValidationError) as err:
            fac.new_learner(s, fs, "n" * (limits.PERSON_NAME + 1))
        assert err.value.code == "name_long"
