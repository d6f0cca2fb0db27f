"""The admin web page's review screens (`serve` offers them under /admin/calls): the calls, the
applications (blind or not), one application, a score and a decision that reach the learner's PC."""

from __future__ import annotations

import re

import pytest
import requests

from cc2desktop.core.calls import service
from cc2desktop.server import calls as server_calls

from tests.calls.test_calls_end_to_end import PIN, _answers, _learner, _sync, call_doc
from tests.support.cert_server import CertServer


@pytest.fixture
def admin_server(tmp_path, course_pack):
    srv = CertServer(f"sqlite:///{tmp_path / 'server.sqlite3'}", course_pack.parent, tmp_path / "server-data",
                     admin=True).start()
    yield srv
    srv.stop()


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)


def test_review_screens_score_and_decide(tmp_path, admin_server, course_pack):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from tests.support.certification_course import install_test_course

    srv = admin_server
    kit = Kit(resolve_data_paths(tmp_path / "pc"))
    try:
        install_test_course(kit, course_pack)
        SyncClient(kit).enrol(srv.url, srv.hub.new_enrolment_code(), "centre")
        lid = _learner(kit, "Khady Sarr")
        server_calls.create_call(srv.hub, call_doc())
        _sync(kit)
        app = service.apply(kit, lid, PIN, "incub-2027", _answers(tmp_path, pitch="<script>alert(1)</script>"))
        _sync(kit)

        s = requests.Session()
        r = s.post(srv.url + "/admin/login", data={"csrf": _csrf(s.get(srv.url + "/admin/login").text),
                                                   "password": CertServer.ADMIN_PASSWORD})
        assert r.status_code == 200 and "Appels à projets" in r.text
        page = s.get(srv.url + "/admin/calls").text
        assert "incub-2027" in page and "aveugle" in page
        page = s.get(srv.url + "/admin/calls/applications", params={"call": "incub-2027"}).text
        assert "Khady Sarr" in page and app["id"][:8] in page
        blind = s.get(srv.url + "/admin/calls/applications", params={"call": "incub-2027", "blind": 1}).text
        assert app["id"][:8] in blind and "Khady" not in blind
        detail = s.get(srv.url + "/admin/calls/application", params={"id": app["id"], "blind": 1}).text
        assert "&lt;script&gt;alert(1)" in detail and "<script>alert" not in detail and "Khady" not in detail
        csrf = _csrf(detail)
        r = s.post(srv.url + "/admin/calls/score", data={"csrf": csrf, "id": app["id"], "reviewer": "Awa",
                                                         "score": "150"})
        assert r.status_code == 400 and "0 to 100" in r.text
        r = s.post(srv.url + "/admin/calls/score", data={"csrf": csrf, "id": app["id"], "reviewer": "Awa",
                                                         "score": "16", "comment": "solide"})
        assert r.status_code == 200 and "Note enregistrée" in r.text
        r = s.post(srv.url + "/admin/calls/decide", data={"csrf": csrf, "id": app["id"], "status": "shortlisted"})
        assert r.status_code == 200
        csv = s.get(srv.url + "/admin/calls/export", params={"call": "incub-2027", "blind": 1})
        assert csv.headers["content-type"].startswith("text/csv") and "Khady" not in csv.text and "16" in csv.text
        _sync(kit)
        [st] = service.status(kit, lid, PIN)
        assert st["status"] == "shortlisted"
        r = requests.post(srv.url + "/admin/calls/decide", data={"csrf": csrf, "id": app["id"], "status": "rejected"})
        assert "Khady" not in r.text  # signed out: nothing decided
        with srv.hub.ReadSession() as ses:
            assert server_calls.list_applications(ses, "incub-2027")[0]["status"] == "shortlisted"
    finally:
        kit.close()
