"""A server mistake never costs an exam attempt: with a real hub on 127.0.0.1 that does not publish
the course (``unknown_course``), or that fails while grading (``server_error``), the learner's
attempt is not counted, the app says in plain words that the centre must contact the programme,
and the same answers can be sent again later — and are graded once the hub is fixed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cc2desktop.core import events as ev
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import service
from cc2desktop.core.certification.decision import ANSWER_REASONS, REASON_TEXT, counts_as_attempt
from cc2desktop.core.db.base import new_id
from cc2desktop.core.db.models import Learner

from .conftest import CertServer
from tests.support.certification_course import RIGHT, complete_course

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_hub(tmp_path):
    """A hub that publishes no course (its courses folder is empty)."""
    (tmp_path / "no-courses").mkdir()
    srv = CertServer(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "no-courses", tmp_path / "hub-data").start()
    yield srv
    srv.stop()


@pytest.fixture
def pc(tmp_path, empty_hub, course_pack):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs.service import get_manifest
    from tests.support.certification_course import install_test_course
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient

    kit = Kit(resolve_data_paths(tmp_path / "pc"))
    install_test_course(kit, course_pack)
    SyncClient(kit).enrol(empty_hub.url, empty_hub.hub.new_enrolment_code(), "cybercafé")
    m = get_manifest(kit, "test-civictech")
    with kit.session() as s:
        s.add(Learner(id="L1", display_name="Aïssatou"))
        s.flush()
        complete_course(s, "L1", m)
    yield kit, m
    kit.close()


def _sync(kit):
    from cc2desktop.core.sync.client import SyncClient

    return SyncClient(kit).sync()


def _take_exam(kit, answers):
    view = service.start_exam(kit, "L1", "test-civictech")
    for qid, r in answers.items():
        service.save_exam_answer(kit, "L1", "test-civictech", view["attempt"]["attempt_id"], qid, r)
    return service.submit_exam(kit, view["attempt"], answers)


def test_unknown_course_on_the_hub_costs_nothing_and_the_sheet_is_graded_once_published(pc, empty_hub, course_pack):
    from cc2desktop.server.certification import load_courses

    kit, m = pc
    assert service.eligibility(kit, "L1", m.id)["attempts_left"] == 2
    claim = _take_exam(kit, RIGHT)
    _sync(kit)
    e = service.eligibility(kit, "L1", m.id)
    assert e["state"] == "not_graded" and e["claims"][-1]["reasons"][0]["code"] == "unknown_course"
    assert e["attempts_left"] == 2 and e["attempts_used"] == 0  # not counted
    # sending again before the hub is fixed: refused the same way, still not counted
    again = service.resend_claim(kit, "L1", claim["claim_id"])
    assert again["attempt_id"] == claim["attempt_id"] and again["answers"] == claim["answers"]
    assert again["claim_id"] != claim["claim_id"] and again["submitted_at"] == claim["submitted_at"]
    assert service.eligibility(kit, "L1", m.id)["state"] == "pending"
    _sync(kit)
    e = service.eligibility(kit, "L1", m.id)
    assert e["state"] == "not_graded" and e["attempts_left"] == 2
    # the centre contacted the programme: the hub now publishes the course; the same sheet is graded
    empty_hub.certifier.courses = load_courses(course_pack.parent)
    service.resend_claim(kit, "L1", e["claims"][-1]["claim_id"])
    _sync(kit)
    e = service.eligibility(kit, "L1", m.id)
    assert e["state"] == "certified" and e["attempts_used"] == 1
    # on the server, only the graded sheet counts against the attempts allowed
    from cc2desktop.server.certification import list_certificates

    with empty_hub.hub.Session() as s:
        rows = list_certificates(s)
    assert [r["state"] for r in rows] == ["not_passed", "not_passed", "certified"]
    assert [r["claim_id"] is not None for r in rows] == [False, False, True]


def test_a_server_error_while_grading_costs_nothing(pc, empty_hub, course_pack):
    from cc2desktop.core.certification.decision import PublishedCourse
    from cc2desktop.server.certification import load_courses

    kit, m = pc
    published = load_courses(course_pack.parent)
    (key,) = published
    broken = dict(published[key].answer_key)
    del broken["e3"]  # the hub's answer key file lost a question: grading fails on the server
    empty_hub.certifier.courses = {key: PublishedCourse(published[key].manifest, broken)}
    claim = _take_exam(kit, RIGHT)
    _sync(kit)
    e = service.eligibility(kit, "L1", m.id)
    assert e["state"] == "not_graded" and e["claims"][-1]["reasons"][0]["code"] == "server_error"
    assert e["attempts_left"] == 2
    empty_hub.certifier.courses = published
    service.resend_claim(kit, "L1", claim["claim_id"])
    _sync(kit)
    assert service.eligibility(kit, "L1", m.id)["state"] == "certified"


def test_a_low_score_counts_and_cannot_be_sent_again(pc, empty_hub, course_pack):
    from cc2desktop.server.certification import load_courses

    kit, m = pc
    empty_hub.certifier.courses = load_courses(course_pack.parent)
    claim = _take_exam(kit, {"e1": "a"})
    _sync(kit)
    e = service.eligibility(kit, "L1", m.id)
    assert e["state"] == "not_passed" and e["attempts_left"] == 1
    with pytest.raises(ex.ExamError) as err:
        service.resend_claim(kit, "L1", claim["claim_id"])
    assert err.value.code == "exam_not_resendable"


def test_refusal_classes_match_the_documentation():
    """docs/certification.md lists every refusal code with whether it counts as an attempt."""
    text = (REPO / "docs" / "certification.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| (yes|no) \|", text, flags=re.M))
    assert set(rows) == set(REASON_TEXT)
    assert {code for code, counts in rows.items() if counts == "yes"} == set(ANSWER_REASONS)
    from cc2desktop.core.certification.decision import Decision, Reason

    for code in REASON_TEXT:
        d = Decision(new_id(), "refusal", "c", "L1", "course", "2026-01-01T00:00:00.000Z",
                     reasons=[Reason(code, REASON_TEXT[code])])
        assert counts_as_attempt(d) is (rows[code] == "yes")


@pytest.mark.gui
def test_the_learner_reads_that_the_centre_must_contact_the_programme_and_sends_again(pc, empty_hub, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from cc2desktop.ui.shell import i18n
    from cc2desktop.ui.certification.widgets import CertificationPanel
    from cc2desktop.ui.shell.tasks import TaskRunner

    kit, m = pc
    i18n.set_language("fr")
    runner = TaskRunner()
    panel = CertificationPanel(kit.certification, runner, "L1", m.id, "fr", confirm=lambda _m: True)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    try:
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            panel.refresh()
        qtbot.mouseClick(panel.checklist.start, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.exam, timeout=10_000)
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            qtbot.mouseClick(panel.exam.finish, Qt.MouseButton.LeftButton)
        assert panel.card.state == "pending"
        _sync(kit)
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            panel.refresh()
        text = panel.card.headline.text() + " " + panel.card.details.text()
        assert panel.card.state == "not_graded" and "Pas réussi" not in text
        assert "le centre doit contacter le programme" in text and "ne compte pas" in text
        assert "2 tentative(s) restante(s) sur 2" in panel.checklist.status.text()
        assert panel.card.resend.isVisible() and panel.checklist.start.isEnabled()
        panel.grab().save(str(tmp_path / "not_graded.png"))
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            qtbot.mouseClick(panel.card.resend, Qt.MouseButton.LeftButton)
        assert panel.card.state == "pending"
        with kit.session() as s:
            claims = [e.payload for e in ev.for_learner(s, "L1", types=("exam.claimed",))]
        assert len(claims) == 2 and claims[0]["attempt_id"] == claims[1]["attempt_id"]
    finally:
        runner.wait()
        i18n.set_language("en")
