"""The relay between a centre's hub and the central server, with real servers on 127.0.0.1: exactly
once up, what concerns the centre down, a learner who moved centres, a hub offline for a week, the
CLI and the refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cc2desktop.core.sync.client import SyncClient, SyncError

from tests.relay.conftest import hub_with_upstream, relay
from tests.sync.conftest import add_events, add_learner, enrolled


def _history(kit, learner_id) -> set[str]:
    with kit.session() as s:
        return {r[0] for r in s.connection().exec_driver_sql("SELECT id FROM events WHERE learner_id = ?",
                                                             (learner_id,))}


def _server_ids(srv, learner_id=None) -> list[str]:
    with srv.hub.ReadSession() as s:
        q = "SELECT id FROM events" + (" WHERE learner_id = ?" if learner_id else "")
        return [r[0] for r in s.connection().exec_driver_sql(q, (learner_id,) if learner_id else ())]


def _code(kit, lid) -> str:
    from cc2desktop.core.db.models import Learner

    with kit.session() as s:
        return s.get(Learner, lid).code


def test_a_learner_who_moved_centres_converges_on_both_hubs(central, hub_a, hub_b, make_kit):
    pc1 = enrolled(make_kit("pc1"), hub_a, "pc1")
    pc3 = enrolled(make_kit("pc3"), hub_b, "pc3")
    mariam = add_learner(pc1, "Mariam", pin="2468")
    add_events(pc1, mariam, 12)
    SyncClient(pc1).sync()
    relay(hub_a)
    # nothing from elsewhere concerns centre A yet: its cursor down passes the log it read (the next
    # round does not read it again), and what comes later still comes down (below)
    from cc2desktop.server.relay import upstream

    with central.hub.ReadSession() as s:
        top = s.connection().exec_driver_sql("SELECT max(pos) FROM events").scalar()
    assert upstream.upstream_of(hub_a.hub)["down_cursor"].split(".")[0] == str(top)
    # she moves to centre B: hub B does not know her code; the central server checks her PIN
    with pytest.raises(Exception) as wrong:
        SyncClient(pc3).claim(_code(pc1, mariam), "0000")
    assert getattr(wrong.value, "code", "") == "wrong_pin"
    profile = SyncClient(pc3).claim(_code(pc1, mariam), "2468")
    assert profile["display_name"] == "Mariam"
    rep = relay(hub_b)                                  # her history comes down to hub B
    assert rep.received + rep.backfilled == 12
    SyncClient(pc3).sync()
    assert _history(pc3, mariam) == _history(pc1, mariam)

    # she goes on in both centres; she renames herself at centre B
    add_events(pc1, mariam, 5)
    add_events(pc3, mariam, 7)
    from cc2desktop.core.db.models import Learner

    with pc3.session() as s:
        s.get(Learner, mariam).display_name = "Mariam K."
    for kit in (pc1, pc3):
        SyncClient(kit).sync()
    for _ in range(2):
        relay(hub_a)
        relay(hub_b)
    for kit in (pc1, pc3):
        SyncClient(kit).sync()
    assert _history(pc1, mariam) == _history(pc3, mariam)
    assert len(_history(pc1, mariam)) == 24
    ids = _server_ids(central, mariam)
    assert len(ids) == len(set(ids)) == 24 and set(ids) == _history(pc1, mariam)
    assert set(_server_ids(hub_a, mariam)) == set(_server_ids(hub_b, mariam)) == set(ids)
    with pc1.session() as s:
        assert s.get(Learner, mariam).display_name == "Mariam K."   # the change made at centre B


def test_only_what_concerns_a_centre_comes_down(central, hub_a, hub_b, make_kit):
    a1 = enrolled(make_kit("a1"), hub_a, "a1")
    b1 = enrolled(make_kit("b1"), hub_b, "b1")
    la, lb = add_learner(a1, "Ama"), add_learner(b1, "Binta")
    add_events(a1, la, 20)
    add_events(b1, lb, 9)
    for kit in (a1, b1):
        SyncClient(kit).sync()
    ra, rb = relay(hub_a), relay(hub_b)
    ra2 = relay(hub_a)
    assert (ra.sent, rb.sent) == (20, 9)
    assert ra.received + ra2.received == 0 and rb.received == 0  # nobody else's learners come down
    assert sorted(_server_ids(central)) == sorted(_server_ids(hub_a) + _server_ids(hub_b))


def _bodies(srv) -> dict[str, tuple[str, str]]:
    with srv.hub.ReadSession() as s:
        return {r[0]: (r[1], r[2]) for r in s.connection().exec_driver_sql("SELECT id, payload, body_hash FROM events")}


def test_numbers_a_fast_parser_rounds_go_up_unchanged(central, hub_a, make_kit):
    """A payload with an integer beyond 64 bits or a float in exponent form (which orjson reads
    or writes differently) reaches the central server with the same value and the same digest as
    at the hub, whatever page it travels in; the others of the page too."""
    from cc2desktop.core import events

    pc = enrolled(make_kit("pc"), hub_a, "pc")
    lid = add_learner(pc, "Ama")
    add_events(pc, lid, 6)
    odd = [{"capsule_id": "m1c1", "quiz_id": "q", "attempt_id": "A1", "question_id": "q1", "score": 1e-05,
            "n": 2 ** 70}, {"capsule_id": "m1c1", "quiz_id": "q", "attempt_id": "A1", "question_id": "q2",
                            "score": 1.5e20, "n": -(2 ** 65)}]
    with pc.session() as s:
        for p in odd:
            events.append(s, lid, "quiz.answered", p, course_id="cc-demo")
    add_events(pc, lid, 6)
    SyncClient(pc).sync()
    rep = relay(hub_a, page_events=5)
    assert rep.sent == rep.stored == 14 and rep.refused == 0
    at_hub, at_central = _bodies(hub_a), _bodies(central)
    assert at_central == at_hub
    stored = sorted((json.loads(p) for p, _h in at_central.values() if '"n"' in p), key=lambda p: p["question_id"])
    assert stored == odd  # exact: no integer became a float


def test_a_week_offline_catches_up_in_bounded_pages(tmp_path, central, make_kit):
    from cc2desktop.core.sync.simulate import simulate
    from cc2desktop.server.relay import upstream

    hub = hub_with_upstream(tmp_path, central, "hub-far")
    try:
        pcs = [enrolled(make_kit(f"pc{i}"), hub, f"pc{i}") for i in range(3)]
        total = 0
        for i, kit in enumerate(pcs):
            total += simulate(kit, learners=12, days=7, seed=i).events
            SyncClient(kit).sync()
        # the internet is down for the week: rounds fail, nothing is lost, the backlog is shown
        up = upstream.upstream_of(hub.hub)
        with hub.hub.Session.begin() as s:
            from cc2desktop.server.models import RelayUpstream

            s.get(RelayUpstream, 1).url = "http://127.0.0.1:9"   # nothing listens there
        with pytest.raises(SyncError):
            upstream.Relay(hub.hub, retries=0).round()
        st = upstream.upstream_of(hub.hub)
        assert st["last_error_code"] == "offline" and st["failures"] == 1
        assert upstream.backlog_up(hub.hub) == total
        with hub.hub.Session.begin() as s:
            s.get(RelayUpstream, 1).url = up["url"]
        # back online: each round moves at most 2 pages of 400 events; the backlog shrinks to 0
        rounds, left = 0, total
        while True:
            rep = upstream.Relay(hub.hub, page_events=400, max_pages=2).round()
            rounds += 1
            assert rep.sent <= 800 and rep.bytes_up < 400 * 120 * 2
            assert rep.backlog_up == left - rep.sent
            left = rep.backlog_up
            if not rep.more:
                break
        assert total > 1200 and left == 0 and rounds == -(-total // 800)
        assert sorted(_server_ids(central)) == sorted(_server_ids(hub))
        assert upstream.upstream_of(hub.hub)["failures"] == 0
    finally:
        hub.stop()


def test_profiles_go_up_and_changes_come_down(central, hub_a, hub_b, make_kit):
    from cc2desktop.core.db.models import Learner

    a1 = enrolled(make_kit("a1"), hub_a, "a1")
    b1 = enrolled(make_kit("b1"), hub_b, "b1")
    lid = add_learner(a1, "Kadi", pin="1357", gender="f", country="SN")
    SyncClient(a1).sync()           # a profile alone, no event yet
    rep = relay(hub_a)
    assert (rep.learners, rep.sent) == (1, 0)
    with central.hub.ReadSession() as s:
        from cc2desktop.server.models import ServerLearner

        row = s.get(ServerLearner, lid)
        assert (row.display_name, row.gender, row.country) == ("Kadi", "f", "SN")
    SyncClient(b1).claim(_code(a1, lid), "1357")
    relay(hub_b)
    with b1.session() as s:
        s.get(Learner, lid).display_name = "Kadiatou"
    SyncClient(b1).sync()
    relay(hub_b)
    relay(hub_a)
    SyncClient(a1).sync()
    with a1.session() as s:
        assert s.get(Learner, lid).display_name == "Kadiatou"


def test_central_refuses_what_a_centre_may_not_do(central, hub_a, make_kit):
    import requests

    from cc2desktop.server.relay import upstream

    pc = enrolled(make_kit("pc"), hub_a)
    # a PC's token is no centre's; a centre's token is no PC's
    tok = SyncClient(pc)._connected().token  # noqa: SLF001
    r = requests.post(f"{central.url}/api/v1/relay/push", data=b"{}", headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 401
    centre_token = upstream._row(hub_a.hub).token  # noqa: SLF001
    r = requests.get(f"{central.url}/api/v1/sync/pull", headers={"Authorization": f"Bearer {centre_token}"})
    assert r.status_code == 401
    # a PC enrolment code does not enrol a centre, nor a centre code a PC
    with pytest.raises(Exception) as err:
        upstream.enrol(hub_a.hub, central.url, central.hub.new_enrolment_code())
    assert getattr(err.value, "code", "") == "bad_enrolment_code"
    with pytest.raises(SyncError):
        SyncClient(make_kit("pc2")).enrol(central.url, central.hub.new_enrolment_code(role="centre"))
    # a malformed page is refused whole, nothing stored
    h = {"Authorization": f"Bearer {centre_token}"}
    for body in ({"ev": {"w": 1, "g": [{"d": "x", "n": 3}], "i": "abc"}}, {"ev": {"w": 9}}, [1, 2]):
        r = requests.post(f"{central.url}/api/v1/relay/push", data=json.dumps(body), headers=h)
        assert r.status_code == 400 and r.json()["error"] == "bad_batch"
    assert central.hub.stats()["events"] == 0


def test_cli_upstream_relay_and_the_hub_never_grades(tmp_path, central, make_kit):
    hub_dir = tmp_path / "hubdir"
    hub_dir.mkdir()
    code = central.hub.new_enrolment_code(role="centre")
    cli = [sys.executable, "-m", "cc2desktop"]
    run = lambda *a: subprocess.run([*cli, *a], capture_output=True, text=True, timeout=120)  # noqa: E731
    r = run("server", "upstream", central.url, "--code", code, "--name", "Centre de Thiès",
            "--db", str(hub_dir / "server.sqlite3"), "--data-dir", str(hub_dir))
    assert r.returncode == 0, r.stderr
    assert "relays to" in r.stdout
    # a PC's events reach the hub's database (USB import on the hub), then one round by the CLI
    from cc2desktop.server.hub import Hub

    hub = Hub(f"sqlite:///{hub_dir / 'server.sqlite3'}")
    kit = make_kit("usbpc")
    lid = add_learner(kit)
    add_events(kit, lid, 15)
    bundle = SyncClient(kit).export_bundle(tmp_path / "stick", code=hub.new_enrolment_code())
    hub.close()
    r = run("--data-dir", str(hub_dir), "sync", "import", str(bundle), "--db", str(hub_dir / "server.sqlite3"))
    assert r.returncode == 0, r.stderr
    r = run("server", "relay", "--db", str(hub_dir / "server.sqlite3"), "--data-dir", str(hub_dir), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["sent"], out["stored"], out["backlog_up"]) == (15, 15, 0)
    r = run("server", "relay", "--db", str(hub_dir / "server.sqlite3"), "--data-dir", str(hub_dir))
    assert r.returncode == 0 and r.stdout.startswith("up: 0 events")
    assert central.hub.stats()["events"] == 15
    # an exam answer key or a signing key given to a centre's hub: it refuses to start
    (hub_dir / "courses").mkdir()
    (hub_dir / "courses" / "c.cc2pack.exam-key.json").write_text("{}")
    r = run("serve", "--db", str(hub_dir / "server.sqlite3"), "--data-dir", str(hub_dir), "--port", "1")
    assert r.returncode == 1 and "never grades" in r.stderr and "exam-key" in r.stderr
    (hub_dir / "courses" / "c.cc2pack.exam-key.json").unlink()
    r = run("serve", "--db", str(hub_dir / "server.sqlite3"), "--data-dir", str(hub_dir), "--port", "1",
            "--key", str(tmp_path / "k.key"))
    assert r.returncode == 1 and "never signs" in r.stderr
    # the hub's own PCs cannot be offered a centre code by mistake, nor can a hub enrol twice elsewhere
    r = run("server", "upstream", "http://127.0.0.1:9", "--code", "XXXX", "--db", str(hub_dir / "server.sqlite3"))
    assert r.returncode == 1 and "already relays" in r.stderr
