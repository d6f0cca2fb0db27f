"""The server's clock beside the device's on every event; learner profile changes spread to the
learner's other PCs; payload text written by another JSON library is still the same event."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, text

from cc2desktop.core import events as ev
from cc2desktop.core.db.models import Event, Learner
from cc2desktop.core.learning import pins, startup_cache
from cc2desktop.core.learning.service import Profiles
from cc2desktop.core.sync import protocol as P
from cc2desktop.core.sync.client import SyncClient
from tests.sync.conftest import add_events, add_learner, enrolled


def _code(kit, lid):
    with kit.session() as s:
        return s.get(Learner, lid).code


def _times(kit, lid) -> dict[str, tuple[str, str | None]]:
    with kit.session() as s:
        return {r.id: (r.created_at, r.server_received_at)
                for r in s.execute(select(Event.id, Event.created_at, Event.server_received_at)
                                   .where(Event.learner_id == lid))}


def _server_times(srv) -> dict[str, str]:
    with srv.hub.Session() as s:
        return dict(s.execute(text("SELECT id, received_at FROM events")).all())


def _skewed_events(kit, lid, n, year="2019"):
    """Events stamped by a PC whose clock is years off (the device's time is kept as it is)."""
    ids = add_events(kit, lid, n)
    with kit.session() as s:
        s.execute(text("UPDATE events SET created_at = :y || substr(created_at, 5) WHERE learner_id = :l"),
                  {"y": year, "l": lid})
    return ids


def test_every_event_carries_the_servers_time_beside_the_devices(server, make_kit, tmp_path):
    a, b, c = enrolled(make_kit("a"), server), enrolled(make_kit("b"), server), make_kit("c")
    la = add_learner(a, "Fatou", pin="2468")
    _skewed_events(a, la, 20)
    assert all(rx is None for _c, rx in _times(a, la).values())  # not acknowledged yet
    SyncClient(a).sync()
    on_server = _server_times(server)
    got = _times(a, la)
    assert len(got) == 20
    for eid, (created, rx) in got.items():
        assert created.startswith("2019-")                     # the device's clock, never refused
        assert rx == on_server[eid] and rx.startswith("20") and not rx.startswith("2019")  # the server's

    # Pulled events (another PC of the same learner) carry the server's time too.
    SyncClient(b).claim(_code(a, la), "2468")
    assert _times(b, la) == got

    # A PC that travels by USB gets the server's time from the reply bundle.
    lc = add_learner(c, "Kofi")
    add_events(c, lc, 5)
    usb = tmp_path / "usb"
    push = SyncClient(c).export_bundle(usb, code=server.hub.new_enrolment_code())
    SyncClient(c).import_bundle(Path(SyncClient(a).import_bundle(push)["reply"]))
    on_server = _server_times(server)
    assert {eid: rx for eid, (_c, rx) in _times(c, lc).items()} == {eid: on_server[eid] for eid in _times(c, lc)}


def _profile(kit, lid) -> tuple[str, str | None]:
    with kit.session() as s:
        row = s.get(Learner, lid)
        return row.display_name, row.pin_hash


def _rename(kit, lid, name):
    with kit.session() as s:
        s.get(Learner, lid).display_name = name


def test_a_changed_name_or_pin_reaches_the_learners_other_pcs(server, make_kit):
    a, b = enrolled(make_kit("a"), server), enrolled(make_kit("b"), server)
    la = Profiles(a).create("Aminata", pin="2468").id
    SyncClient(a).sync()
    SyncClient(b).claim(_code(a, la), "2468")
    assert _profile(b, la) == _profile(a, la)

    # On PC b the learner changes her PIN and her display name; PC a gets both through pull.
    Profiles(b).reset_pin(la, "9753")
    _rename(b, la, "Aminata K.")
    SyncClient(b).sync()
    done = a.sync.sync_now()  # the facade: says what the exchange changed, keeps the start-up cache
    assert done.value.state == "idle" and done.changes.learners and done.changes.pending_sync
    assert _profile(a, la) == _profile(b, la) and _profile(a, la)[0] == "Aminata K."
    Profiles(a).open(la, "9753")  # the new PIN opens her profile on PC a (the old one no longer does)
    assert not pins.verify_pin("2468", _profile(a, la)[1])
    # the first window's learner list (read before the database opens) shows the new name
    assert [x["name"] for x in startup_cache.read(a.paths.root)["learners"]] == ["Aminata K."]

    # Back the other way, from the PC where the profile was created.
    _rename(a, la, "Ami")
    SyncClient(a).sync()
    SyncClient(b).sync()
    assert _profile(b, la)[0] == "Ami"

    # Both PCs change it offline: the change the server receives last wins everywhere.
    _rename(a, la, "Ami (PC a)")
    _rename(b, la, "Ami (PC b)")
    SyncClient(a).sync()
    SyncClient(b).sync()   # received last
    SyncClient(a).sync()
    assert _profile(a, la)[0] == _profile(b, la)[0] == "Ami (PC b)"
    with server.hub.Session() as s:
        assert s.execute(text("SELECT display_name FROM learners WHERE id = :i"), {"i": la}).scalar() == "Ami (PC b)"

    # A change not yet pushed is never overwritten by an older one from the server.
    _rename(a, la, "Ami A.")
    SyncClient(a).pull()
    assert _profile(a, la)[0] == "Ami A."
    SyncClient(a).sync()
    SyncClient(b).sync()
    assert _profile(b, la)[0] == "Ami A."


def test_profile_items_do_not_let_another_device_take_a_learner_over(server, make_kit):
    a, b = enrolled(make_kit("a"), server), enrolled(make_kit("b"), server)
    la = add_learner(a, "Awa")
    SyncClient(a).sync()
    # PC b forges a profile with Awa's id (not linked to b): ignored, nothing reaches PC a.
    t = SyncClient(b)._connected()
    t.call("POST", "/sync/push", json_body={"l": [{"id": la, "display_name": "Taken", "pin_hash": "x"}]})
    SyncClient(a).sync()
    assert _profile(a, la)[0] == "Awa"


def _raw_batch(kit, lid, payload):
    with kit.session() as s:
        e = ev.append(s, lid, "quiz.answered", payload, course_id="cc-demo")
    with kit.session() as s:
        dev = ev.device_id(s)
    row = (e.id, lid, dev, e.seq, "quiz.answered", "cc-demo", P.canonical_payload(payload), e.created_at)
    return dev, P.encode_batch(dev, [row])


def test_payload_text_from_another_json_library_is_the_same_event(server, make_kit):
    a = enrolled(make_kit("a"), server)
    la = add_learner(a)
    SyncClient(a).sync()
    t = SyncClient(a)._connected()
    dev, batch = _raw_batch(a, la, {"score": 1e-05, "n": 2 ** 70, "ok": True})
    body = b'{"b":' + P.batch_bytes(batch) + b"}"
    out = t.call("POST", "/sync/push", json_body=body)
    assert out["stored"] == 1 and out["rejected"] == []
    with server.hub.Session() as s:
        stored = s.execute(text("SELECT payload FROM events")).scalar()
    assert json.loads(stored) == {"score": 1e-05, "n": 2 ** 70, "ok": True}  # exact: no integer became a float
    # The stored text as the stdlib would have written it (another server version): a replay is
    # still acknowledged, not refused.
    with server.hub.Session() as s:
        s.execute(text("UPDATE events SET payload = :p, body_hash = 'x'"),
                  {"p": json.dumps(json.loads(stored), separators=(",", ":"))})
        s.commit()
    out = t.call("POST", "/sync/push", json_body=body)
    assert out["acked"] == [[batch["s0"], batch["s0"]]] and out["stored"] == 0 and out["rejected"] == []
    # A changed body is refused, even one equal in Python (true == 1, 1.0 == 1).
    batch["e"][0][6] = {"score": 1e-05, "n": 2 ** 70, "ok": 1}
    out = t.call("POST", "/sync/push", json_body=b'{"b":' + P.batch_bytes(batch) + b"}")
    assert [r["reason"] for r in out["rejected"]] == ["conflict"] and out["stored"] == 0


def test_bad_event_text_is_refused_cleanly():
    bad_time = {"v": 1, "d": "D", "L": ["x"], "T": ["quiz.answered"], "C": [None], "s0": 1, "t0": 0,
                "e": [["\ud800" * 22, 0, 0, 0, 0, "2026-01-01T00:00:00\ud800", {}]]}
    import pytest

    from cc2desktop.core.errors import ValidationError

    with pytest.raises(ValidationError):
        P.decode_rows(bad_time, "2026-01-01T00:00:00.000Z", exact=True)
    assert [len(p) for p in P._pack_ids(["nope", "00000000-0000-4000-8000-000000000000"])] == [4, 22]


def test_later_batches_of_a_push_still_carry_a_profile_the_server_never_saw(server, make_kit):
    a = enrolled(make_kit("a"), server)
    old = add_learner(a, "Awa")
    add_events(a, old, 3)
    SyncClient(a).sync()
    add_events(a, old, 2)
    _d, _b, profiles, _h = SyncClient(a).next_batch(100, with_profiles=False)
    assert profiles == []  # nothing new: the later batches of a push skip the profile hashing
    new = add_learner(a, "Kofi")  # created while a push is running
    add_events(a, new, 2)
    _d, _b, profiles, _h = SyncClient(a).next_batch(100, with_profiles=False)
    assert [p["id"] for p in profiles] == [new]
    SyncClient(a).sync()
    assert SyncClient(a).report.rejected == 0 and server.hub.stats()["events"] == 7
