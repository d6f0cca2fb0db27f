"""The same call on PostgreSQL: publish (broadcast under the advisory lock), an application judged
in the push transaction, a decision, the cohort and the status back on the PC."""

from __future__ import annotations

import pytest

from cc2desktop.core.calls import service, spec
from cc2desktop.server import calls as server_calls

from tests.calls.test_calls_end_to_end import PIN, _answers, _learner, _sync, call_doc


@pytest.mark.postgres
def test_call_on_postgresql(tmp_path, pg_cert_server, course_pack):
    from cc2desktop.core.facilitation.models import GroupMember
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from tests.support.certification_course import install_test_course

    srv = pg_cert_server
    kit = Kit(resolve_data_paths(tmp_path / "pc"))
    try:
        install_test_course(kit, course_pack)
        SyncClient(kit).enrol(srv.url, srv.hub.new_enrolment_code(), "centre")
        lid = _learner(kit, "Rokhaya Faye")
        assert server_calls.create_call(srv.hub, call_doc())["n"] == 1
        _sync(kit)
        app = service.apply(kit, lid, PIN, "incub-2027", _answers(tmp_path))
        service.apply(kit, lid, PIN, "incub-2027", _answers(tmp_path, project="v2"))
        _sync(kit)
        with srv.hub.ReadSession() as s:
            [row] = server_calls.list_applications(s, "incub-2027")
        assert (row["id"], row["version"], row["answers"]["project"], row["status"]) == (app["id"], 2, "v2", "received")
        res = server_calls.decide(srv.hub, app["id"], "selected")
        assert res["cohort"]["members"] == 1
        _sync(kit)
        assert [a["status"] for a in service.status(kit, lid, PIN)] == ["selected"]
        with kit.read() as s:
            assert [m.learner_id for m in s.query(GroupMember).filter_by(group_id=spec.cohort_group_id("incub-2027"))] \
                == [lid]
    finally:
        kit.close()
