"""kill -9 of a centre's hub 100 times while it relays, and of the central server 20 times: no
event lost, none stored twice at the central server.

Both run as processes forked from the test (everything is imported once, so a restart costs a few
milliseconds, not an interpreter start): the hub process runs relay rounds back to back with small
pages until it is killed at a random moment; events keep arriving at the hub between kills; every
fifth kill of the hub, the central server is killed too (while the hub relays) and restarted."""

from __future__ import annotations

import os
import random
import signal
import time

import pytest
import requests

from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.sync import protocol as P

from tests.support.pgcluster import free_port

pytestmark = pytest.mark.slow


def _fork(fn, *args) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            fn(*args)
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    return pid


def _central_main(db_url: str, port: int) -> None:
    import uvicorn

    from cc2desktop.server.app import create_app

    uvicorn.run(create_app(db_url), host="127.0.0.1", port=port, log_level="critical")


def _hub_main(db_url: str) -> None:
    from cc2desktop.server.hub import Hub
    from cc2desktop.server.relay.upstream import Relay

    hub = Hub(db_url, migrate=False)
    while True:
        try:
            Relay(hub, page_events=25, down_limit=50, retries=0).round()
        except Exception:  # noqa: BLE001 - the central server is down: try again
            time.sleep(0.02)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _start_central(db_url: str, port: int) -> int:
    pid = _fork(_central_main, db_url, port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                return pid
        except requests.RequestException:
            time.sleep(0.02)
    _kill(pid)
    raise RuntimeError("the central server did not start")


class Devices:
    """PCs pushing to the hub (in this process, through the hub's own push)."""

    def __init__(self, hub, n: int = 3) -> None:
        self.hub = hub
        self.devs = []
        for i in range(n):
            dev, lid = new_id(), new_id()
            hub.enrol(hub.new_enrolment_code(), dev, P.pack_id(new_id()).ljust(43, "A")[:43], f"pc{i}")
            self.devs.append([dev, lid, 0])
        self.sent: set[str] = set()

    def push(self, rng: random.Random, k: int) -> None:
        for d in self.devs:
            dev, lid, seq = d
            rows = []
            for _ in range(k):
                seq += 1
                eid = new_id()
                rows.append((eid, lid, dev, seq, "quiz.answered", "demo", P.canonical_payload(
                    {"capsule_id": "m1c1", "quiz_id": "q", "attempt_id": "a", "question_id": f"q{seq % 7}",
                     "response": rng.choice("abcd"), "success": rng.random() < 0.6, "score": 1.0}), utcnow_iso()))
            d[2] = seq
            profile = P.dumps_compact([{"id": lid, "display_name": f"L-{lid[:4]}"}])
            out = self.hub.push_bytes(dev, b'{"l":' + profile + b',"b":' + P.batch_bytes(P.encode_batch(dev, rows))
                                      + b"}")
            assert sum(b - a + 1 for a, b in out["acked"]) == len(rows)
            self.sent.update(r[0] for r in rows)


def _ids(url: str) -> list[str]:
    from sqlalchemy import create_engine

    eng = create_engine(url)
    with eng.connect() as c:
        ids = [r[0] for r in c.exec_driver_sql("SELECT id FROM events")]
    eng.dispose()
    return ids


def test_hub_killed_100_times_and_central_20_times_lose_and_duplicate_nothing(tmp_path):
    from cc2desktop.server.hub import Hub
    from cc2desktop.server.relay import upstream

    rng = random.Random(18)
    central_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    hub_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    c = Hub(central_url)
    code = c.new_enrolment_code(role="centre")
    c.close()
    port = free_port()
    central_pid = _start_central(central_url, port)
    hub_pid = None
    hub = Hub(hub_url)
    try:
        upstream.enrol(hub, f"http://127.0.0.1:{port}", code, "centre")
        devices = Devices(hub)
        devices.push(rng, 200)                       # a backlog to relay in pages of 25
        central_kills = 0
        for i in range(100):
            hub_pid = _fork(_hub_main, hub_url)
            if i % 5 == 4:                           # the central server dies while the hub relays
                time.sleep(rng.uniform(0.05, 0.3))
                _kill(central_pid)
                central_kills += 1
                time.sleep(rng.uniform(0.0, 0.1))
                central_pid = _start_central(central_url, port)
            time.sleep(rng.uniform(0.03, 0.35))
            _kill(hub_pid)
            hub_pid = None
            devices.push(rng, rng.randint(0, 6))     # PCs keep syncing with the hub meanwhile
        assert central_kills == 20
        before = len(set(_ids(central_url)))
        print(f"relayed before the last round: {before} of {len(devices.sent)}")
        assert 0 < before  # the killed hubs did relay
        for _ in range(50):                          # then an uncut round catches up
            rep = upstream.Relay(hub).round()
            if not rep.more:
                break
        at_central = _ids(central_url)
        assert len(at_central) == len(set(at_central)), "an event stored twice at the central server"
        assert set(at_central) == devices.sent, "an event lost"
        assert upstream.backlog_up(hub) == 0
    finally:
        if hub_pid is not None:
            _kill(hub_pid)
        _kill(central_pid)
        hub.close()
