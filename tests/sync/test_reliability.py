"""Reliability on a real server: kill -9 of the client, a faulty link, 50 devices at once."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from cc2desktop.core.db.models import Event
from cc2desktop.core.sync.client import SyncClient, SyncError, status
from tests.sync.conftest import add_events, add_learner, enrolled
from tests.support.faultproxy import FaultProxy

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


@pytest.mark.slow
def test_kill_9_a_hundred_times_during_learner_writes_and_sync_loses_and_duplicates_nothing(
        server, make_kit, tmp_path, course_dir):
    """100 × kill -9 of a process writing a learner's activity through the learning facade and
    syncing: every write it saw return is on the PC and on the server, once; the database is intact."""
    kit = enrolled(make_kit("a"), server)
    lid = kit.learning.create_learner("Awa").value.id
    log = tmp_path / "rounds.log"
    log.touch()
    rng = random.Random(7)
    kills = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kit.learning.courses()  # (the schema is up to date before the workers open the database)
    zygote = subprocess.Popen([sys.executable, "-m", "tests.sync.killworker", "--zygote", str(kit.paths.root), lid,
                               str(log), str(course_dir)], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while kills < 100:
            starts = log.read_text().count("S")
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            deadline = time.monotonic() + 30
            while log.read_text().count("S") == starts:
                assert zygote.poll() is None and time.monotonic() < deadline, zygote.stderr.read()[-2000:]
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.4))  # mid-write, mid-sync or between
            os.kill(pid, signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "dead"
            kills += 1
    finally:
        zygote.stdin.close()
        zygote.wait(10)
    text_log = log.read_text()
    written = {int(line.split()[1]) for line in text_log.splitlines() if line.startswith("W ")}
    assert text_log.count("R") >= 20 and len(written) >= 100
    with sqlite3.connect(kit.paths.db_path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    SyncClient(kit).sync()  # a clean round after the storm
    with kit.session() as s:
        marks = [json.loads(text)["duration_s"] for text in s.scalars(
            select(Event.payload).where(Event.type == "video.watched"))]
    assert written <= {int(m) for m in marks}  # 0 lost
    assert len(marks) == len(set(marks))  # 0 written twice
    client = _client_ids(kit)
    server_ids = _server_ids(server)
    assert len(server_ids) == len(set(server_ids))  # 0 duplicated on the server
    assert set(server_ids) == client  # 0 lost, nothing extra
    assert status(kit)["pending"] == 0


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


def test_done_when_two_online_pcs_and_a_usb_pc_converge_after_kills_and_a_faulty_link(server, make_kit, tmp_path):
    """The issue's acceptance scenario, in one run: PC a (killed -9 at random) and PC b sync through
    a faulty link, PC c only by USB bundles carried through b; one learner shared by a and b, one by
    c and b. In the end every PC holds the same history as the server for each of its learners."""
    from cc2desktop.core.db.models import Learner
    from cc2desktop.core.sync.models import SyncState
    from tests.sync.test_e2e import _history, _server_history

    proxy = FaultProxy(server.port, fault_rate=0.3, stall_s=0.15, seed=5)
    try:
        a, b, c = enrolled(make_kit("a"), server), enrolled(make_kit("b"), server), make_kit("c")
        la, lc = add_learner(a, pin="1111"), add_learner(c, pin="2222")
        add_events(a, la, 5)
        add_events(c, lc, 5)
        SyncClient(a).sync()
        usb = tmp_path / "usb"
        first = SyncClient(c).export_bundle(usb, code=server.hub.new_enrolment_code())
        SyncClient(b).import_bundle(first)
        SyncClient(c).import_bundle(first.with_name(first.name.replace(".cc2sync", ".reply.cc2sync")))
        with a.session() as s:
            code_a = s.get(Learner, la).code
        with c.session() as s:
            code_c = s.get(Learner, lc).code
        SyncClient(b).claim(code_a, "1111")
        SyncClient(b).claim(code_c, "2222")
        for k in (a, b):
            with k.session() as s:
                s.get(SyncState, 1).server_url = proxy.url
        # a: a child process syncing in a loop through the proxy, killed -9 at random instants.
        log = tmp_path / "a.log"
        log.touch()
        rng = random.Random(9)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for _ in range(3):
            starts = log.read_text().count("S")
            p = subprocess.Popen([sys.executable, "-m", "tests.sync.killworker", str(a.paths.root), la, str(log)],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while log.read_text().count("S") == starts and p.poll() is None:
                time.sleep(0.01)
            # meanwhile b works and syncs through the same faulty link, and carries c's bundles
            for r in range(rng.randint(10, 30)):
                add_events(b, la if r % 2 else lc, 1)
                try:
                    SyncClient(b, retries=0, timeout=(0.1, 0.1), keepalive=False).sync()
                except SyncError:
                    pass
                if r % 20 == 0:
                    add_events(c, lc, 2)
                    push = SyncClient(c).export_bundle(usb)
                    try:
                        SyncClient(b, retries=3, backoff=0.01, timeout=(0.5, 0.5), keepalive=False).import_bundle(push)
                        SyncClient(c).import_bundle(push.with_name(push.name.replace(".cc2sync", ".reply.cc2sync")))
                    except SyncError:
                        pass  # the stick goes back without a reply this time
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
        for k in (a, b):  # the link gets better: converge
            for _ in range(30):
                try:
                    SyncClient(k, retries=5, backoff=0.01, timeout=(1, 1), keepalive=False).sync()
                    break
                except SyncError:
                    pass
        push = SyncClient(c).export_bundle(usb)
        reply = SyncClient(b, retries=8, backoff=0.01, timeout=(1, 1), keepalive=False).import_bundle(push)["reply"]
        SyncClient(c).import_bundle(Path(reply))
        SyncClient(a, retries=8, backoff=0.01, timeout=(1, 1), keepalive=False).sync()  # b's last events
        for k in (a, b, c):
            assert status(k)["pending"] == 0
        assert _history(a, la) == _history(b, la) == _server_history(server, la)
        assert _history(c, lc) == _history(b, lc) == _server_history(server, lc)
        ids = _server_ids(server)
        assert len(ids) == len(set(ids)) and set(ids) == _client_ids(a) | _client_ids(b) | _client_ids(c)
        assert len(_history(a, la)) > 15 and len(_history(c, lc)) > 10
    finally:
        proxy.close()


def test_a_damaged_reply_to_a_carried_bundle_is_a_sync_error_and_writes_nothing(server, make_kit, tmp_path):
    """A PC carries a USB-only PC's bundle to the server over a link that damages the reply's bytes:
    the carrier gets a sync error it can show (``bad_reply``, not a crash), no reply file is left for
    the stick, and the same bundle carried again over a good link is answered."""
    from tests.support.faultproxy import GARBLE

    b, c = enrolled(make_kit("b"), server), make_kit("c")
    add_events(c, add_learner(c, pin="2222"), 3)
    push = SyncClient(c).export_bundle(tmp_path / "usb", code=server.hub.new_enrolment_code())
    proxy = FaultProxy(server.port, fault_rate=1.0, faults=(GARBLE,))
    try:
        from cc2desktop.core.sync.models import SyncState

        with b.session() as s:
            good_url, s.get(SyncState, 1).server_url = s.get(SyncState, 1).server_url, proxy.url
        with pytest.raises(SyncError) as err:
            SyncClient(b, retries=0, keepalive=False).import_bundle(push)
        assert err.value.code == "bad_reply"
        assert list((tmp_path / "usb").glob("*.reply.cc2sync")) == []
        with b.session() as s:
            s.get(SyncState, 1).server_url = good_url
        assert SyncClient(b).import_bundle(push)["kind"] == "push"
        assert len(list((tmp_path / "usb").glob("*.reply.cc2sync"))) == 1
    finally:
        proxy.close()
