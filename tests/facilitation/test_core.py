import json

import pytest
from sqlalchemy import func, select

from cc2desktop.core import events
from cc2desktop.core.db.models import Event
from cc2desktop.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from cc2desktop.core.facilitation import accounts, service
from cc2desktop.core.facilitation.models import Attendance, Facilitator

from tests.support.facilitation import PASSWORD, QUIZ, make_learners


def test_password_is_scrypt_salted_and_checked(kit):
    with kit.session() as s:
        accounts.add_facilitator(s, "Awa", PASSWORD)  # the first account sets the PC up
    with kit.session() as s:
        with pytest.raises(PermissionDeniedError):  # anyone else needs a facilitator to add them
            accounts.add_facilitator(s, "Intruder", PASSWORD)
        with pytest.raises(PermissionDeniedError):
            accounts.add_facilitator(s, "Intruder", PASSWORD, by=LearnerSession())
        awa = accounts.authenticate(s, "Awa", PASSWORD)
        accounts.add_facilitator(s, "Moussa", PASSWORD, by=awa)
        hashes = [f.password_hash for f in s.scalars(select(Facilitator))]
    assert all(h.startswith("scrypt$16384$8$1$") for h in hashes)
    assert hashes[0] != hashes[1]  # salted
    assert PASSWORD not in "".join(hashes)
    with kit.session() as s:
        assert accounts.authenticate(s, "Awa", PASSWORD).name == "Awa"
        with pytest.raises(PermissionDeniedError):
            accounts.authenticate(s, "Awa", "wrong password")
        with pytest.raises(PermissionDeniedError):
            accounts.authenticate(s, "Nobody", PASSWORD)
        with pytest.raises(ValidationError):
            accounts.add_facilitator(s, "Short", "1234", by=awa)
        with pytest.raises(ValidationError):
            accounts.add_facilitator(s, "Awa", PASSWORD, by=awa)
        assert accounts.list_facilitators(s) == ["Awa", "Moussa"]


class LearnerSession:  # what a learner's sign-in gives (learning domain); it must open no facilitator door
    learner_id = "L1"
    name = "Awa"
    facilitator_id = "x"


def test_only_an_authenticated_facilitator_session_reaches_facilitator_actions(fac):
    kit, fs = fac
    with pytest.raises(PermissionDeniedError):
        accounts.FacilitatorSession("id", "Awa", 0.0)  # cannot be forged
    calls = [
        lambda s, who: service.create_group(s, who, "G"),
        lambda s, who: service.list_groups(s, who),
        lambda s, who: service.new_learner(s, who, "X"),
        lambda s, who: service.enrol(s, who, "G", []),
        lambda s, who: service.plan_session(s, who, "G", "2026-11-28"),
        lambda s, who: service.record_attendance(s, who, "sid"),
        lambda s, who: service.record_group_quiz(s, who, "sid", QUIZ, course_id="c", capsule_id="m1c1"),
    ]
    from cc2desktop.core.reports import dashboard

    calls.append(lambda s, who: dashboard.load(s, who))
    from cc2desktop.core.learning.service import Profiles

    profiles = Profiles(kit)
    learner = profiles.create("Awa", pin="4826")
    real_learner_session = profiles.open(learner.id, "4826")  # what a learner gets by signing in
    for call in calls:
        for intruder in (real_learner_session, LearnerSession(), None, object()):
            with kit.session() as s, pytest.raises(PermissionDeniedError):
                call(s, intruder)
    with kit.session() as s:
        assert service.create_group(s, fs, "G").name == "G"


def test_groups_enrol_move_and_events(fac, tmp_path):
    kit, fs = fac
    ids = make_learners(kit, fs, 5)
    with kit.session() as s:
        service.create_group(s, fs, "Matin")
        service.create_group(s, fs, "Soir")
        assert service.enrol(s, fs, "Matin", ids) == 5
        assert service.enrol(s, fs, "Matin", ids[:2]) == 0  # already in
        assert service.move(s, fs, ids[:2], "Matin", "Soir") == 2
        with pytest.raises(NotFoundError):
            service.enrol(s, fs, "Nope", ids)
    with kit.session() as s:
        counts = {g.name: g.members for g in service.list_groups(s, fs)}
        types = [t for (t,) in s.execute(select(Event.type).order_by(Event.seq))]
    assert counts == {"Matin": 3, "Soir": 2}
    assert types.count("group.enrolled") == 7 and types.count("group.left") == 2
    # CSV: new participants and an existing one by code (already in the group); a bad row is refused alone
    with kit.session() as s:
        from cc2desktop.core.db.models import Learner

        s.get(Learner, ids[0]).code = "ABC123"
    good = tmp_path / "p.csv"
    good.write_text("nom;genre;pays;catégorie;code\nFatou;F;sn;student;\nKoffi;H;TG;;\n;;;;abc123\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nAdama,Atlantis\n", encoding="utf-8")
    with kit.session() as s:
        rep = service.enrol_csv(s, fs, "Soir", good)
    assert (rep.created, rep.enrolled, rep.already, rep.errors) == (2, 2, 1, [])
    with kit.session() as s:
        rep = service.enrol_csv(s, fs, "Soir", bad)
    assert (rep.created, rep.enrolled) == (0, 0) and [(e.line, e.code, e.value) for e in rep.errors] == [
        (2, "country_invalid", "Atlantis")]
    with kit.session() as s:
        m = {r.display_name: r for r in service.members(s, fs, "Soir")}
    assert set(m) == {"P00", "P01", "Fatou", "Koffi"}
    assert (m["Fatou"].gender, m["Fatou"].country, m["Koffi"].gender) == ("f", "SN", "m")


def test_attendance_all_present_then_exceptions_and_edits(fac):
    kit, fs = fac
    ids = make_learners(kit, fs, 36)
    with kit.session() as s:
        service.create_group(s, fs, "G")
        service.enrol(s, fs, "G", ids)
        sid = service.plan_session(s, fs, "G", "2026-11-20", ["m1c1", "m1c2"], "Intro")
    with kit.session() as s:
        assert all(r.present is None for r in service.attendance(s, fs, sid))
        assert service.record_attendance(s, fs, sid, absent=ids[:3]) == 36
        assert service.record_attendance(s, fs, sid, absent=ids[:3]) == 0  # nothing changed, no event
        assert service.record_attendance(s, fs, sid, absent=ids[1:3]) == 1  # late arrival
        service.update_session(s, fs, sid, date="2026-11-21", notes="Intro + quiz")
    with kit.session() as s:
        info = service.get_session(s, fs, sid)
        assert (info.date, info.notes, info.present, info.recorded) == ("2026-11-21", "Intro + quiz", 34, 36)
        n_att = s.scalar(select(func.count()).select_from(Event).where(Event.type == "session.attended"))
        assert n_att == 37
        with pytest.raises(ValidationError):
            service.update_session(s, fs, sid, date="21/11/2026")
    with kit.session() as s:
        outsider = service.new_learner(s, fs, "Outsider")
        with pytest.raises(ValidationError):
            service.record_attendance(s, fs, sid, present=[outsider])
    # derived tables are rebuilt from the log to the same state
    with kit.session() as s:
        before = sorted(s.execute(select(Attendance.learner_id, Attendance.present)).all())
        sessions_before = service.list_sessions(s, fs)
        service.rebuild(s)
    with kit.session() as s:
        assert sorted(s.execute(select(Attendance.learner_id, Attendance.present)).all()) == before
        assert service.list_sessions(s, fs) == sessions_before


def test_group_quiz_per_participant_and_show_of_hands(fac):
    kit, fs = fac
    ids = make_learners(kit, fs, 10)
    with kit.session() as s:
        service.create_group(s, fs, "G")
        service.enrol(s, fs, "G", ids)
        sid = service.plan_session(s, fs, "G", "2026-11-20", ["m1c1"])
        with pytest.raises(ValidationError, match="attendance"):
            service.record_group_quiz(s, fs, sid, QUIZ, course_id="c", capsule_id="m1c1")
        service.record_attendance(s, fs, sid, absent=ids[8:])
    with kit.session() as s:
        res = service.record_group_quiz(
            s, fs, sid, QUIZ, course_id="c", capsule_id="m1c1",
            answers={"q3": {ids[0]: "Donnees  OUVERTES", ids[1]: "closed data"}},
            hands={"q1": {"a": 6, "b": 2}, "q2": {"true": 8, "false": 0}})
        assert res.attempts == 8
        with pytest.raises(ValidationError):  # absent learner's answer
            service.record_group_quiz(s, fs, sid, QUIZ, course_id="c", capsule_id="m1c1", answers={"q3": {ids[9]: "x"}})
        with pytest.raises(ValidationError):  # hands on a text question
            service.record_group_quiz(s, fs, sid, QUIZ, course_id="c", capsule_id="m1c1", hands={"q3": {"a": 1}})
    with kit.session() as s:
        completed = s.scalars(select(Event).where(Event.type == "quiz.completed"))
        done = {e.learner_id: json.loads(e.payload) for e in completed}
    assert set(done) == set(ids[:8])  # absent learners get no attempt
    assert done[ids[0]]["scaled"] == pytest.approx((0.75 + 1 + 1) / 3, abs=1e-3)
    assert done[ids[1]]["scaled"] == pytest.approx((0.75 + 1 + 0) / 3, abs=1e-3)
    assert done[ids[2]]["scaled"] == pytest.approx((0.75 + 1 + 0) / 3, abs=1e-3)
    assert all(p["attempt"] == "group_session" and p["session_id"] == sid for p in done.values())
    # the learning domain counts it as a quiz attempt of the capsule for each attending learner
    from cc2desktop.core.learning import progress

    with kit.session() as s:  # the learner's progress cache shows it at once, as a rebuild would
        from cc2desktop.core.learning.models import CapsuleProgress

        cached = progress.row_to_state(s.get(CapsuleProgress, (ids[0], "c", "m1c1")))
        progress.rebuild(s)
        st = progress.fold_events("c", "m1c1", list(events.for_learner(s, ids[0], course_id="c")))
        absent = events.for_learner(s, ids[9], course_id="c")
    assert st.quiz_attempts == 1 and st.quiz_best == pytest.approx(0.9167, abs=1e-3)
    assert cached == st
    assert absent == []
