"""Two PCs enrolled to a real server on 127.0.0.1, a third that travels only by USB bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from cc2desktop.core.db.models import Event, Learner
from cc2desktop.core.sync import bundles
from cc2desktop.core.sync.client import SyncClient, SyncError, items, status
from tests.support.certification_course import claim_payload
from tests.sync.conftest import add_events, add_learner, enrolled, write_raw_event


def _history(kit, learner_id=None) -> set[tuple]:
    with kit.session() as s:
        q = select(Event.id, Event.learner_id, Event.device_id, Event.seq, Event.type, Event.payload, Event.created_at)
        if learner_id:
            q = q.where(Event.learner_id == learner_id)
        return {tuple(r) for r in s.execute(q)}


def _server_history(srv, learner_id) -> set[tuple]:
    return {(e["id"], learner_id, e["device_id"], e["seq"], e["type"],
             json.dumps(e["payload"], ensure_ascii=False, separators=(",", ":"), sort_keys=True), e["created_at"])
            for e in srv.hub.learner_history(learner_id)}


def _code(kit, lid):
    with kit.session() as s:
        return s.get(Learner, lid).code


def test_two_pcs_and_a_usb_pc_end_with_identical_histories(server, make_kit, tmp_path):
    a, b, c = enrolled(make_kit("a"), server), enrolled(make_kit("b"), server), make_kit("c")
    la = add_learner(a, "Aïcha", pin="2468")
    add_events(a, la, 30)
    SyncClient(a).sync()
    assert status(a)["pending"] == 0 and status(a)["synced"] == 30
    # The same learner continues on PC b ("I already have an account").
    SyncClient(b).claim(_code(a, la).lower().replace("-", " "), "2468")
    assert _history(b, la) == _history(a, la)
    add_events(b, la, 12)
    SyncClient(b).sync()
    SyncClient(a).sync()
    assert _history(a, la) == _history(b, la) == _server_history(server, la)
    assert len(_history(a, la)) == 42

    # PC c never goes online: its learner's work travels by stick through PC a.
    lc = add_learner(c, "Kofi", pin="1357")
    add_events(c, lc, 9)
    usb = tmp_path / "usb"
    push = SyncClient(c).export_bundle(usb, code=server.hub.new_enrolment_code())
    res = SyncClient(a).import_bundle(push)
    reply = res["reply"]
    assert SyncClient(c).import_bundle(reply)["acked"] == 9
    assert status(c)["pending"] == 0 and status(c)["synced"] == 9
    assert SyncClient(c).import_bundle(reply)["acked"] == 9  # twice is harmless
    assert len(_history(c, lc)) == 9 and _history(c, lc) == _server_history(server, lc)
    # Kofi goes to PC b and claims his account there; his new work returns to c by stick.
    SyncClient(b).claim(_code(c, lc), "1357")
    add_events(b, lc, 4)
    SyncClient(b).sync()
    push2 = SyncClient(c).export_bundle(usb)
    SyncClient(a).import_bundle(push2)
    SyncClient(c).import_bundle(push2.with_name(push2.name.replace(".cc2sync", ".reply.cc2sync")))
    assert _history(c, lc) == _history(b, lc) == _server_history(server, lc)
    assert len(_history(c, lc)) == 13
    assert server.hub.stats() == {"events": 55, "learners": 2, "devices": 3, "certificates": 0,
                                 "certified": 0, "not_passed": 0}


def test_an_account_comes_to_a_usb_only_pc_by_bundle(server, make_kit, tmp_path):
    a, c = enrolled(make_kit("a"), server), make_kit("c")
    la = add_learner(a, "Awa", pin="8642")
    add_events(a, la, 25)
    SyncClient(a).sync()
    usb = tmp_path / "usb"
    first = SyncClient(c).export_bundle(usb, code=server.hub.new_enrolment_code())
    with pytest.raises(SyncError):  # no server key yet: a PIN is never written in clear
        SyncClient(c).export_bundle(usb, claims=[(_code(a, la), "8642")])
    SyncClient(c).import_bundle(Path(SyncClient(a).import_bundle(first)["reply"]))
    bad = SyncClient(c).export_bundle(usb, claims=[(_code(a, la), "0000")])
    assert b"8642" not in bad.read_bytes()
    res = SyncClient(c).import_bundle(Path(SyncClient(a).import_bundle(bad)["reply"]))
    assert res["claim_errors"] == ["wrong_pin"] and not _history(c, la)
    good = SyncClient(c).export_bundle(usb, claims=[(_code(a, la), "8642")])
    data = good.read_bytes()
    import gzip as _gz

    assert b"8642" not in _gz.decompress(data[data.index(b"\n", 11) + 1:])  # sealed, not readable on the stick
    res = SyncClient(c).import_bundle(Path(SyncClient(a).import_bundle(good)["reply"]))
    assert res["claimed"] == ["Awa"]
    assert _history(c, la) == _history(a, la) == _server_history(server, la) and len(_history(c, la)) == 25
    add_events(c, la, 3)  # Awa keeps working on the USB-only PC; it comes back to PC a
    nxt = SyncClient(c).export_bundle(usb)
    SyncClient(c).import_bundle(Path(SyncClient(a).import_bundle(nxt)["reply"]))
    SyncClient(a).sync()
    assert _history(a, la) == _history(c, la) == _server_history(server, la) and len(_history(a, la)) == 28


def test_replay_is_a_noop_and_a_changed_body_is_refused(server, make_kit):
    a = enrolled(make_kit("a"), server)
    la = add_learner(a)
    add_events(a, la, 5)
    cl = SyncClient(a)
    dev, batch, profiles, hashes = cl.next_batch(100)
    cl.sync()
    t = cl._connected()
    body = b'{"l":[],"b":' + __import__("cc2desktop.core.sync.protocol", fromlist=["x"]).batch_bytes(batch) + b"}"
    out = t.call("POST", "/sync/push", json_body=body)
    assert out["acked"] == [[1, 5]] and out["stored"] == 0 and out["rejected"] == []
    batch["e"][2][6] = {"tampered": True}
    from cc2desktop.core.sync.protocol import batch_bytes

    out = t.call("POST", "/sync/push", json_body=b'{"b":' + batch_bytes(batch) + b"}")
    assert [r["reason"] for r in out["rejected"]] == ["conflict"] and out["acked"] == [[1, 2], [4, 5]]
    assert server.hub.stats()["events"] == 5
    with server.hub.Session() as s:
        assert json.loads(s.execute(text("SELECT payload FROM events WHERE seq = 3")).scalar())["question_id"] == "q2"
        assert s.execute(text("SELECT count(*) FROM rejections")).scalar() == 1


def test_one_sync_pushes_everything_in_growing_batches(server, make_kit):
    a = enrolled(make_kit("a"), server)
    add_events(a, add_learner(a), 2600)
    rep = SyncClient(a).sync()
    assert rep.pushed == 2600 and status(a)["pending"] == 0 and server.hub.stats()["events"] == 2600
    assert rep.requests <= 5  # 500, 1000, then the rest: the batch grows on a good link
    assert rep.bytes_sent / 2600 < 80


def test_events_are_marked_synced_only_after_acknowledgement(server, make_kit):
    a = enrolled(make_kit("a"), server)
    la = add_learner(a)
    add_events(a, la, 3)
    server.stop()  # the server goes away
    with pytest.raises(SyncError) as err:
        SyncClient(a, retries=1, backoff=0.01, timeout=(0.5, 0.5)).sync()
    assert err.value.code in ("offline", "timeout")
    st = status(a)
    assert st["pending"] == 3 and st["synced"] == 0 and st["last_error"] and st["last_sync"] is None


def test_security_refusals(server, make_kit):
    import requests

    a = enrolled(make_kit("a"), server)
    b = enrolled(make_kit("b"), server)
    la = add_learner(a)
    add_events(a, la, 2)
    SyncClient(a).sync()
    # b pushes events for a's learner (not linked to b) and an unknown type: refused.
    from cc2desktop.core import events

    with b.session() as s:
        s.add(Learner(id=la, display_name="intrus", local=True))
        s.flush()
        events.append(s, la, "quiz.answered", {"capsule_id": "m1c1", "quiz_id": "q", "attempt_id": "A1",
                                               "question_id": "q1", "response": "a"})
    lb = add_learner(b)
    write_raw_event(b, lb, "bitcoin.mined", {"x": 1})
    with b.session() as s:
        events.append(s, lb, "video.watched", {"capsule_id": "m1c1", "segments": [[0, 2]]})
    rep = SyncClient(b).sync()
    assert sorted(r["reason"] for r in rep.rejections) == ["learner_not_linked", "unknown_type"]
    assert rep.pushed == 1 and status(b)["rejected"] == 2
    SyncClient(b).sync()  # refused events are not resent forever
    assert server.hub.stats()["events"] == 3
    # Learner a's name was not overwritten by b's profile.
    assert server.hub.learner_history(la) and len(server.hub.learner_history(la)) == 2
    u = server.url + "/api/v1/sync/push"
    assert requests.post(u, data=b"{}", timeout=5).status_code == 401
    assert requests.post(u, data=b"{}", headers={"Authorization": "Bearer " + "x" * 36 + ".nope"},
                         timeout=5).status_code == 401
    with a.session() as s:
        tok = s.execute(text("SELECT token FROM sync_state")).scalar()
    h = {"Authorization": f"Bearer {tok}"}
    assert requests.post(u, data=b"{not json", headers=h, timeout=5).json()["error"] == "bad_json"
    assert requests.post(u, data=b"x" * (5 * 1024 * 1024), headers=h, timeout=10).status_code == 400
    import gzip

    bomb = gzip.compress(b" " * (40 * 1024 * 1024))
    r = requests.post(u, data=bomb, headers={**h, "Content-Encoding": "gzip"}, timeout=10)
    assert r.json()["error"] == "too_large"
    # Brute force on enrolment codes: rate-limited after 10 failures.
    codes = [requests.post(server.url + "/api/v1/enrol",
                           json={"code": f"AAAA-BBBB-{i:04d}", "device_id": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                                                               "public_key": "A" * 43}, timeout=5).status_code
             for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    # Revocation: the token stops working at once.
    assert requests.delete(server.url + "/api/v1/devices/me", headers=h, timeout=5).status_code == 200
    with pytest.raises(SyncError) as err:
        SyncClient(a).sync()
    assert err.value.code == "unauthorized"


def test_wrong_pins_lock_the_account(server, make_kit):
    a = enrolled(make_kit("a"), server)
    b = enrolled(make_kit("b"), server)
    la = add_learner(a, pin="9999")
    SyncClient(a).sync()
    code = _code(a, la)
    for _ in range(5):
        with pytest.raises(SyncError) as err:
            SyncClient(b).claim(code, "0000")
        assert err.value.code == "wrong_pin"
    with pytest.raises(SyncError) as err:
        SyncClient(b).claim(code, "9999")
    assert err.value.code == "pin_locked"
    from cc2desktop.core.errors import ValidationError

    with pytest.raises(ValidationError):
        SyncClient(b).claim(code[:-1] + ("0" if code[-1] != "0" else "1"), "9999")  # check character


def test_hook_items_reach_the_learners_devices(tmp_path, make_kit):
    from cc2desktop.server.hub import add_item
    from tests.sync.conftest import LiveServer

    seen = []

    def grade(session, new_events):
        seen.extend(e.id for e in new_events)
        for e in new_events:
            if e.type == "exam.claimed":
                add_item(session, "certificate", {"learner": e.learner_id, "exam": e.id}, learner_id=e.learner_id)

    srv = LiveServer(f"sqlite:///{tmp_path / 's.sqlite3'}", event_hooks=[grade]).start()
    try:
        a, b = enrolled(make_kit("a"), srv), enrolled(make_kit("b"), srv)
        la = add_learner(a, pin="1111")
        from cc2desktop.core import events

        with a.session() as s:
            claim = events.append(s, la, "exam.claimed", claim_payload(learner_id=la), course_id="cc-demo").id
        SyncClient(a).sync()
        SyncClient(a).sync()  # replay: the hook sees each event once
        assert seen == [claim]
        with a.session() as s:
            certs = items(s, kind="certificate")
        assert [c["body"]["exam"] for c in certs] == [claim]
        SyncClient(b).claim(_code(a, la), "1111")
        with b.session() as s:
            assert [c["learner_id"] for c in items(s, kind="certificate")] == [la]
        # an item is delivered, not a decision: only the certifier's decisions count as certificates
        assert srv.hub.stats()["certificates"] == 0
    finally:
        srv.stop()


def test_tampered_or_foreign_bundles_are_refused(server, make_kit, tmp_path):
    a = enrolled(make_kit("a"), server)
    c = make_kit("c")
    add_events(c, add_learner(c), 3)
    push = SyncClient(c).export_bundle(tmp_path / "usb", code=server.hub.new_enrolment_code())
    data = bytearray(push.read_bytes())
    data[-10] ^= 0x40
    bad = tmp_path / "bad.cc2sync"
    bad.write_bytes(bytes(data))
    with pytest.raises(bundles.BundleError):
        SyncClient(a).import_bundle(bad)
    bad.write_bytes(push.read_bytes()[:-5])
    with pytest.raises(bundles.BundleError):
        SyncClient(a).import_bundle(bad)
    reply = SyncClient(a).import_bundle(push)["reply"]
    with pytest.raises(bundles.BundleError):
        SyncClient(a).import_bundle(reply)  # a reply for another PC
    assert server.hub.stats()["events"] == 3


def test_a_big_usb_bundle_carries_every_pending_event_in_several_batches(server, make_kit, tmp_path, monkeypatch):
    from cc2desktop.core.sync import protocol

    monkeypatch.setattr(protocol, "MAX_BATCH_EVENTS", 7)
    a, c = enrolled(make_kit("a"), server), make_kit("c")
    lc = add_learner(c)
    add_events(c, lc, 20)
    push = SyncClient(c).export_bundle(tmp_path / "usb", code=server.hub.new_enrolment_code())
    assert SyncClient(c).import_bundle(Path(SyncClient(a).import_bundle(push)["reply"]))["acked"] == 20
    assert status(c)["pending"] == 0 and _history(c, lc) == _server_history(server, lc)


def test_progress_from_another_pc_shows_after_pull(server, make_kit):
    """The progress a learner sees is rebuilt from the log when her events arrive from another PC."""
    from cc2desktop.core import events
    from cc2desktop.core.learning.models import CapsuleProgress

    a, b = enrolled(make_kit("a"), server), enrolled(make_kit("b"), server)
    la = add_learner(a, "Aïcha", pin="2468")
    with a.session() as s:
        events.append(s, la, "video.watched", {"capsule_id": "m1c1", "module_id": "m1", "segments": [[0, 30]],
                                               "position": 30, "length": 30, "progress": 1.0}, course_id="demo")
        events.append(s, la, "capsule.completed", {"capsule_id": "m1c1", "module_id": "m1", "watched": 1.0},
                      course_id="demo")
    SyncClient(a).sync()
    SyncClient(b).claim(_code(a, la), "2468")
    with b.session() as s:
        row = s.get(CapsuleProgress, (la, "demo", "m1c1"))
        assert row is not None and row.completed
