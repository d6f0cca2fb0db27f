"""Rules checklist, offline exam attempts and signed claims, and the server's decision logic
(grading with the key, rules against events, refusals), on real SQLite files."""

import copy
import json

import pytest

from cc2desktop.core import crypto
from cc2desktop.core import events as ev
from cc2desktop.core.certification import claims
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import keys
from cc2desktop.core.certification import payload as pl
from cc2desktop.core.certification.decision import PublishedCourse, decide
from cc2desktop.core.certification.rules import evaluate
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.db.models import Learner

from tests.support.certification_course import (
    EXAM_KEY, RIGHT, FakeClock, complete_course, manifest, tampered_manifest,
)


@pytest.fixture
def learner(kit):
    with kit.session() as s:
        s.add(Learner(id="L1", display_name="Aïssatou Diallo"))
        s.add(Learner(id="L2", display_name="Kofi Mensah"))
    return "L1"


def _claim(kit, m, answers=RIGHT, learner="L1", seed=None):
    with kit.session() as s:
        att = ex.start_attempt(s, learner, m, seed=seed)
        claim = ex.submit_attempt(s, kit.paths.keys_dir, att, answers)
    return att, claim


def _decide(kit, claim, m=None, *, learner="L1", device=None, pub="own", decided=frozenset(), prior=0, published=None):
    m = m or manifest()
    with kit.session() as s:
        evs = ev.for_learner(s, learner)
        dev = ev.device_id(s)
    pubkey = crypto.public_b64url(ex.device_key(kit.paths.keys_dir)) if pub == "own" else pub
    return decide(claim, event_learner_id=learner, event_device_id=device or dev, device_public_key=pubkey,
                  learner_events=evs, course=published or PublishedCourse(m, EXAM_KEY),
                  learner_name="Aïssatou Diallo", issuer_key=keys.load_private_key(keys.demo_private_key_path()),
                  decided_claim_ids=set(decided), prior_claims=prior)


def test_checklist_says_what_is_left(kit, learner):
    m = manifest()
    with kit.session() as s:
        complete_course(s, "L1", m, skip=("c2",))
        e = evaluate(m, ev.for_learner(s, "L1"))
    assert not e.prerequisites_met and not e.can_take_exam
    assert [(i.kind, i.id) for i in e.missing] == [("capsule", "c2"), ("quiz", "c2")]
    with kit.session() as s:
        with pytest.raises(ex.ExamError) as err:
            ex.start_attempt(s, "L1", m)
        assert err.value.code == "exam_not_eligible" and "c2" in str(err.value)
    with kit.session() as s:  # a quiz under the mastery score does not count
        complete_course(s, "L1", m, quiz_scaled=0.4)
        e = evaluate(m, ev.for_learner(s, "L1"))
    assert [(i.kind, i.id) for i in e.missing] == [("quiz", "c2")]
    with kit.session() as s:
        complete_course(s, "L1", m, quiz_scaled=1.0)
        e = evaluate(m, ev.for_learner(s, "L1"))
    assert e.prerequisites_met and e.can_take_exam and e.attempts_left == 2 and e.time_limit_s == 600


def test_attempt_shuffles_with_recorded_seed_and_claim_is_signed(kit, learner):
    m = manifest()
    with kit.session() as s:
        complete_course(s, "L1", m)
    orders = set()
    for seed in (1, 2, 3, 4, 5):
        assert ex.shuffled_order(["e1", "e2", "e3", "e4"], seed) == ex.shuffled_order(["e1", "e2", "e3", "e4"], seed)
        orders.add(tuple(ex.shuffled_order(["e1", "e2", "e3", "e4"], seed)))
    assert len(orders) > 1
    att, claim = _claim(kit, m, seed=3)
    assert att.order == ex.shuffled_order(["e1", "e2", "e3", "e4"], 3)
    assert [q.id for q in att.questions] == att.order and all(not q.has_answer for q in att.questions)
    assert claim["seed"] == 3 and claim["manifest_sha256"] == ex.manifest_digest(m) and "score" not in claim
    pub = crypto.public_b64url(ex.device_key(kit.paths.keys_dir))
    assert claims.claim_signature_ok(claim, pub)
    assert not claims.claim_signature_ok({**claim, "answers": {**claim["answers"], "e1": "a"}}, pub)
    with kit.session() as s:
        stored = ev.for_learner(s, "L1", types=("exam.claimed",))
        assert [e.payload for e in stored] == [claim]
        # the claim waits for the server: no second attempt meanwhile
        with pytest.raises(ex.ExamError) as err:
            ex.start_attempt(s, "L1", m)
        assert err.value.code == "exam_pending"
        assert evaluate(m, ev.for_learner(s, "L1")).pending_claims == [claim["claim_id"]]


def test_attempts_are_limited(kit, learner):
    import json

    from cc2desktop.core.sync.models import SyncItem

    m = manifest()
    with kit.session() as s:
        complete_course(s, "L1", m)
    for _ in range(2):
        _, claim = _claim(kit, m, answers={})
        d = _decide(kit, claim)
        assert d.reasons[0].code == "score_below_mastery"
        with kit.session() as s:  # the server's refusal arrives by sync
            pos = (s.query(SyncItem).count() or 0) + 1
            s.add(SyncItem(pos=pos, kind="certificate", learner_id="L1", body=json.dumps(d.to_item()),
                           created_at=d.decided_at))
    with kit.session() as s:
        with pytest.raises(ex.ExamError) as err:
            ex.start_attempt(s, "L1", m)
        assert err.value.code == "exam_no_attempts"


def test_server_grades_and_certifies(kit, learner):
    m = manifest()
    with kit.session() as s:
        complete_course(s, "L1", m)
    _, claim = _claim(kit, m)
    d = _decide(kit, claim)
    assert d.certified, d.reasons
    assert d.score == 1.0 and d.learner_name == "Aïssatou Diallo" and pl.normalize_code(d.code) == d.code
    c = pl.verify(d.payload, keys.trusted_issuers())
    assert (c.name, c.score, c.course_id, c.code) == ("Aïssatou Diallo", 100, m.id, d.code)


def test_server_refuses_low_score_and_unmet_rules(kit, learner):
    m = manifest()
    with kit.session() as s:
        complete_course(s, "L1", m, skip=("c2",))
        att = ex.ExamAttempt("A1", 1, "L1", m.id, m.version, ex.manifest_digest(m), "final", 7,
                             ["e1", "e2", "e3", "e4"], utcnow_iso(), 600)
        claim = ex.submit_attempt(s, kit.paths.keys_dir, att, {"e1": "b", "e2": ["a"], "e3": False, "e4": "open data"})
    d = _decide(kit, claim)
    assert not d.certified and d.score == 0.5 and d.payload is None
    assert {r.code for r in d.reasons} == {"rules_not_met", "score_below_mastery"}
    assert "capsule:c2" in d.reasons[0].detail["missing"]


def _ready(kit):
    m = manifest()
    with kit.session() as s:
        complete_course(s, "L1", m)
        complete_course(s, "L2", m)
    return m


def test_refused_edited_claim(kit, learner):
    m = _ready(kit)
    _, claim = _claim(kit, m, answers={"e1": "a"})
    edited = copy.deepcopy(claim)
    edited["answers"] = dict(RIGHT)
    assert _decide(kit, edited).reasons[0].code == "bad_signature"
    scored = {**claim, "score": 1.0}  # a client-side score is never trusted (and breaks the signature)
    assert _decide(kit, scored).reasons[0].code == "bad_signature"


def test_refused_replay_for_another_learner_and_replay(kit, learner):
    m = _ready(kit)
    _, claim = _claim(kit, m)
    d = _decide(kit, claim, learner="L2")
    assert not d.certified and d.reasons[0].code == "wrong_learner"
    moved = ex.sign_claim({**claim, "learner_id": "L2"}, keys.generate_keypair(kit.paths.root / "x.key"))
    assert _decide(kit, moved, learner="L2").reasons[0].code == "bad_signature"
    assert _decide(kit, claim, decided={claim["claim_id"]}).reasons[0].code == "replayed"
    assert _decide(kit, claim, prior=2).reasons[0].code == "too_many_attempts"


def test_refused_forged_signature_and_unenrolled_device(kit, learner):
    m = _ready(kit)
    _, claim = _claim(kit, m)
    stranger = keys.generate_keypair(kit.paths.root / "stranger.key")
    assert _decide(kit, ex.sign_claim(claim, stranger)).reasons[0].code == "bad_signature"
    assert _decide(kit, claim, pub=crypto.public_b64url(stranger)).reasons[0].code == "bad_signature"
    assert _decide(kit, claim, pub=None).reasons[0].code == "device_not_enrolled"
    assert _decide(kit, claim, device="another-device").reasons[0].code == "bad_signature"


def test_refused_exam_from_tampered_pack(kit, learner):
    _ready(kit)
    bad = tampered_manifest()
    _, claim = _claim(kit, bad)
    d = _decide(kit, claim, m=manifest())
    assert d.reasons[0].code == "pack_mismatch"


def test_refused_late_sheet(kit, learner):
    m = _ready(kit)
    with kit.session() as s:
        att = ex.ExamAttempt("A1", 1, "L1", m.id, m.version, ex.manifest_digest(m), "final", 7,
                             ["e1", "e2", "e3", "e4"], "2020-01-01T10:00:00.000Z", 600)
        assert att.deadline_passed()
        claim = ex.submit_attempt(s, kit.paths.keys_dir, att, RIGHT)
    assert _decide(kit, claim).reasons[0].code == "time_limit"


def test_simulated_learners_complete_the_course_and_claim(kit, course_pack):
    import json as _json

    from cc2desktop.core.certification.simulate import simulate_certification
    from cc2desktop.core.packs.exam_key import key_path_for
    from cc2desktop.core.packs.service import get_manifest
    from tests.support.certification_course import install_test_course

    install_test_course(kit, course_pack)
    m = get_manifest(kit, "test-civictech")
    r = simulate_certification(kit, 6, m.id, exam_key=key_path_for(course_pack), fail_ratio=0.5, seed=3)
    assert r.claims == 6 and 0 < r.meant_to_pass < 6
    key = {q["id"]: q["answer"] for q in _json.loads(key_path_for(course_pack).read_text())["questions"]}
    passed = 0
    for lid in r.learners:
        with kit.session() as s:
            [claim] = [e.payload for e in ev.for_learner(s, lid, types=("exam.claimed",))]
        d = _decide(kit, claim, m, learner=lid, published=PublishedCourse(m, key))
        assert d.certified or [x.code for x in d.reasons] == ["score_below_mastery"]
        passed += d.certified
    assert passed == r.meant_to_pass


def test_an_interrupted_attempt_resumes_until_its_time_is_over(kit, learner):
    """A closed window or a power cut: the same attempt comes back with its clock running (by the
    monotonic clock while the PC stays on, by the wall clock across a restart); a clock set back
    cannot stretch it; once its time is over it is handed in with the answers saved in time."""
    m = manifest()  # 600 s allowed
    clock = FakeClock()
    with kit.session() as s:
        complete_course(s, "L1", m)
        a1 = ex.start_attempt(s, "L1", m, clock=clock)
    with kit.session() as s:
        ex.save_answer(s, "L1", m, a1.attempt_id, "e1", "b", clock=clock.tick(200))
    clock.restart(reboot=True, off_s=100)  # a power cut: 100 s counted by the wall clock
    with kit.session() as s:  # the same attempt comes back, 300 s spent
        again = ex.start_attempt(s, "L1", m, clock=clock)
        history = ev.for_learner(s, "L1")
        assert ex.saved_answers(history, again.attempt_id)[0] == {"e1": "b"}
        assert round(again.elapsed(history, clock.read())) == 300
        ex.save_answer(s, "L1", m, a1.attempt_id, "e3", True, clock=clock.tick(100))
    assert (again.attempt_id, again.order, again.started_at,
            again.attempt) == (a1.attempt_id, a1.order, a1.started_at, 1)
    # the window closed, the clock set back a whole day while the PC stayed on: 250 s more all the same
    clock.restart(off_s=250, wall=-86400)
    with kit.session() as s:
        with pytest.raises(ex.ExamError) as err:
            ex.start_attempt(s, "L1", m, clock=clock)
        assert err.value.code == "exam_time_over"
        with pytest.raises(ex.ExamError) as err:
            ex.save_answer(s, "L1", m, a1.attempt_id, "e2", ["a"], clock=clock)
        assert err.value.code == "exam_time_over"
        expired = ex.unclaimed_attempt(ev.for_learner(s, "L1"), m)
        claim = ex.hand_in_expired(s, kit.paths.keys_dir, expired, clock=clock)
    assert claim["answers"] == {"e1": "b", "e3": True} and claim["time_up"] and claim["elapsed_s"] == 600
    assert claim["attempt_id"] == a1.attempt_id and [q for q, _t in claim["timeline"]] == ["e1", "e3"]
    with kit.session() as s:
        with pytest.raises(ex.ExamError) as err:
            ex.start_attempt(s, "L1", m)
        assert err.value.code == "exam_pending"  # the sheet waits for the server's decision
        assert evaluate(m, ev.for_learner(s, "L1")).attempts_used == 1
    d = _decide(kit, claim)
    assert [r.code for r in d.reasons] == ["score_below_mastery"] and d.score == 0.5  # graded: the times add up


def test_cli_demo_simulate_certify(tmp_path, course_pack, capsys):
    from cc2desktop.cli import main
    from cc2desktop.core.packs.exam_key import key_path_for

    from tests.support.certification_course import TEST_PUBLISHER_SEED, client_pack
    from cc2desktop.core.packs import keys as keymod

    dd = ["--data-dir", str(tmp_path / "pc")]
    keymod.write_key_pair(keymod.PrivateKey(TEST_PUBLISHER_SEED, "Test publisher"), tmp_path / "publisher.key")
    assert main(dd + ["keys", "trust", str(tmp_path / "publisher.key.pub")]) == 0
    assert main(dd + ["pack", "install", str(client_pack(course_pack))]) == 0
    capsys.readouterr()
    assert main(dd + ["demo", "simulate", "--learners", "3", "--days", "2", "--course", "test-civictech",
                      "--certify", "4", "--exam-key", str(key_path_for(course_pack))]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert json.loads(out[-1])["certify"]["claims"] == 4
    assert main(dd + ["certificate", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 4 and {r["state"] for r in rows} == {"pending"} and all(r["payload"] is None for r in rows)
