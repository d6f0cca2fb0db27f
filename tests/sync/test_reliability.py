"""Reliability on a real server: kill -9 of the client, a faulty link, 50 devices at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import select

from cc2desktop.core.db.models import Event
from cc2desktop.core.sync.client import SyncClient, SyncError, status
from tests.sync.conftest import add_events, add_learner, enrolled
from tests.sync.faultproxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]


def _client_ids(kit, device_only=True) -> set[str]:
    with kit.session() as s:
        from cc2desktop.core.events import device_id

        dev = device_id(s)
        return set(s.scalars(select(Event.id).where(Event.device_id == dev)))


def _server_ids(srv, device_id=None) -> list[str]:
    from cc2desktop.server.models import ServerEvent

    with srv.hub.Session() as s:
        q = select(ServerEvent.id)
        if device_id:
            q = q.where(ServerEvent.device_id == device_id)
        return list(s.scalars(q))


def test_kill_9_during_100_sync_rounds_loses_and_duplicates_nothing(server, make_kit, tmp_path):
    kit = enrolled(make_kit("a"), server)
    lid = add_learner(kit)
    log = tmp_path / "rounds.log"
    log.touch()
    rng = random.Random(7)
    kills = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    while log.read_text().count("R") < 100:
        starts = log.read_text().count("S")
        p = subprocess.Popen([sys.executable, "-m", "tests.sync.killworker", str(kit.paths.root), lid, str(log)],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while log.read_text().count("S") == starts:
            assert p.poll() is None, p.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        kills += 1
    assert kills >= 5
    SyncClient(kit).sync()  # a clean round after the storm
    client = _client_ids(kit)
    server_ids = _server_ids(server)
    assert len(server_ids) == len(set(server_ids))  # 0 duplicated
    assert set(server_ids) == client  # 0 lost, nothing extra
    assert status(kit)["pending"] == 0 and len(client) > 100


def test_faulty_link_over_1000_rounds_converges(server, make_kit):
    proxy = FaultProxy(server.port, fault_rate=0.3, stall_s=0.15, seed=3)
    try:
        a = make_kit("a")
        b = make_kit("b")
        for k in (a, b):
            enrolled(k, server)
            with k.session() as s:  # talk through the faulty link from now on
                from cc2desktop.core.sync.models import SyncState

                s.get(SyncState, 1).server_url = proxy.url
        la, lb = add_learner(a, pin="1"), add_learner(b, pin="2")
        rng = random.Random(11)
        failures = 0
        for r in range(1000):
            kit, lid = (a, la) if r % 2 else (b, lb)
            if rng.random() < 0.3:
                add_events(kit, lid, rng.randint(1, 3))
            try:
                SyncClient(kit, retries=0, timeout=(0.1, 0.1), keepalive=False).sync()
            except SyncError:
                failures += 1
        assert sum(proxy.counts.values()) >= 1000 and all(proxy.counts[f] > 5 for f in proxy.counts)
        assert failures > 100  # the link really was bad
        for kit in (a, b):
            for _ in range(50):  # converge with the client's own retries
                try:
                    SyncClient(kit, retries=5, backoff=0.01, timeout=(0.5, 0.5), keepalive=False).sync()
                    break
                except SyncError:
                    pass
            assert status(kit)["pending"] == 0
        server_ids = _server_ids(server)
        assert len(server_ids) == len(set(server_ids))
        assert set(server_ids) == _client_ids(a) | _client_ids(b)
    finally:
        proxy.close()


def _fifty_devices(srv, make_kit, n=50, per=40):
    kits = []
    for i in range(n):
        k = enrolled(make_kit(f"d{i}"), srv, name=f"pc{i}")
        add_events(k, add_learner(k, pin="1"), per)
        kits.append(k)
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(k):
        barrier.wait()
        try:
            SyncClient(k, retries=0).sync()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in kits]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert srv.hub.stats()["events"] == n * per
    assert all(status(k)["pending"] == 0 for k in kits)


def test_fifty_devices_push_at_once_sqlite(server, make_kit):
    _fifty_devices(server, make_kit)


def test_fifty_devices_push_at_once_postgresql(pg_server, make_kit):
    _fifty_devices(pg_server, make_kit)
