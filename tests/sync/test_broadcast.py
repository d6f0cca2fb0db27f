"""The broadcast scope: items the origin server publishes for every PC of a course or of the
programme, over HTTP and USB, signed and chained; kinds applied by their registered applier; a
relay serving the origin's items unchanged."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from cc2desktop.core import crypto
from cc2desktop.core.changes import Changes
from cc2desktop.core.sync import broadcast as B
from cc2desktop.core.sync.client import SyncClient, SyncError
from tests.sync.conftest import LiveServer, enrolled
from tests.support.small_course import build_small_pack, install

APPLIED: list[tuple[str, int, str]] = []


def record(session, items):
    """A test kind's applier: remembers what it was given; a body with "boom" cannot be applied."""
    if any(it.body.get("boom") for it in items):  # an applier changes nothing when it fails
        raise ValueError("cannot apply this one")
    APPLIED.extend((it.scope, it.n, it.kind) for it in items)
    return Changes(certificates=True)


@pytest.fixture
def test_kinds(monkeypatch):
    from cc2desktop.core import broadcast_kinds

    APPLIED.clear()
    monkeypatch.setitem(broadcast_kinds.APPLIERS, "test.note", f"{__name__}:record")
    return APPLIED


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    root = tmp_path_factory.mktemp("packs")
    return {c: build_small_pack(root, c) for c in ("course-a", "course-b")}


def _held(kit) -> list[tuple]:
    with kit.read() as s:
        return [tuple(r) for r in s.execute(text("SELECT scope, n, kind, applied FROM sync_broadcast "
                                                 "ORDER BY scope, n"))]


def test_chain_signature_and_page_form_detect_any_change():
    key = crypto.generate_key()
    pub = crypto.public_b64url(key)
    items = [B.BroadcastItem("course:x", n, "test.note", f"2026-12-01T10:00:0{n}.000Z", {"text": f"é{n}"})
             for n in range(1, 5)]
    h, heads = B.genesis("course:x"), []
    for it in items:
        h = B.link(h, it)
        heads.append((crypto.b64url(h), B.sign_head(key, it.scope, it.n, h)))
    part = json.loads(json.dumps(B.encode_part(items, heads[-1][1])))
    got, sig, none = B.decode_part("course:x", part)
    assert got == items and none is None
    assert [crypto.b64url(x) for x in B.verify_part(pub, "course:x", got, B.genesis("course:x"), sig)] == \
        [hd[0] for hd in heads]
    # an altered body, a missing item, two items swapped, another scope, another key: all refused
    bad_body = [*got[:2], B.BroadcastItem("course:x", 3, "test.note", got[2].at, {"text": "forged"}), got[3]]
    missing = [got[0], got[1], B.BroadcastItem("course:x", 3, got[3].kind, got[3].at, got[3].body)]
    swapped = [got[0], B.BroadcastItem("course:x", 2, "test.note", got[2].at, got[2].body),
               B.BroadcastItem("course:x", 3, "test.note", got[1].at, got[1].body), got[3]]
    for forged in (bad_body, missing, swapped):
        with pytest.raises(B.BroadcastError):
            B.verify_part(pub, "course:x", forged, B.genesis("course:x"), sig)
    with pytest.raises(B.BroadcastError):
        B.verify_part(pub, "course:y", [B.BroadcastItem("course:y", i.n, i.kind, i.at, i.body) for i in got],
                      B.genesis("course:y"), sig)
    with pytest.raises(B.BroadcastError):
        B.verify_part(crypto.public_b64url(crypto.generate_key()), "course:x", got, B.genesis("course:x"), sig)
    for broken in ({"n0": 0, "K": [], "t0": 0, "i": [], "sig": ""}, {"n0": 1, "K": ["x"], "t0": 0, "i": [[3, 0, {}]],
                                                                      "sig": ""}, [], {"n0": 1}):
        with pytest.raises(B.BroadcastError):
            B.decode_part("course:x", broken)


def test_pcs_get_the_items_of_their_courses_and_the_programme_page_by_page(server, make_kit, packs, test_kinds,
                                                                          monkeypatch):
    a, b = enrolled(make_kit("a"), server), enrolled(make_kit("b"), server)
    install(a, packs["course-a"])
    install(b, packs["course-b"])
    hub = server.hub
    for i in range(5):
        hub.publish("course:course-a", "test.note", {"i": i})
    hub.publish("programme", "test.note", {"text": "Bienvenue à toutes et à tous"})
    hub.publish("course:course-b", "test.note", {"i": 0})
    hub.publish("course:elsewhere", "test.note", {"i": 0})
    rep = SyncClient(a).sync()
    assert rep.broadcast == 6 and rep.changes.certificates
    assert [(s, n) for s, n, _k, ok in _held(a) if ok] == [("course:course-a", n) for n in range(1, 6)] + \
        [("programme", 1)]
    assert B.cursors(a) == {"programme": 1, "course:course-a": 5}
    SyncClient(b).sync()
    assert [(s, n) for s, n, _k, _ok in _held(b)] == [("course:course-b", 1), ("programme", 1)]
    # nothing new: nothing stored; then only what is new, across several pages
    assert SyncClient(a).sync().broadcast == 0
    monkeypatch.setattr(B, "PAGE_LIMIT", 7)
    for i in range(20):
        hub.publish("course:course-a", "test.note", {"i": 5 + i})
    rep = SyncClient(a).sync()
    assert rep.broadcast == 20 and rep.requests >= 4  # a pull, then 3 pages of at most 7
    assert [n for s, n, *_ in _held(a) if s == "course:course-a"] == list(range(1, 26))
    assert [x for x in test_kinds if x[0] == "course:course-a"] == [("course:course-a", n, "test.note")
                                                                     for n in range(1, 26)]


def test_unknown_kinds_wait_and_one_bad_item_does_not_block_the_others(server, make_kit, packs, monkeypatch):
    from cc2desktop.core import broadcast_kinds

    a = enrolled(make_kit("a"), server)
    install(a, packs["course-a"])
    for body in ({"i": 1}, {"boom": True}, {"i": 3}):
        server.hub.publish("course:course-a", "test.note", body)
    SyncClient(a).sync()  # this version does not know test.note: kept, not applied
    assert [(n, ok) for _s, n, _k, ok in _held(a)] == [(1, 0), (2, 0), (3, 0)]
    APPLIED.clear()
    monkeypatch.setitem(broadcast_kinds.APPLIERS, "test.note", f"{__name__}:record")
    SyncClient(a).sync()  # a version that knows it applies what was held, the bad one aside
    assert APPLIED == [("course:course-a", 1, "test.note"), ("course:course-a", 3, "test.note")]
    assert [(n, ok) for _s, n, _k, ok in _held(a)] == [(1, 1), (2, 0), (3, 1)]
    with a.read() as s:
        assert "cannot apply this one" in s.execute(text("SELECT error FROM sync_broadcast WHERE n = 2")).scalar()


def test_forged_or_altered_items_are_refused_and_nothing_of_them_is_stored(server, make_kit, packs, test_kinds):
    a = enrolled(make_kit("a"), server)
    install(a, packs["course-a"])
    server.hub.publish("course:course-a", "test.note", {"text": "vrai"})
    server.hub.publish("programme", "test.note", {"text": "annonce"})
    # the server's database altered behind its back (a compromised relay): that scope is refused
    with server.hub.Session.begin() as s:
        s.execute(text("UPDATE broadcast_items SET body = :b WHERE scope = 'course:course-a'"),
                  {"b": json.dumps({"text": "faux"})})
    rep = SyncClient(a).sync()
    assert [s for s, _r in rep.broadcast_refused] == ["course:course-a"]
    assert [(s, n) for s, n, *_ in _held(a)] == [("programme", 1)]
    # a page signed by another key than the server's: refused whole
    key = crypto.generate_key()
    item = B.BroadcastItem("course:course-a", 1, "forum.removed", "2026-12-01T10:00:00.000Z", {"post": "x"})
    h = B.link(B.genesis(item.scope), item)
    page = {"key": crypto.public_b64url(key), "scopes": {item.scope: B.encode_part([item], B.sign_head(key, item.scope,
                                                                                                    1, h))}}
    with pytest.raises(SyncError) as err:
        SyncClient(a).apply_broadcast(page)
    assert err.value.code == "bad_broadcast"
    page["key"] = server.hub.broadcast_key  # claiming the server's key does not make the signature its
    assert SyncClient(a).apply_broadcast(page) == 0
    assert [(s, n) for s, n, *_ in _held(a)] == [("programme", 1)]


def test_a_usb_only_pc_gets_the_items_in_its_reply(server, make_kit, packs, test_kinds, tmp_path):
    a, c = enrolled(make_kit("a"), server), make_kit("c")
    install(c, packs["course-a"])
    server.hub.publish("course:course-a", "test.note", {"i": 1})
    server.hub.publish("course:course-b", "test.note", {"i": 1})
    push = SyncClient(c).export_bundle(tmp_path / "usb", code=server.hub.new_enrolment_code())
    reply = SyncClient(a).import_bundle(push)["reply"]
    assert _held(a) == []  # the carrying PC keeps nothing of it
    res = SyncClient(c).import_bundle(reply)
    assert res["broadcast"] == 1
    assert [(s, n) for s, n, *_ in _held(c)] == [("course:course-a", 1)]
    assert SyncClient(c).import_bundle(reply)["broadcast"] == 0  # the same reply twice: harmless
    server.hub.publish("course:course-a", "test.note", {"i": 2})
    push = SyncClient(c).export_bundle(tmp_path / "usb2")
    SyncClient(c).import_bundle(SyncClient(a).import_bundle(push)["reply"])
    assert [(s, n) for s, n, *_ in _held(c)] == [("course:course-a", 1), ("course:course-a", 2)]
    assert test_kinds == [("course:course-a", 1, "test.note"), ("course:course-a", 2, "test.note")]


def test_a_relay_serves_the_origins_items_which_pcs_verify_against_the_origins_key(server, make_kit, packs,
                                                                                  test_kinds, tmp_path):
    origin = server.hub
    for i in range(3):
        origin.publish("course:course-a", "test.note", {"i": i})
    relay = LiveServer(f"sqlite:///{tmp_path / 'relay.sqlite3'}").start()
    try:
        relay.hub.set_broadcast_origin(origin.broadcast_key)
        with pytest.raises(Exception) as err:
            relay.hub.publish("programme", "test.note", {})
        assert getattr(err.value, "code", "") == "not_origin"
        assert relay.hub.store_broadcast(origin.broadcast_page(None, {}, full=True, all_scopes=True)) == 3
        origin.publish("course:course-a", "test.note", {"i": 3})
        full = origin.broadcast_page(None, {"course:course-a": 2}, full=True)  # overlaps what the relay holds
        assert relay.hub.store_broadcast(full) == 1
        forged = origin.broadcast_page(None, {"course:course-a": 0}, full=True)
        forged["scopes"]["course:course-a"]["i"][0][2] = {"i": "forged"}
        with relay.hub.Session.begin() as s:
            s.execute(text("DELETE FROM broadcast_items"))
        with pytest.raises(B.BroadcastError):
            relay.hub.store_broadcast(forged)
        assert relay.hub.store_broadcast(origin.broadcast_page(None, {}, full=True, all_scopes=True)) == 4
        pc = enrolled(make_kit("pc"), relay)
        install(pc, packs["course-a"])
        assert SyncClient(pc).sync().broadcast == 4
        assert [n for _s, n, *_ in _held(pc)] == [1, 2, 3, 4]
        # the same PC later talks to the origin itself: its cursor means the same there
        origin.publish("course:course-a", "test.note", {"i": 4})
        SyncClient(pc).enrol(server.url, server.hub.new_enrolment_code())
        assert SyncClient(pc).sync().broadcast == 1
        assert [n for _s, n, *_ in _held(pc)] == [1, 2, 3, 4, 5]
    finally:
        relay.stop()


def test_bad_requests_are_refused_in_one_line(server, make_kit):
    import requests

    a = enrolled(make_kit("a"), server)
    with a.read() as s:
        token = s.execute(text("SELECT token FROM sync_state")).scalar()
    url = server.url + "/api/v1/sync/broadcast"
    for body in ({"scopes": []}, {"scopes": {"Bad Scope": 0}}, {"scopes": {"programme": -1}},
                 {"scopes": {"programme": 0}, "limit": 0}, {"scopes": {f"course:c{i}": 0 for i in range(300)}}):
        r = requests.post(url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert r.status_code == 400 and r.json()["error"] == "bad_request", body
    r = requests.post(url, json={"scopes": {}}, timeout=10)
    assert r.status_code == 401


def test_postgresql_central_server_publishes_in_order_from_several_threads(pg_server, make_kit, packs, test_kinds):
    import threading

    hub = pg_server.hub

    def publish(k):
        for i in range(10):
            hub.publish("course:course-a", "test.note", {"thread": k, "i": i})

    threads = [threading.Thread(target=publish, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a = enrolled(make_kit("a"), pg_server)
    install(a, packs["course-a"])
    assert SyncClient(a).sync().broadcast == 40
    assert [n for _s, n, _k, ok in _held(a) if ok] == list(range(1, 41))
