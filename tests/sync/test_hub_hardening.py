"""The hub under cheap attacks: costly PIN hashes and claim floods do not stall other devices, wrong
enrolment codes never lock out a right one (nor can X-Forwarded-For dodge the limit), wrong PINs lock
out only the device that typed them, the API documents its auth and its 422s have the error shape."""

from __future__ import annotations

import statistics
import threading
import time

import pytest
import requests

from cc2desktop.core.crypto import hash_secret
from cc2desktop.core.db.models import Learner
from cc2desktop.core.sync.client import SyncClient, SyncError
from tests.sync.conftest import add_events, add_learner, enrolled

API = "/api/v1"


def _code(kit, lid):
    with kit.session() as s:
        return s.get(Learner, lid).code


def _push_times(kit, lid, n: int) -> list[float]:
    out = []
    for _ in range(n):
        add_events(kit, lid, 3)
        t = time.perf_counter()
        SyncClient(kit, retries=0).push()
        out.append(time.perf_counter() - t)
    return out


def test_a_device_flooding_claims_with_costly_hashes_does_not_stall_other_devices(server, make_kit):
    attacker = enrolled(make_kit("attacker"), server, "attacker")
    other = enrolled(make_kit("other"), server, "other")
    # a learner whose PIN hash costs ~10x the standard to check (scrypt N=2^16, r=8, p=4), and one
    # with the standard cost whose right PIN the attacker floods
    costly = add_learner(attacker, "Costly")
    with attacker.session() as s:
        s.get(Learner, costly).pin_hash = hash_secret("1234", n=2**16, r=8, p=4)
    standard = add_learner(attacker, "Standard")
    with attacker.session() as s:
        s.get(Learner, standard).pin_hash = hash_secret("1234")
    SyncClient(attacker).sync()
    codes = [_code(attacker, costly), _code(attacker, standard)]
    lid = add_learner(other, "Aminata")
    SyncClient(other).sync()

    _push_times(other, lid, 3)  # warm up
    baseline = statistics.median(_push_times(other, lid, 10))

    stop = threading.Event()
    outcomes: list[str] = []

    def flood(code: str) -> None:
        while not stop.is_set():
            try:
                SyncClient(attacker, retries=0).claim(code, "1234")
                outcomes.append("ok")
            except SyncError as exc:
                outcomes.append(exc.code)

    threads = [threading.Thread(target=flood, args=(c,), daemon=True) for c in codes for _ in range(2)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        under_attack = statistics.median(_push_times(other, lid, 10))
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    ratio = under_attack / baseline
    print(f"push median {baseline * 1000:.1f} ms alone, {under_attack * 1000:.1f} ms under attack: x{ratio:.1f}")
    assert "server_error" not in outcomes  # never "database is locked"
    assert "rate_limited" in outcomes  # right claims are limited too
    assert ratio < 15


def _hub(tmp_path):
    from cc2desktop.server.hub import Hub

    return Hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}")


def _device():
    from cc2desktop.core.crypto import generate_key, public_b64url
    from cc2desktop.core.db.base import new_id

    return new_id(), public_b64url(generate_key())


def test_wrong_enrolment_codes_never_lock_out_a_right_one(tmp_path):
    from cc2desktop.core.errors import CCError

    hub = _hub(tmp_path)
    try:
        right = hub.new_enrolment_code()
        codes = []
        for _ in range(12):
            try:
                hub.enrol("AAAA-BBBB-CCCC", *_device(), client="10.0.0.7")
            except CCError as exc:
                codes.append(exc.code)
        assert codes[:10] == ["bad_enrolment_code"] * 10 and set(codes[10:]) == {"rate_limited"}
        dev, key = _device()
        assert hub.enrol(right, dev, key, client="10.0.0.7")["device_id"] == dev
    finally:
        hub.close()


def test_x_forwarded_for_does_not_dodge_the_enrolment_limit(tmp_path):
    from cc2desktop.server.app import client_address, create_app, uvicorn_options
    from tests.support.live_server import ThreadedServer

    app = create_app(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    with ThreadedServer(app, **uvicorn_options()) as srv:
        statuses = []
        for i in range(14):
            dev, key = _device()
            r = requests.post(srv.url + API + "/enrol", json={"code": "AAAA-BBBB-CCCC", "device_id": dev,
                                                                 "public_key": key},
                              headers={"X-Forwarded-For": f"203.0.113.{i}"}, timeout=10)
            statuses.append(r.status_code)
        assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    app.state.hub.close()
    # behind a reverse proxy named with --trusted-proxy, the client is the address that proxy saw
    assert client_address("127.0.0.1", "198.51.100.1, 203.0.113.9", ["127.0.0.1"]) == "203.0.113.9"
    assert client_address("127.0.0.1", "203.0.113.9", []) == "127.0.0.1"
    assert client_address("192.0.2.4", "203.0.113.9", ["127.0.0.1"]) == "192.0.2.4"


def test_wrong_pins_lock_out_the_device_that_typed_them_not_the_learner(server, make_kit):
    home = enrolled(make_kit("home"), server)
    stranger = enrolled(make_kit("stranger"), server)
    new_pc = enrolled(make_kit("new"), server)
    lid = add_learner(home, pin="9999")
    SyncClient(home).sync()
    code = _code(home, lid)
    for _ in range(5):
        with pytest.raises(SyncError) as err:
            SyncClient(stranger).claim(code, "0000")
        assert err.value.code == "wrong_pin"
    with pytest.raises(SyncError) as err:
        SyncClient(stranger).claim(code, "9999")
    assert err.value.code == "pin_locked"
    # the learner herself, on another PC, is not locked out
    assert SyncClient(new_pc).claim(code, "9999")["id"] == lid


def test_right_claims_are_rate_limited_per_device(tmp_path):
    from cc2desktop.core.errors import CCError
    from cc2desktop.server.hub import CLAIMS_PER_DEVICE

    hub = _hub(tmp_path)
    try:
        dev, key = _device()
        hub.enrol(hub.new_enrolment_code(), dev, key)
        from cc2desktop.core.sync.protocol import new_learner_code

        lid, code = "11111111-2222-3333-4444-555555555555", new_learner_code()
        hub.push(dev, {"l": [{"id": lid, "code": code, "display_name": "A",
                              "pin_hash": hash_secret("1234", n=16, r=1)}]})
        for _ in range(CLAIMS_PER_DEVICE):
            assert hub.claim(dev, code, "1234")["id"] == lid
        with pytest.raises(CCError) as err:
            hub.claim(dev, code, "1234")
        assert err.value.code == "rate_limited"
    finally:
        hub.close()


def test_a_pin_hash_costlier_than_the_standard_is_not_kept(tmp_path):
    from cc2desktop.server.models import ServerLearner

    hub = _hub(tmp_path)
    try:
        dev, key = _device()
        hub.enrol(hub.new_enrolment_code(), dev, key)
        lid = "11111111-2222-3333-4444-666666666666"
        costly = "scrypt$65536$16$4$" + "A" * 22 + "$" + "B" * 43
        hub.push(dev, {"l": [{"id": lid, "display_name": "A", "pin_hash": costly}]})
        with hub.ReadSession() as s:
            assert s.get(ServerLearner, lid).pin_hash is None
    finally:
        hub.close()


def test_openapi_declares_the_device_token_and_422s_have_the_error_shape(server, make_kit):
    doc = requests.get(server.url + API + "/openapi.json", timeout=10).json()
    scheme = doc["components"]["securitySchemes"]["deviceToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert doc["paths"][API + "/sync/push"]["post"]["security"] == [{"deviceToken": []}]
    assert doc["paths"][API + "/sync/pull"]["get"]["security"] == [{"deviceToken": []}]
    assert "security" not in doc["paths"][API + "/enrol"]["post"]
    kit = enrolled(make_kit("a"), server)
    from sqlalchemy import select

    from cc2desktop.core.sync.models import SyncState

    with kit.session() as s:
        token = s.scalar(select(SyncState)).token
    r = requests.get(server.url + API + "/sync/pull", params={"limit": "lots"},
                     headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"error", "message"} and body["error"] == "bad_request" and "limit" in body["message"]
