"""Learning core: PINs, lockout, learner isolation, progress from events, quiz grading, CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import delete

from cc2desktop.core.errors import PermissionDeniedError, ValidationError
from cc2desktop.core.learning import pins, progress, startup_cache
from cc2desktop.core.learning.models import CapsuleProgress
from cc2desktop.core.learning.quiz import grade, load_quiz, normalise_text
from cc2desktop.core.learning.service import (LearnerService, PinLockedError, PinRequiredError, Profiles,
                                              WrongPinError)
from tests.support.learning_course import QUIZ

Q = {q["id"]: q for q in QUIZ["questions"]}


# ------------------------------------------------------------------------------------ grading
@pytest.mark.parametrize("qid,response,ok", [
    ("q1", "a", True), ("q1", "b", False), ("q1", None, False),
    ("q2", ["c", "a"], True), ("q2", ["a"], False), ("q2", ["a", "b", "c"], False),
    ("q3", False, True), ("q3", True, False), ("q3", "faux", True),
    ("q4", "54", True), ("q4", 54.0, True), ("q4", " 54 ", True), ("q4", "55", False), ("q4", "cinquante", False),
    ("q5", "  DONNEES   Ouvertes. ", True), ("q5", "Open-Data", True), ("q5", "données", False), ("q5", "", False),
    ("q6", ["a", "b", "c"], True), ("q6", ["b", "a", "c"], False),
    ("q7", {"l1": "r2", "l2": "r1"}, True), ("q7", {"l1": "r1", "l2": "r2"}, False), ("q7", {"l1": "r2"}, False),
])
def test_grading_of_the_seven_types(qid, response, ok):
    assert grade(Q[qid], response).correct is ok


def test_numeric_tolerance_and_decimal_comma():
    q = {"id": "n", "type": "numeric", "answer": 3.5, "tolerance": 0.1}
    assert grade(q, "3,45").correct and grade(q, "3.6").correct and not grade(q, "3,7").correct


def test_partial_credit_and_normalisation():
    assert grade(Q["q6"], ["a", "c", "b"]).score == pytest.approx(1 / 3)
    assert grade(Q["q7"], {"l1": "r2", "l2": "r2"}).score == 0.5
    assert normalise_text("Côte d’Ivoire") == normalise_text("cote d'ivoire")


# ------------------------------------------------------------------------------------ profiles
def test_pin_is_scrypt_salted_and_verifies():
    h1, h2 = pins.hash_pin("1234"), pins.hash_pin("1234")
    assert h1.startswith("scrypt$16384$8$1$") and h1 != h2 and "1234" not in h1
    assert pins.verify_pin("1234", h1) and not pins.verify_pin("1235", h1)
    with pytest.raises(ValidationError):
        pins.hash_pin("12a4")


def test_pin_lockout_with_growing_delay(kit):
    now = [1_000_000.0]
    profiles = Profiles(kit, clock=lambda: now[0])
    awa = profiles.create("Awa", "4321")
    with pytest.raises(PinRequiredError):
        profiles.open(awa.id)
    for tries_left in (2, 1):
        with pytest.raises(WrongPinError) as e:
            profiles.open(awa.id, "0000")
        assert e.value.params["tries_left"] == tries_left
    with pytest.raises(PinLockedError) as e:
        profiles.open(awa.id, "0000")
    assert e.value.params["retry_in_s"] == 30
    # while locked even the right PIN is refused
    now[0] += 10
    with pytest.raises(PinLockedError) as e:
        profiles.open(awa.id, "4321")
    assert e.value.params["retry_in_s"] == 20
    now[0] += 21
    with pytest.raises(PinLockedError) as e:  # next failure doubles the delay
        profiles.open(awa.id, "9999")
    assert e.value.params["retry_in_s"] == 60
    now[0] += 61
    svc = profiles.open(awa.id, "4321")
    assert svc.learner.name == "Awa"
    # success resets the count: two free tries again
    with pytest.raises(WrongPinError):
        profiles.open(awa.id, "0000")
    # the lock survives a restart (it is in the Learner row)
    assert Profiles(kit, clock=lambda: now[0]).open(awa.id, "4321").learner_id == awa.id


def test_profile_fields_are_validated_and_cache_has_no_secrets(kit):
    p = Profiles(kit)
    with pytest.raises(ValidationError):
        p.create("  ")
    with pytest.raises(ValidationError):
        p.create("Kofi", gender="robot")
    with pytest.raises(ValidationError):
        p.create("Kofi", country="XX")
    done = kit.learning.create_learner("Kofi", None, gender="m", country="tg", age_band="18-24", category="student")
    k = done.value
    assert (k.country, k.has_pin) == ("TG", False) and done.changes.learners and not done.changes.progress
    cache = json.loads(startup_cache.path(kit.paths.root).read_text())
    assert cache["learners"] == [{"id": k.id, "name": "Kofi", "has_pin": False, "needs_pin": False}]


def test_another_learner_cannot_open_her_progress(kit, course):
    profiles = Profiles(kit)
    awa = profiles.create("Awa", "2468")
    kofi = profiles.create("Kofi")
    awa_svc = profiles.open(awa.id, "2468")
    cap = course.capsule("m1c2")
    awa_svc.record_watch(course, cap, [[0, 4]], position=4, length=4)
    assert awa_svc.course_progress(course).capsules["m1c2"].completed
    kofi_svc = profiles.open(kofi.id)
    # Kofi's service only ever sees Kofi
    assert not kofi_svc.course_progress(course).capsules["m1c2"].completed
    assert kofi_svc.events() == [] and kofi_svc.last_activity() is None
    # he cannot open Awa without her PIN, nor forge a service bound to her
    with pytest.raises(PinRequiredError):
        profiles.open(awa.id)
    with pytest.raises(WrongPinError):
        profiles.open(awa.id, "1357")
    with pytest.raises(PermissionDeniedError):
        LearnerService(kit, awa, object())


# ------------------------------------------------------------------------------------ progress
def test_union_of_watched_intervals():
    assert progress.union([[5, 8], [0, 2], [1, 3], [8.1, 9], [4, 4]]) == [[0, 3], [5, 9]]
    assert progress.covered([[0, 3], [5, 9]], 8) == 6


def test_capsule_completes_when_watched_and_quiz_done_and_cache_rebuilds(kit, course):
    svc = Profiles(kit).open(Profiles(kit).create("Awa").id)
    cap = course.capsule("m1c1")
    quiz = load_quiz(cap.quiz)
    # seeking around is not watching: 0-1 and 3-4 are 50 %
    st = svc.record_watch(course, cap, [[0, 1], [3, 4]], position=4, length=4, duration_s=2)
    assert st.watched_ratio == pytest.approx(0.5) and not st.completed
    st = svc.record_watch(course, cap, [[1, 3.7]], position=3.7, length=4, duration_s=2.7)
    assert st.watched_ratio >= 0.9 and not st.completed  # quiz still required
    attempt = "att-1"
    r = svc.answer(course, cap, quiz, "q1", "b", attempt_id=attempt, duration_s=3)
    assert not r.correct and r.expected == "a"
    r = svc.answer(course, cap, quiz, "q1", "a", attempt_id=attempt, duration_s=2)
    assert r.correct
    res = svc.complete_quiz(course, cap, quiz, attempt_id=attempt)
    assert res.capsule_completed and res.score == 1 and res.max_score == 7 and res.attempts == 1
    for qid, resp in [("q1", "a"), ("q2", ["a", "c"]), ("q3", False), ("q4", "54"), ("q5", "open data"),
                      ("q6", ["a", "b", "c"]), ("q7", {"l1": "r2", "l2": "r1"})]:
        svc.answer(course, cap, quiz, qid, resp, attempt_id="att-2")
    res = svc.complete_quiz(course, cap, quiz, attempt_id="att-2")
    assert (res.best, res.last, res.attempts, res.passed) == (1.0, 1.0, 2, True)
    types = [e.type for e in svc.events(course.id)]
    assert types.count("capsule.completed") == 1 and types.count("quiz.completed") == 2
    watched = [e for e in svc.events(course.id) if e.type == "video.watched"][0].payload
    assert {"segments", "position", "length", "progress", "duration_s"} <= watched.keys()
    answered = [e for e in svc.events(course.id) if e.type == "quiz.answered"][0].payload
    assert answered["interaction_type"] == "choice" and answered["success"] is False and answered["response"] == "b"
    before = svc.course_progress(course)
    assert before.completed == 1 and before.modules["m1"] == (1, 2) and before.time_spent_s == pytest.approx(9.7)
    assert svc.last_activity() == (course.id, "m1c1")
    # the cache is only a cache: wipe it, rebuild from the log, same figures
    with kit.session() as s:
        s.execute(delete(CapsuleProgress))
    assert svc.course_progress(course).completed == 0
    assert svc.rebuild_progress() == 1
    after = svc.course_progress(course)
    assert after.completed == 1 and after.capsules["m1c1"].quiz_best == 1.0
    assert after.capsules["m1c1"].watched == before.capsules["m1c1"].watched


def test_preferences_are_per_learner(kit):
    p = Profiles(kit)
    a, b = p.open(p.create("A").id), p.open(p.create("B").id)
    a.set_pref("rendition", "low")
    assert a.get_pref("rendition") == "low" and b.get_pref("rendition", "standard") == "standard"


# ------------------------------------------------------------------------------------ CLI
def _cli(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(tmp_path / "d"), *args],
                          capture_output=True, text=True)


def test_cli_learner_add_list_import(tmp_path):
    r = _cli(tmp_path, "learner", "add", "--name", "Aïcha", "--pin", "1234")
    assert r.returncode == 0, r.stderr
    aid = r.stdout.strip()
    assert len(aid) == 36
    good = tmp_path / "ok.csv"
    good.write_text("name,pin,gender,country,age_band,category\nKofi,,m,TG,18-24,student\nAwa,98765,f,SN,,media\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,pin,gender,country,age_band,category\nZed,,m,TG,,\nYao,12,m,CI,,\n", encoding="utf-8")
    r = _cli(tmp_path, "learner", "import", str(bad))
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "row 3" in r.stderr and "PIN" in r.stderr
    r = _cli(tmp_path, "learner", "import", str(good))
    assert r.returncode == 0, r.stderr
    r = _cli(tmp_path, "learner", "list", "--json")
    people = json.loads(r.stdout)
    assert sorted(p["name"] for p in people) == sorted(["Aïcha", "Awa", "Kofi"])  # nothing from the bad file
    assert {p["name"]: p["has_pin"] for p in people} == {"Aïcha": True, "Awa": True, "Kofi": False}
    r = _cli(tmp_path, "learner", "add", "--name", "Bob", "--pin", "12", "--json")
    assert r.returncode == 1 and r.stderr.startswith("cc2desktop: ")


def test_watch_tracker_counts_playing_not_seeking():
    from cc2desktop.core.learning.watch import WatchTracker

    t = WatchTracker()
    for pos in (0.0, 0.1, 0.2, 0.3):
        t.tick(pos, playing=True)
    t.tick(30.0, playing=True)  # a seek forward: not watched
    t.tick(30.2, playing=True)
    t.tick(30.2, playing=False)
    t.tick(31.0, playing=True)  # resumed after a pause
    t.tick(31.3, playing=True, rate=1.5)
    segs, wall = t.take()
    assert segs == [[0.0, 0.3], [30.0, 30.2], [31.0, 31.3]]
    assert wall == pytest.approx(0.3 + 0.2 + 0.2)
    t.tick(31.5, playing=True, rate=1.5)  # tracking continues after a take
    assert t.take()[0] == [[31.3, 31.5]]


def test_watch_tracker_counts_the_end_after_the_player_said_stopped():
    """At the end the player may say "stopped" (the window saves what was played) before "end of
    media": the last bit the position signal skipped is still counted, once; not after a seek."""
    from cc2desktop.core.learning.watch import WatchTracker

    t = WatchTracker()
    for pos in (0.0, 1.0, 2.0, 2.9):
        t.tick(pos, playing=True, rate=1.5)
    t.tick(2.9, playing=False)
    assert t.take()[0] == [[0.0, 2.9]]
    t.extend_to(4.0, rate=1.5)
    assert t.take()[0] == [[2.9, 4.0]]
    t.extend_to(4.0, rate=1.5)
    assert not t.pending()
    t.tick(1.0, playing=True)
    t.tick(1.5, playing=True)
    t.take()
    t.seeked()
    t.extend_to(4.0)
    assert not t.pending()


def test_next_step_is_the_next_unfinished_capsule():
    from types import SimpleNamespace as NS

    from cc2desktop.core.learning.facade import LearnerProgress

    course = NS(id="c", capsules=[NS(id=x) for x in ("a", "b", "c", "d")])
    other = NS(id="z", capsules=[NS(id="z1")])

    def prog(done, last):
        caps = {x: NS(completed=x in done) for x in "abcd"}
        return LearnerProgress({"c": NS(capsules=caps), "z": NS(capsules={"z1": NS(completed=True)})}, last)

    assert prog(set(), None).next_step([course]) == ("c", "a")
    assert prog({"a"}, ("c", "a")).next_step([course]) == ("c", "b")  # the last one done: the next
    assert prog({"a", "c"}, ("c", "b")).next_step([course]) == ("c", "b")  # the last one not done: it again
    assert prog({"a", "b", "c"}, ("c", "b")).next_step([course, other]) == ("c", "d")
    assert prog({"b", "c", "d"}, ("c", "d")).next_step([course]) == ("c", "a")  # wraps to the start
    assert prog(set("abcd"), ("c", "d")).next_step([other, course]) is None  # all done: the certificate
