"""schemathesis against the packs routes (with real packs in the folder): no input gives a 5xx."""

import shutil

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from tests.support.packs_server import LiveServer


def test_no_server_errors(tmp_path, built_pack):
    d = tmp_path / "served"
    d.mkdir()
    shutil.copy(built_pack.path, d / "course.cc2pack")
    from schemathesis.checks import not_a_server_error

    with LiveServer(d) as srv:
        app = srv.wire.app
        assert isinstance(app, FastAPI)
        api = schemathesis.openapi.from_dict(app.openapi())
        ops = [r.ok() for r in api.get_all_operations()]
        assert {o.path for o in ops} == {"/api/v1/catalog", "/api/v1/packs/{name}", "/api/v1/packs/{name}/manifest",
                                         "/api/v1/blobs/{sha256}"}
        calls = 0
        for op in ops:
            @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            @given(case=op.as_strategy())
            def run(case):
                nonlocal calls
                if "name" in (case.path_parameters or {}) and calls % 3 == 0:
                    case.path_parameters["name"] = "course.cc2pack"  # hit the real pack too
                resp = case.call(base_url=srv.url, timeout=10)
                calls += 1
                case.validate_response(resp, checks=[not_a_server_error])

            run()
        assert calls > 60
