"""The course format's new quiz fields are validated by pack build's models (errors name the field),
and legacy quizzes dump exactly as before."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from cc2desktop.core.packs.manifest import Exam, Question, Quiz, strip_answer_key

Q = TypeAdapter(Question)


def T(s: str) -> dict:  # noqa: N802
    return {"fr": s}


CHOICES = [{"id": "a", "text": T("oui")}, {"id": "b", "text": T("non")}]


@pytest.mark.parametrize("q,why", [
    ({"id": "q", "type": "single", "prompt": T("?"), "choices": CHOICES, "answer": "a", "weights": {"z": 1}},
     "'z' is not a choice id"),
    ({"id": "q", "type": "single", "prompt": T("?"), "choices": CHOICES, "answer": "a", "weights": {"a": .5, "b": 1}},
     "does not have the highest weight"),
    ({"id": "q", "type": "multiple", "prompt": T("?"), "choices": CHOICES, "answer": ["a"], "weights": {"a": 2}},
     "less than or equal to 1"),
    ({"id": "q", "type": "ordering", "prompt": T("?"), "items": CHOICES, "answer": ["a", "b"], "grading": "random"},
     "grading"),
    ({"id": "q", "type": "gaps", "prompt": T("un [[g1]] seul"), "gaps": [
        {"id": "g1", "type": "text", "answer": ["x"]}, {"id": "g2", "type": "text", "answer": ["y"]}]},
     "each gap must appear once"),
    ({"id": "q", "type": "text", "prompt": T("?"), "answer": ["x"], "match": "fuzzy"}, "match"),
    ({"id": "q", "type": "numeric", "prompt": T("?"), "answer": 1, "units": [{"unit": "m", "multiplier": 0}]},
     "greater than 0"),
    ({"id": "q", "type": "single", "prompt": T("?"), "choices": CHOICES, "answer": "a", "format": "markdown"},
     "format"),
])
def test_new_fields_are_validated(q, why):
    with pytest.raises(ValidationError) as exc:
        Q.validate_python(q)
    assert why in str(exc.value)


def test_legacy_question_dumps_unchanged_and_exam_never_ships_a_key():
    legacy = {"id": "q", "type": "numeric", "prompt": T("?"), "answer": 54.0, "tolerance": 0.0}
    assert Q.validate_python(legacy).model_dump(mode="json", exclude_none=True) == legacy
    rich = {"id": "q", "type": "gaps", "prompt": T("[[g1]]"), "hints": [T("indice")], "gaps": [
        {"id": "g1", "type": "single", "answer": "a", "weights": {"a": 1, "b": -.5},
         "choices": [dict(CHOICES[0], feedback=T("bien")), CHOICES[1]]}]}
    shipped = strip_answer_key(rich)
    assert shipped == {"id": "q", "type": "gaps", "prompt": T("[[g1]]"), "gaps": [
        {"id": "g1", "type": "single", "choices": CHOICES}]}
    Exam.model_validate({"id": "final", "questions": [shipped]})
    with pytest.raises(ValidationError, match="must not ship its answer"):
        Exam.model_validate({"id": "final", "questions": [dict(shipped, hints=[T("indice")])]})
    with pytest.raises(ValidationError, match="needs its answer"):
        Quiz.model_validate({"id": "p", "questions": [shipped]})
