"""Three tiers on loopback: a central server and centres' hubs, each a real server (uvicorn in a
thread) on its own SQLite file, PCs enrolled at the hubs (tests/sync fixtures reused)."""

from __future__ import annotations

import pytest

from tests.certification.conftest import course_pack  # noqa: F401 - fixtures
from tests.sync.conftest import LiveServer, make_kit  # noqa: F401


@pytest.fixture
def central(tmp_path):
    srv = LiveServer(f"sqlite:///{tmp_path / 'central.sqlite3'}").start()
    yield srv
    srv.stop()


def hub_with_upstream(tmp_path, central_srv, name: str):
    """A centre's hub enrolled with ``central_srv`` (its own server and database)."""
    from cc2desktop.server.relay import upstream

    srv = LiveServer(f"sqlite:///{tmp_path / (name + '.sqlite3')}").start()
    code = central_srv.hub.new_enrolment_code(role="centre", label=name)
    upstream.enrol(srv.hub, central_srv.url, code, name)
    return srv


def relay(srv, **kw):
    from cc2desktop.server.relay import upstream

    return upstream.Relay(srv.hub, **kw).round()


@pytest.fixture
def hub_a(tmp_path, central):
    srv = hub_with_upstream(tmp_path, central, "hub-a")
    yield srv
    srv.stop()


@pytest.fixture
def hub_b(tmp_path, central):
    srv = hub_with_upstream(tmp_path, central, "hub-b")
    yield srv
    srv.stop()
