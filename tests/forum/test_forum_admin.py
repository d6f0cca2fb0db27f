"""The moderation queue on the admin page of a real ``serve``: a PC's posts arrive by sync, the
admin approves one, refuses one with a reason, hides a reported one, publishes an announcement; the
PC sees the decisions at its next sync. Learners' text is escaped."""

from __future__ import annotations

import pytest

from cc2desktop.core import forum
from cc2desktop.core.kit import Kit
from cc2desktop.core.paths import resolve_data_paths
from cc2desktop.core.sync.client import SyncClient
from tests.admin.conftest import browser, cc, serve, shot  # noqa: F401 - fixtures
from tests.admin.test_admin_browser import _sign_in
from tests.admin.test_admin_http import PASSWORD, _csrf, _first_start
from tests.sync.conftest import add_learner
from tests.support.small_course import build_small_pack, install

COURSE = "course-a"


@pytest.fixture
def pc(tmp_path):
    k = Kit(resolve_data_paths(tmp_path / "pc"))
    install(k, build_small_pack(tmp_path / "packs", COURSE))
    yield k
    k.close()


def test_the_admin_page_moderates_the_forum(serve, pc, browser, tmp_path):  # noqa: F811
    srv = serve()
    admin = _first_start(srv.url, srv.setup_code)
    SyncClient(pc).enrol(srv.url, cc("server", "enrolment-code", "--db", srv.db).stdout.strip(), "pc")
    lid = add_learner(pc, "Khadija", "1234")
    good = forum.write_post(pc, lid, COURSE, "Une question sur la capsule 1", title="Question")
    bad = forum.write_post(pc, lid, COURSE, "<script>alert('x')</script> achetez ici", thread=good["id"])
    SyncClient(pc).sync()
    page = admin.get(srv.url + "/admin/forum").text
    assert "Une question sur la capsule 1" in page and "<script>alert" not in page and "&lt;script&gt;" in page
    assert "En attente (2)" in page
    _sign_in(browser, srv.url, PASSWORD)
    browser.goto(srv.url + "/admin/forum")
    assert browser.js("document.querySelectorAll('blockquote.post').length") == 2
    shot(browser, tmp_path, "forum", full_page=True)
    csrf = _csrf(page)
    r = admin.post(srv.url + "/admin/forum/approve", data={"csrf": csrf, "id": good["id"]})
    assert r.status_code == 200 and "msg.forum_approved" in r.url
    r = admin.post(srv.url + "/admin/forum/reject", data={"csrf": csrf, "id": bad["id"], "reason": "publicité"})
    assert "msg.forum_rejected" in r.url
    again = admin.post(srv.url + "/admin/forum/approve", data={"csrf": csrf, "id": good["id"]})
    assert "err.forum" in again.url  # already moderated: one line, nothing changed
    anon = admin.__class__().post(srv.url + "/admin/forum/approve", data={"csrf": csrf, "id": bad["id"]})
    assert "/admin/forum?msg" not in anon.url  # signed out: no action
    SyncClient(pc).sync()
    with pc.read() as s:
        got = {p.id: (p.state, p.reason) for p in forum.posts(s, COURSE)}
    assert got == {good["id"]: ("approved", None), bad["id"]: ("refused", "publicité")}
    # a learner reports it; the admin hides it everywhere; an announcement is pinned
    forum.flag_post(pc, lid, COURSE, good["id"], "hors sujet")
    SyncClient(pc).sync()
    page = admin.get(srv.url + "/admin/forum").text
    assert "Messages signalés (1)" in page and "hors sujet" in page
    admin.post(srv.url + "/admin/forum/hide", data={"csrf": csrf, "id": good["id"]})
    r = admin.post(srv.url + "/admin/forum/announce", data={"csrf": csrf, "course": COURSE, "title": "Bienvenue",
                                                            "text": "Le forum est ouvert."})
    assert "msg.forum_announced" in r.url
    SyncClient(pc).sync()
    with pc.read() as s:
        threads = forum.threads(s, COURSE)
    assert [(t.title, t.pinned, [p.text for p in t.posts]) for t in threads] == \
        [("Bienvenue", True, ["Le forum est ouvert."])]
