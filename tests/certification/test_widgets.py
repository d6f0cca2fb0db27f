"""The certification widgets, offscreen, over a real data dir: checklist → exam with timer → sealed
claim (pending) → the server's certificate arrives → card with QR → save as PDF (verifies)."""

from __future__ import annotations

import json

import pytest

from cc2desktop.core import crypto
from cc2desktop.core import events as ev
from cc2desktop.core.certification import exam as ex
from cc2desktop.core.certification import keys, service
from cc2desktop.core.certification.decision import PublishedCourse, decide
from cc2desktop.core.db.models import Learner

from tests.support.certification_course import EXAM_KEY, RIGHT, complete_course

pytestmark = pytest.mark.gui


@pytest.fixture
def setup(kit, course_pack, qtbot):
    from cc2desktop.core.packs.service import get_manifest
    from tests.support.certification_course import install_test_course
    from cc2desktop.ui.certification.widgets import CertificationPanel
    from cc2desktop.ui.shell.tasks import TaskRunner

    install_test_course(kit, course_pack)
    m = get_manifest(kit, "test-civictech")
    with kit.session() as s:
        s.add(Learner(id="L1", display_name="Aïssatou Ndèye Diallo-Kouyaté"))
        s.flush()
        complete_course(s, "L1", m, skip=("c2",))
    runner = TaskRunner()
    saved = {}
    panel = CertificationPanel(kit.certification, runner, "L1", m.id, "fr",
                               confirm=lambda msg: saved.setdefault("msg", msg) or True,
                               ask_path=lambda name: saved.get("path"))
    qtbot.addWidget(panel)
    panel.resize(900, 640)
    panel.show()
    yield kit, m, panel, runner, saved
    runner.wait()


def _refresh(panel, runner, qtbot):
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        panel.refresh()


def test_checklist_exam_pending_certified_and_pdf(setup, qtbot, tmp_path):
    from cc2desktop.core.sync.models import SyncItem

    kit, m, panel, runner, saved = setup
    _refresh(panel, runner, qtbot)
    assert not panel.checklist.start.isEnabled()
    assert "○" in panel.checklist.items_text() and "Comment ?" in panel.checklist.items_text()
    panel.grab().save(str(tmp_path / "checklist.png"))

    with kit.session() as s:
        complete_course(s, "L1", m)
    _refresh(panel, runner, qtbot)
    assert panel.checklist.start.isEnabled() and panel.elig["state"] == "ready"

    panel.checklist.start.click()
    qtbot.waitUntil(lambda: panel.stack.currentIndex() == 1, timeout=10_000)
    exam = panel.exam
    assert exam.remaining_s() is not None and 590 < exam.remaining_s() <= 600
    assert "Time left" in exam.timer_label.text() or "Temps" in exam.timer_label.text()
    order = [q["id"] for q in exam._questions]
    assert sorted(order) == ["e1", "e2", "e3", "e4"] and all("answer" not in q for q in exam._questions)
    for q, w in zip(exam._questions, exam._widgets):
        w.set_response(RIGHT[q["id"]])
    exam.go(1)
    panel.grab().save(str(tmp_path / "exam.png"))
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        exam.finish.click()
    assert panel.card.state == "pending" and panel.elig["state"] == "pending"
    with kit.session() as s:
        [claim] = [e.payload for e in ev.for_learner(s, "L1", types=("exam.claimed",))]
    assert claim["answers"]["e1"] == "b" and claim["order"] == order

    # the server's decision arrives by sync
    with kit.session() as s:
        d = decide(claim, event_learner_id="L1", event_device_id=ev.device_id(s),
                   device_public_key=crypto.public_b64url(ex.device_key(kit.paths.keys_dir)),
                   learner_events=ev.for_learner(s, "L1"), course=PublishedCourse(m, EXAM_KEY),
                   learner_name="Aïssatou Ndèye Diallo-Kouyaté",
                   issuer_key=keys.load_private_key(keys.demo_private_key_path()))
        d.verify_url = f"http://127.0.0.1:8765/verify/{d.code}"
        s.add(SyncItem(pos=1, kind="certificate", learner_id="L1", body=json.dumps(d.to_item()),
                       created_at=d.decided_at))
    _refresh(panel, runner, qtbot)
    assert panel.card.state == "certified" and panel.card.save.isVisible() and not panel.checklist.isVisible()
    assert d.code in panel.card.details.text() and "Aïssatou" in panel.card.details.text()
    assert not panel.card.qr.pixmap().isNull()
    panel.grab().save(str(tmp_path / "card.png"))

    saved["path"] = str(tmp_path / "mine.pdf")
    with qtbot.waitSignal(panel.changed, timeout=20_000):
        panel.card.save.click()
    res = service.verify_any(panel.last_pdf)
    assert res.valid and res.claims["name"] == "Aïssatou Ndèye Diallo-Kouyaté" and res.claims["score"] == 100


def test_exam_hands_in_when_time_is_up(qtbot):
    from cc2desktop.ui.certification.widgets import ExamPage

    page = ExamPage(confirm=lambda _m: True)
    qtbot.addWidget(page)
    q = {"id": "e3", "type": "true_false", "prompt": {"fr": "Vrai ?", "en": "True?"}}
    page.start([q], "fr", ["fr", "en"], 60, elapsed_s=59.2)
    page._widgets[0].set_response(True)
    with qtbot.waitSignal(page.submitted, timeout=5000) as sig:
        pass
    assert sig.args == [{"e3": True}]
    page._hand_in()  # only once


def test_not_passed_card_lists_reasons(qtbot):
    from cc2desktop.ui.certification.widgets import CertificateCard

    card = CertificateCard()
    qtbot.addWidget(card)
    card.show_not_passed(0.5, ["score_below_mastery"], 1)
    assert "50" in card.details.text() and "pass mark" in card.details.text() and card.retry.isVisibleTo(card)
    card.show_not_passed(None, ["pack_mismatch"], 0)
    assert "modified copy" in card.details.text() and not card.retry.isVisibleTo(card)
