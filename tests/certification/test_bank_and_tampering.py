"""The exam drawn from a question bank, on the demo course (20 questions, 4 + 3 + 3 drawn per module),
through a real server and real sync: the server re-derives each draw and grades only it; a sheet
that swaps drawn items, answers undrawn ones, forges its timings or replays another attempt's seed is
refused (and counts as an attempt: no free look at the bank)."""

from __future__ import annotations

import copy
from collections import Counter

import pytest

from cc2desktop.core import events as ev
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import service
from cc2desktop.core.certification.claims import device_key
from cc2desktop.core.certification.draw import drawn_ids, question_order, shuffle_choices
from cc2desktop.core.certification.simulate import complete_course, key_answers
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner

from tests.support.certification_course import FakeClock, forced_attempt

MODULE_OF = {"m1c1": "m1", "m1c2": "m1", "m1c3": "m1", "m2c1": "m2", "m2c2": "m2", "m3c1": "m3", "m3c2": "m3"}


def _manifest(kit):
    from cc2desktop.core.packs.service import get_manifest

    return get_manifest(kit, "demo-intro-civictech")


def _learner(kit, m, name="Awa Traoré") -> str:
    lid = new_id()
    with kit.session() as s:
        s.add(Learner(id=lid, display_name=name))
        s.flush()
        complete_course(s, lid, m)
    return lid


def _key(demo_courses):
    return key_answers(next(demo_courses.glob("*.exam-key.json")))


def _take(kit, lid, m, key, *, clock=None, right=True, seed=None):
    """The learner takes the exam as the app does: every answer saved on the exam clock, then sealed."""
    clock = clock or FakeClock()
    with kit.session() as s:
        att = ex.start_attempt(s, lid, m, clock=clock, seed=seed)
        for qid in att.order:
            clock.tick(40)
            ex.save_answer(s, lid, m, att.attempt_id, qid, key[qid] if right else None, clock=clock)
        clock.tick(10)
        answers = {q: key[q] for q in att.order} if right else {}
        return att, ex.submit_attempt(s, kit.paths.keys_dir, att, answers, clock=clock)


def _resign(kit, lid, claim, **changes):
    """A modified app: the sheet changed and signed again with this PC's key, as a new claim."""
    body = {**copy.deepcopy(claim), **changes, "claim_id": new_id()}
    signed = ex.sign_claim(body, device_key(kit.paths.keys_dir))
    with kit.session() as s:
        ev.append(s, lid, "exam.claimed", signed, course_id=claim["course_id"])
    return signed


def _sync(kit):
    from cc2desktop.core.sync.client import SyncClient

    return SyncClient(kit).sync()


def _decisions(kit, lid):
    with kit.session() as s:
        return {st.claim_id: (st.state, [r["code"] for r in st.reasons]) for st in service.claim_states(s, lid)}


def test_each_attempt_draws_its_questions_per_module_and_shuffles_the_choices(demo_pc, demo_courses):
    m = _manifest(demo_pc)
    bank = {q.id: q for q in m.certification.exam.questions}
    assert len(bank) == 20
    draws = set()
    for seed in range(40):
        ids = drawn_ids(m, seed)
        assert Counter(MODULE_OF[bank[i].capsule] for i in ids) == {"m1": 4, "m2": 3, "m3": 3}
        assert sorted(question_order(m, seed)) == sorted(ids) and question_order(m, seed) == question_order(m, seed)
        draws.add(frozenset(ids))
    assert len(draws) > 30  # retakes meet other questions
    q = bank["e4"].model_dump(mode="json", exclude_none=True)  # 4 choices
    orders = {tuple(c["id"] for c in shuffle_choices(q, seed)["choices"]) for seed in range(30)}
    assert len(orders) > 6 and all(sorted(o) == ["a", "b", "c", "d"] for o in orders)
    # the exam page gets the attempt's draw, in its order, choices shuffled, without answers
    lid = _learner(demo_pc, m)
    view = demo_pc.certification.start_exam(lid, m.id).value
    att = view["attempt"]
    assert [q["id"] for q in view["questions"]] == question_order(m, att["seed"]) and len(view["questions"]) == 10
    assert all("answer" not in q for q in view["questions"])
    for shown in view["questions"]:
        assert shown == shuffle_choices(bank[shown["id"]].model_dump(mode="json", exclude_none=True), att["seed"])
    # an answer to a question the attempt did not draw is refused where it is typed
    undrawn = next(i for i in bank if i not in att["order"])
    with pytest.raises(ex.ExamError) as err:
        demo_pc.certification.save_exam_answer(lid, m.id, att["attempt_id"], undrawn, "a")
    assert err.value.code == "exam_bad_answer"


def test_the_server_grades_the_draw_and_refuses_every_tampered_sheet(demo_pc, demo_server, demo_courses):
    m = _manifest(demo_pc)
    key = _key(demo_courses)
    honest, swapper, extra, hurried, replayer, copycat = (_learner(demo_pc, m, n) for n in (
        "Aïssatou Diallo", "Kofi Mensah", "Mariam Koné", "Ibrahim Sow", "Grâce Mbemba", "Yao Kouassi"))
    att, good = _take(demo_pc, honest, m, key)
    assert set(good["answers"]) == set(att.order) and len(good["timeline"]) == 10 and good["elapsed_s"] == 410

    # 1. drawn items swapped: the sheet claims other questions than its seed draws (answered right)
    att2, sheet = _take(demo_pc, swapper, m, key, right=False)
    others = [q for q in key if q not in att2.order][:10]
    swapped = _resign(demo_pc, swapper, sheet, order=others, answers={q: key[q] for q in others})
    # 2. answers for undrawn items added to a genuine sheet
    att3, sheet3 = _take(demo_pc, extra, m, key, right=False)
    undrawn = next(q for q in key if q not in att3.order)
    added = _resign(demo_pc, extra, sheet3, answers={**sheet3["answers"], undrawn: key[undrawn]})
    # 3. timing forged: a 32-minute attempt presented as 5 minutes (the time allowed is 30)
    slow = FakeClock()
    with demo_pc.session() as s:
        att4 = ex.start_attempt(s, hurried, m, clock=slow)
        for qid in att4.order[:9]:
            ex.save_answer(s, hurried, m, att4.attempt_id, qid, key[qid], clock=slow.tick(170))
        late = ex.submit_attempt(s, demo_pc.paths.keys_dir, att4, {q: key[q] for q in att4.order[:9]},
                                 clock=slow.tick(400))
    assert late["elapsed_s"] == 1930
    forged_time = _resign(demo_pc, hurried, late, elapsed_s=300.0, clock={**late["clock"], "m": 1300.0},
                          timeline=[[q, round(30.0 * (i + 1), 2)] for i, (q, _t) in enumerate(late["timeline"])])
    # 4. seed replayed: an attempt made to draw the honest learner's questions (whose answers circulate)
    with demo_pc.session() as s:
        replay_att = forced_attempt(s, replayer, m, seed=att.seed, clock=FakeClock())
        for qid in replay_att.order:
            ex.save_answer(s, replayer, m, replay_att.attempt_id, qid, key[qid], clock=FakeClock().tick(60))
    with demo_pc.session() as s:
        replayed = ex.submit_attempt(s, demo_pc.paths.keys_dir, replay_att, {q: key[q] for q in replay_att.order},
                                     clock=FakeClock().tick(700))
    # 5. the honest sheet's answers copied onto another learner's attempt (its own seed and events)
    att6, sheet6 = _take(demo_pc, copycat, m, key, right=False)
    pasted = _resign(demo_pc, copycat, sheet6, answers={q: key[q] for q in sheet6["order"]})

    report = _sync(demo_pc)
    assert report.rejections == []
    assert _decisions(demo_pc, honest) == {good["claim_id"]: ("certified", [])}
    assert _decisions(demo_pc, swapper)[swapped["claim_id"]] == ("not_passed", ["draw_mismatch"])
    assert _decisions(demo_pc, extra)[added["claim_id"]] == ("not_passed", ["draw_mismatch"])
    assert _decisions(demo_pc, hurried)[late["claim_id"]] == ("not_passed", ["time_limit"])
    assert _decisions(demo_pc, hurried)[forged_time["claim_id"]] == ("not_passed", ["timing"])
    assert _decisions(demo_pc, replayer)[replayed["claim_id"]] == ("not_passed", ["seed_replayed"])
    assert _decisions(demo_pc, copycat)[pasted["claim_id"]] == ("not_passed", ["timing"])  # not the answers saved
    # the genuine wrong sheets were graded on their draw alone: 0 of 10
    assert _decisions(demo_pc, swapper)[sheet["claim_id"]] == ("not_passed", ["score_below_mastery"])
    # a tampered sheet counts as an attempt: the learner cannot use tampering to see more of the bank
    e = service.eligibility(demo_pc, replayer, m.id)
    assert e["state"] == "not_passed" and e["attempts_used"] == 1 and e["attempts_left"] == 2
    with demo_server.hub.ReadSession() as s:
        from sqlalchemy import text

        seeds = dict(s.execute(text("SELECT attempt_id, seed FROM cert_seeds")).all())
    assert seeds[att.attempt_id] == att.seed and replay_att.attempt_id not in seeds


def test_a_clock_set_back_does_not_stretch_the_time_and_a_retake_draws_again(demo_pc, demo_server, demo_courses):
    """The learner sets the PC's clock back an hour in the middle of the exam: the exam clock still
    runs out after 30 minutes; the late sheet is refused for its time; the retake draws anew."""
    m = _manifest(demo_pc)
    key = _key(demo_courses)
    lid = _learner(demo_pc, m)
    clock = FakeClock()
    with demo_pc.session() as s:
        att = ex.start_attempt(s, lid, m, clock=clock)
        for i, qid in enumerate(att.order[:5]):
            clock.tick(200, wall=-720 if i == 2 else 200)  # the third time, the clock is set back 12 minutes
            ex.save_answer(s, lid, m, att.attempt_id, qid, key[qid], clock=clock)
    with demo_pc.session() as s:
        history = ev.for_learner(s, lid)
        assert round(att.elapsed(history, clock.read())) == 1000  # the wall clock went back 720 s: not counted
        clock.tick(900)
        with pytest.raises(ex.ExamError) as err:
            ex.save_answer(s, lid, m, att.attempt_id, att.order[6], key[att.order[6]], clock=clock)
        assert err.value.code == "exam_time_over"
        claim = ex.hand_in_expired(s, demo_pc.paths.keys_dir, att, clock=clock)
    assert claim["time_up"] and claim["elapsed_s"] == 1800 and len(claim["answers"]) == 5
    _sync(demo_pc)
    assert list(_decisions(demo_pc, lid).values()) == [("not_passed", ["score_below_mastery"])]  # 5 of 10
    _att2, claim2 = _take(demo_pc, lid, m, key, seed=None)
    assert claim2["seed"] != claim["seed"] and claim2["order"] != claim["order"]
    _sync(demo_pc)
    assert _decisions(demo_pc, lid)[claim2["claim_id"]] == ("certified", [])
