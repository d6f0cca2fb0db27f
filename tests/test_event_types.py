"""Event payloads are declared once per type (core/event_types.py) and checked where events are
written; the server accepts exactly the declared types."""

import pytest

from cc2desktop.core import event_types as T
from cc2desktop.core import events
from cc2desktop.core.db.models import Learner
from cc2desktop.core.errors import ValidationError
from cc2desktop.core.sync import protocol as P

ANSWER = {"capsule_id": "m1c1", "quiz_id": "m1c1-quiz", "attempt_id": "A1", "question_id": "q1", "response": "a"}


@pytest.mark.parametrize("payload,problem", [
    ({k: v for k, v in ANSWER.items() if k != "attempt_id"}, "lacks 'attempt_id'"),
    ({**ANSWER, "question_id": 3}, "'question_id' is not a string"),
    ({**ANSWER, "success": "yes"}, "'success' is not a boolean"),
    ({**ANSWER, "score": True}, "'score' is not a number"),  # a bool is not a number in JSON
])
def test_a_payload_that_does_not_fit_its_type_is_refused_and_nothing_is_written(kit, payload, problem):
    with kit.session() as s:
        s.add(Learner(id="L1", display_name="Awa"))
    with kit.session() as s:
        with pytest.raises(ValidationError) as err:
            events.append(s, "L1", T.QUIZ_ANSWERED, payload, course_id="c")
        assert err.value.code == "bad_event_payload" and problem in err.value.message
        assert "\n" not in err.value.message
    with kit.session() as s:
        assert events.for_learner(s, "L1") == []


def test_fields_a_later_version_adds_and_empty_optional_fields_are_kept(kit):
    with kit.session() as s:
        s.add(Learner(id="L1", display_name="Awa"))
        s.flush()
        rec = events.append(s, "L1", T.QUIZ_ANSWERED, {**ANSWER, "hint_used": True, "score": None}, course_id="c")
    assert rec.payload["hint_used"] is True and rec.payload["score"] is None
    with kit.session() as s:
        assert events.for_learner(s, "L1") == [rec]


def test_every_declared_type_is_accepted_by_the_server_and_names_its_domain():
    assert set(T.EVENT_TYPES) == set(T.DECLARED)
    for name, decl in T.DECLARED.items():
        assert P.type_is_known(name) and decl.name == name
        assert decl.domain in ("learning", "certification", "facilitation", "calls", "forum")
        assert not set(decl.required) & set(decl.optional)
    assert not P.type_is_known("bitcoin.mined")
