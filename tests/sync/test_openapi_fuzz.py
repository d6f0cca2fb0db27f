"""schemathesis against the hub's OpenAPI schema, on a live server: no input gives a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.sync.conftest import LiveServer


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory):
    srv = LiveServer(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'server.sqlite3'}").start()
    code = srv.hub.new_enrolment_code(uses=5)
    import requests

    from cc2desktop.core import crypto

    tok = requests.post(srv.url + "/api/v1/enrol", json={
        "code": code, "device_id": "6f1c7d8e-1111-4aaa-8bbb-0123456789ab",
        "public_key": crypto.public_b64url(crypto.generate_key())}, timeout=5).json()["token"]
    srv.token = tok
    yield srv
    srv.stop()


def test_no_server_errors(fuzz_target):
    from hypothesis import given
    from schemathesis.checks import not_a_server_error

    api = schemathesis.openapi.from_url(fuzz_target.url + "/api/v1/openapi.json")
    ops = [r.ok() for r in api.get_all_operations()]
    assert {o.path for o in ops} >= {"/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/enrol",
                                     "/api/v1/learners/claim"}
    calls = 0
    for op in ops:
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=op.as_strategy())
        def run(case):
            nonlocal calls
            for headers in ({"Authorization": f"Bearer {fuzz_target.token}"}, {}):
                if case.operation.path.endswith("/devices/me") and headers:
                    continue  # do not revoke the fuzzing device's own token
                resp = case.call(base_url=fuzz_target.url, headers=headers, timeout=10)
                calls += 1
                case.validate_response(resp, checks=[not_a_server_error])

        run()
    assert calls > 100
