"""The central server's store of a centre's page when two relays bring the same events at once (a
PC's USB bundle imported at two centres), on SQLite and on a real PostgreSQL: each event is stored
once and both pages are acknowledged whole. On PostgreSQL the usual case is a ``COPY``: a page
whose events another transaction stored first must fall back to the row-by-row store."""

from __future__ import annotations

import threading
import time

import orjson
import pytest

from cc2desktop.core.sync.client import SyncClient

from tests.relay.conftest import hub_with_upstream
from tests.sync.conftest import LiveServer, add_events, add_learner, enrolled


@pytest.fixture(params=["sqlite", "postgresql"])
def central_db(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.sqlite3'}"
    return request.getfixturevalue("pg_url")


def _waiting_on_a_lock(hub) -> bool:
    if hub.engine.dialect.name != "postgresql":
        return True  # SQLite: the second writer waits at BEGIN IMMEDIATE (busy timeout)
    with hub.engine.connect() as c:
        return bool(c.exec_driver_sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                      "AND datname = current_database()").scalar())


def test_two_centres_relaying_the_same_events_at_once_store_them_once(tmp_path, central_db, make_kit):
    from cc2desktop.server.relay import central, upstream

    central_srv = LiveServer(central_db).start()
    hub = hub_with_upstream(tmp_path, central_srv, "hub-a")
    try:
        pc = enrolled(make_kit("pc"), hub, "pc")
        lid = add_learner(pc, "Ama")
        add_events(pc, lid, 40)
        SyncClient(pc).sync()
        body, _upto, _record = upstream.Relay(hub.hub).next_page()
        page = orjson.dumps(body)
        n = len(body["ev"]["p"])
        centre = upstream.upstream_of(hub.hub)["centre_id"]
        cen = central_srv.hub

        inside, release = threading.Event(), threading.Event()

        def hold_first_store(_s, fresh) -> None:  # an event hook: runs inside the storing transaction
            if not inside.is_set():
                inside.set()
                release.wait(30)

        cen.event_hooks.append(hold_first_store)
        out: dict[str, dict] = {}

        def ingest(name: str) -> None:
            out[name] = central.ingest(cen, centre, orjson.loads(page))

        first = threading.Thread(target=ingest, args=("first",))
        first.start()
        assert inside.wait(30)
        second = threading.Thread(target=ingest, args=("second",))
        second.start()
        deadline = time.monotonic() + 20
        while not _waiting_on_a_lock(cen) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        release.set()
        first.join(30)
        second.join(30)
        assert out["first"]["stored"] == n and out["first"]["acked"] == n
        assert out["second"]["stored"] == 0 and out["second"]["acked"] == n and not out["second"]["rejected"]
        with cen.ReadSession() as s:
            ids = [r[0] for r in s.connection().exec_driver_sql("SELECT id FROM events")]
        assert len(ids) == len(set(ids)) == n
        # a page sent again later (its reply was lost) is acknowledged the same, storing nothing
        again = central.ingest(cen, centre, orjson.loads(page))
        assert again["stored"] == 0 and again["acked"] == n
    finally:
        hub.stop()
        central_srv.stop()
