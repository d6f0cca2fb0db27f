"""Fixtures for the sync tests: a real hub server on 127.0.0.1 (uvicorn in a thread), enrolled
data dirs, a real PostgreSQL cluster (tests/support/pgcluster.py)."""

from __future__ import annotations

import pytest

from tests.support.live_server import ThreadedServer


class LiveServer(ThreadedServer):
    """The hub app (create_app) on a real port."""

    def __init__(self, db_url: str, **kw) -> None:
        from cc2desktop.server.app import create_app

        app = create_app(db_url, **kw)
        self.hub = app.state.hub
        super().__init__(app, timeout_keep_alive=30, limit_concurrency=500)

    def stop(self) -> None:
        super().stop()
        self.hub.close()


@pytest.fixture
def server(tmp_path):
    srv = LiveServer(f"sqlite:///{tmp_path / 'server.sqlite3'}").start()
    yield srv
    srv.stop()


@pytest.fixture
def pg_server(pg_url):
    srv = LiveServer(pg_url).start()
    yield srv
    srv.stop()


@pytest.fixture
def make_kit(tmp_path):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    kits = []

    def make(name: str):
        k = Kit(resolve_data_paths(tmp_path / name))
        kits.append(k)
        return k

    yield make
    for k in kits:
        k.close()


def add_learner(kit, name="Aïcha", pin="1234", **kw) -> str:
    from cc2desktop.core.db.base import new_id
    from cc2desktop.core.db.models import Learner
    from cc2desktop.core.crypto import hash_secret

    lid = new_id()
    with kit.session() as s:
        s.add(Learner(id=lid, display_name=name, pin_hash=hash_secret(pin, n=16, r=1), **kw))
    return lid


def add_events(kit, learner_id: str, n: int, course="cc-demo") -> list[str]:
    from cc2desktop.core import events

    ids = []
    with kit.session() as s:
        for i in range(n):
            ids.append(events.append(s, learner_id, "quiz.answered",
                                     {"item": f"q{i % 7}", "response": "b", "success": i % 3 != 0, "score": 1.0,
                                      "duration_ms": 4200 + i}, course_id=course).id)
    return ids


def write_raw_event(kit, learner_id: str, type_: str, payload: dict | str, course=None) -> str:
    """An event row as another version of the app (or a bug) could have left it in the log: any
    type, any payload size; :func:`cc2desktop.core.events.append` would refuse it."""

    from sqlalchemy import func, select

    from cc2desktop.core import events
    from cc2desktop.core.db.base import new_id, utcnow_iso
    from cc2desktop.core.db.models import Event

    with kit.session() as s:
        dev = events.device_id(s)
        seq = (s.scalar(select(func.max(Event.seq)).where(Event.device_id == dev)) or 0) + 1
        eid = new_id()
        s.add(Event(id=eid, learner_id=learner_id, device_id=dev, seq=seq, type=type_, course_id=course,
                    payload=payload if isinstance(payload, str) else events.dumps(payload),
                    created_at=utcnow_iso(), synced=False))
    return eid


def enrolled(kit, srv, name="pc"):
    from cc2desktop.core.sync.client import SyncClient

    code = srv.hub.new_enrolment_code()
    SyncClient(kit).enrol(srv.url, code, name)
    return kit
