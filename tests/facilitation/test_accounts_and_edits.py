"""Facilitator accounts (the first one by a setup step, later ones by a facilitator), a learner's PIN
set in front of the facilitator, groups, sessions and participants edited and deleted without losing
a learner's event; real SQLite files."""

import pytest
from sqlalchemy import func, select

from cc2desktop.core.db.models import Event, Learner
from cc2desktop.core.errors import PermissionDeniedError, ValidationError
from cc2desktop.core.facilitation import accounts, service
from tests.support.facilitation import make_learners


def _events(kit) -> list[tuple[str, str]]:
    with kit.session() as s:
        return [(e.learner_id, e.type) for e in s.scalars(select(Event).order_by(Event.seq))]


def test_first_account_by_the_setup_step_then_only_a_facilitator_adds_others(kit):
    fac = kit.facilitation
    assert fac.needs_setup()
    fs = fac.create_first("Mme Sow", "animatrice-2026")
    assert fs.name == "Mme Sow" and not fac.needs_setup()
    # the setup step is closed for good, whoever asks
    with pytest.raises(PermissionDeniedError) as e:
        fac.create_first("Intrus", "intrus-2026!")
    assert e.value.code == "facilitator_setup_done"
    with kit.session() as s, pytest.raises(PermissionDeniedError):
        accounts.add_facilitator(s, "Intrus", "intrus-2026!")
    assert fac.facilitators() == ["Mme Sow"]
    # a signed-in facilitator adds a colleague
    fac.add_facilitator(fs, "M. Traoré", "traore-2026")
    assert fac.facilitators() == ["M. Traoré", "Mme Sow"]
    with pytest.raises(ValidationError) as e:
        fac.add_facilitator(fs, "M. Traoré", "another-one")
    assert e.value.code == "facilitator_exists"
    with pytest.raises(ValidationError) as e:
        fac.add_facilitator(fs, "Court", "1234")
    assert e.value.code == "password_short"
    # change one's password: the old one is asked again
    with pytest.raises(PermissionDeniedError):
        fac.change_password(fs, "not my password", "nouveau-mot-2026")
    fac.change_password(fs, "animatrice-2026", "nouveau-mot-2026")
    with pytest.raises(PermissionDeniedError):
        fac.sign_in("Mme Sow", "animatrice-2026")
    assert fac.sign_in("Mme Sow", "nouveau-mot-2026").name == "Mme Sow"
    # remove: never one's own account
    with pytest.raises(ValidationError) as e:
        fac.remove_facilitator(fs, "Mme Sow")
    assert e.value.code == "facilitator_self"
    fac.remove_facilitator(fs, "M. Traoré")
    assert fac.facilitators() == ["Mme Sow"]


def test_two_setups_at_once_make_one_first_account(kit, data_paths):
    """Two windows on the same data folder press "create" together: one wins, the other is refused."""
    import threading

    from cc2desktop.core.kit import Kit

    other = Kit(data_paths)
    results = []
    gate = threading.Barrier(2)

    def run(k, name):
        gate.wait()
        try:
            results.append(k.facilitation.create_first(name, "mot-de-passe-1").name)
        except PermissionDeniedError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=run, args=(k, n)) for k, n in ((kit, "A"), (other, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert sorted(results, key=len)[1] == "facilitator_setup_done" and len(kit.facilitation.facilitators()) == 1


def test_profiles_made_by_a_facilitator_need_a_pin_set_by_the_learner_herself(fac):
    kit, fs = fac
    [lid] = make_learners(kit, fs, 1)
    tiles = {t["id"]: t for t in kit.learning.learners()}
    assert tiles[lid]["needs_pin"] is True and tiles[lid]["has_pin"] is False
    own = kit.learning.create_learner("Aïcha").value  # made by a learner on the welcome screen: no such step
    assert kit.learning.learner(own.id).needs_pin is False
    with kit.session() as s:
        service.create_group(s, fs, "G")
        service.enrol(s, fs, "G", [lid])
    before = _events(kit)
    with pytest.raises(ValidationError) as e:
        kit.facilitation.set_pin(fs, lid, "12")
    assert e.value.code == "pin_format"
    # a PIN forgotten then locked: the facilitator lets the learner type a new one
    with kit.session() as s:
        row = s.get(Learner, lid)
        row.pin_failures, row.pin_locked_until = 9, "2999-01-01T00:00:00Z"
    done = kit.facilitation.set_pin(fs, lid, "4821")
    assert done.changes.learners
    info = kit.learning.learner(lid)
    assert info.has_pin and not info.needs_pin
    assert kit.learning.open(lid, "4821").learner_id == lid
    assert _events(kit) == before, "setting a PIN writes and removes no event"
    with kit.session() as s, pytest.raises(PermissionDeniedError):
        service.set_pin(s, object(), lid, "1111")  # only a signed-in facilitator


def test_rename_and_delete_a_group_keep_every_learner_event_and_survive_a_rebuild(fac):
    kit, fs = fac
    ids = make_learners(kit, fs, 4)
    with kit.session() as s:
        service.create_group(s, fs, "Matin")
        service.enrol(s, fs, "Matin", ids)
        sid = service.plan_session(s, fs, "Matin", "2026-11-28", ["m1c1"])
        service.record_attendance(s, fs, sid, absent=ids[3:])
        service.leave(s, fs, "Matin", ids[3:])  # left the group: still concerned by its deletion
    kit.facilitation.rename_group(fs, "Matin", "Groupe du matin")
    with kit.session() as s:
        assert [g.name for g in service.list_groups(s, fs)] == ["Groupe du matin"]
        service.rebuild(s)
        assert [g.name for g in service.list_groups(s, fs)] == ["Groupe du matin"]
    with pytest.raises(ValidationError):
        kit.facilitation.rename_group(fs, "Groupe du matin", "  ")
    before = _events(kit)
    n = kit.facilitation.delete_group(fs, "Groupe du matin").value
    assert n == 4
    after = _events(kit)
    assert after[: len(before)] == before and {t for _l, t in after[len(before):]} == {"group.deleted"}
    with kit.session() as s:
        assert service.list_groups(s, fs) == [] and service.list_sessions(s, fs) == []
        service.rebuild(s)  # replaying the log does not bring the group back
        assert service.list_groups(s, fs) == [] and service.list_sessions(s, fs) == []
        # a group of the same name can be made again
        service.create_group(s, fs, "Groupe du matin")


def test_delete_a_session_keeps_the_group_quiz_in_the_learners_results(fac):
    from tests.support.facilitation import QUIZ

    kit, fs = fac
    ids = make_learners(kit, fs, 3)
    with kit.session() as s:
        service.create_group(s, fs, "G")
        service.enrol(s, fs, "G", ids)
        keep = service.plan_session(s, fs, "G", "2026-11-27", [])
        sid = service.plan_session(s, fs, "G", "2026-11-28", ["m1c1"])
        service.record_attendance(s, fs, sid, absent=[])
        service.record_group_quiz(s, fs, sid, QUIZ, course_id="c", capsule_id="m1c1", hands={"q1": {"a": 3}})
    before = _events(kit)
    assert kit.facilitation.delete_session(fs, sid).value == 3
    assert _events(kit)[: len(before)] == before
    with kit.session() as s:
        assert [x.id for x in service.list_sessions(s, fs)] == [keep]
        service.rebuild(s)
        assert [x.id for x in service.list_sessions(s, fs)] == [keep]
        assert s.scalar(select(func.count()).select_from(Event).where(Event.type == "quiz.completed")) == 3
    d = kit.facilitation.dashboard(fs)
    assert d.totals["attendance_pct"] is None  # the deleted session's sheet no longer counts
    assert all(r[9] is not None for r in d.learners.rows)  # their group-quiz scores still do


def test_edit_a_participant_with_the_app_s_french_labels(fac):
    kit, fs = fac
    [lid] = make_learners(kit, fs, 1)
    kit.facilitation.update_participant(fs, lid, display_name="  Fatou   Diallo ", gender="Femme", country="Sénégal",
                                        category="Étudiant·e", age_band="18 à 24 ans")
    info = kit.learning.learner(lid)
    assert (info.name, info.gender, info.country, info.category, info.age_band) == (
        "Fatou Diallo", "f", "SN", "student", "18-24")
    with pytest.raises(ValidationError) as e:
        kit.facilitation.update_participant(fs, lid, display_name="")
    assert e.value.code == "name_empty"
    assert kit.learning.learner(lid).name == "Fatou Diallo"
