"""The course forum end to end with a real server (docs/forum.md): PC A online, PC C that only
syncs by USB stick through A; posts moderated on the server; refused posts never leave their
author's PCs; every PC ends with the same approved discussion."""

from __future__ import annotations

import pytest

from cc2desktop.core import forum
from cc2desktop.core.errors import CCError
from cc2desktop.core.sync.client import SyncClient
from cc2desktop.server import forum as moderation
from tests.sync.conftest import add_learner, enrolled
from tests.support.small_course import build_small_pack, install

COURSE = "course-a"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return build_small_pack(tmp_path_factory.mktemp("packs"), COURSE)


def view(kit, *, approved_only: bool = False) -> list[tuple]:
    with kit.read() as s:
        return [(t.id, t.title, [(p.id, p.author, p.text, p.state) for p in t.posts
                                 if not approved_only or p.state == "approved"])
                for t in forum.threads(s, COURSE)]


def states(kit) -> dict[str, tuple[str, str | None]]:
    with kit.read() as s:
        return {p.id: (p.state, p.reason) for p in forum.posts(s, COURSE)}


class Centres:
    """A online; C carries a stick to A once a week (A forwards it and writes the reply)."""

    def __init__(self, server, make_kit, pack, tmp_path):
        self.server, self.tmp, self.rounds = server, tmp_path, 0
        self.a, self.c = enrolled(make_kit("a"), server), make_kit("c")
        for k in (self.a, self.c):
            install(k, pack)
        self.awa = add_learner(self.a, "Awa", "1234")
        self.kofi = add_learner(self.c, "Kofi", "4321")
        self.code = server.hub.new_enrolment_code()

    def sync_a(self):
        return SyncClient(self.a).sync()

    def stick(self) -> dict:
        """C → stick → A (forwarded to the server) → stick → C."""
        self.rounds += 1
        push = SyncClient(self.c).export_bundle(self.tmp / f"usb{self.rounds}",
                                                code=self.code if self.rounds == 1 else None)
        reply = SyncClient(self.a).import_bundle(push)["reply"]
        return SyncClient(self.c).import_bundle(reply)


@pytest.fixture
def centres(server, make_kit, pack, tmp_path):
    return Centres(server, make_kit, pack, tmp_path)


def test_a_post_from_a_usb_only_centre_is_moderated_and_reaches_both_centres(centres):
    a, c, hub = centres.a, centres.c, centres.server.hub
    first = forum.write_post(c, centres.kofi, COURSE, "Qui a fini la capsule 2 ?\nJe bloque sur le quiz.",
                             title="Entraide capsule 2")
    assert first["state"] == "unsynced" and first["thread"] == first["id"]
    doubt = forum.write_post(c, centres.kofi, COURSE, "Un message qui sera refusé", thread=first["id"])
    assert states(c)[first["id"]] == ("unsynced", None)
    centres.stick()
    assert states(c)[first["id"]] == ("pending", None)  # acknowledged: awaiting moderation
    queue = moderation.pending(hub)
    assert {(q["id"], q["thread"], q["course"]) for q in queue} == \
        {(first["id"], first["id"], COURSE), (doubt["id"], first["id"], COURSE)}
    first_text = next(q for q in queue if q["id"] == first["id"])["text"]
    assert first_text == "Qui a fini la capsule 2 ?\nJe bloque sur le quiz."
    centres.sync_a()
    assert view(a) == []  # nothing before moderation
    moderation.approve(hub, first["id"])
    moderation.reject(hub, doubt["id"], "hors sujet")
    centres.sync_a()
    assert view(a) == [(first["id"], "Entraide capsule 2",
                        [(first["id"], "Kofi", "Qui a fini la capsule 2 ?\nJe bloque sur le quiz.", "approved")])]
    # A replies; the refused post never reaches A
    answer = forum.write_post(a, centres.awa, COURSE, "Oui ! Relis la **vidéo 3**.", thread=first["id"])
    assert states(a)[answer["id"]] == ("unsynced", None)
    centres.sync_a()
    assert states(a)[answer["id"]] == ("pending", None)
    moderation.approve(hub, answer["id"])
    centres.sync_a()
    centres.stick()
    got = states(c)
    assert got[first["id"]] == ("approved", None) and got[answer["id"]] == ("approved", None)
    assert got[doubt["id"]] == ("refused", "hors sujet")  # only its author's PC knows it, with the reason
    assert doubt["id"] not in states(a)
    # three more rounds with writing on both sides: the same approved view everywhere
    for i in range(3):
        x = forum.write_post(c, centres.kofi, COURSE, f"Merci, tour {i}", thread=first["id"])
        y = forum.write_post(a, centres.awa, COURSE, f"Nouveau sujet {i}", title=f"Sujet {i}")
        centres.stick()
        centres.sync_a()
        for q in moderation.pending(hub):
            moderation.approve(hub, q["id"])
        assert {x["id"], y["id"]} <= {p["post"] for p in moderation.pending(hub, state="approved")}
        centres.sync_a()
        centres.stick()
    assert view(a, approved_only=True) == view(c, approved_only=True)
    assert len(view(a)) == 4
    assert [len(t[2]) for t in view(a, approved_only=True) if t[0] == first["id"]] == [5]


def test_bad_posts_are_refused_in_one_line_and_change_nothing(centres):
    c, kofi = centres.c, centres.kofi
    for text, code in (("", "forum_empty"), ("   \n\u202e\x07 ", "forum_empty"), ("x" * 2001, "too_long")):
        with pytest.raises(CCError) as err:
            forum.write_post(c, kofi, COURSE, text, title="Titre")
        assert err.value.code == code and "\n" not in str(err.value)
    with pytest.raises(CCError) as err:
        forum.write_post(c, kofi, "course-absent", "Bonjour", title="Titre")
    assert err.value.code == "forum_no_course"
    with pytest.raises(CCError):
        forum.write_post(c, kofi, COURSE, "Bonjour")  # neither a title nor a thread
    with pytest.raises(CCError):
        forum.write_post(c, kofi, COURSE, "Bonjour", thread="no-such-thread")
    assert view(c) == []
    # control characters and right-to-left overrides are removed; HTML stays text
    p = forum.write_post(c, kofi, COURSE, "<script>alert(1)</script>\u202egnp.exe\x00 **ok** http://x.org",
                         title="T\u202e\u2066itre\x1b")
    with c.read() as s:
        [post] = forum.posts(s, COURSE)
    assert post.title == "Titre" and post.text == "<script>alert(1)</script>gnp.exe **ok** http://x.org"
    html = forum.to_html(post.text, links=False)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>ok</b>" in html and "<a " not in html
    assert '<a href="http://x.org">' in forum.to_html(post.text, links=True)
    assert p["state"] == "unsynced"


def test_forged_moderation_items_and_hostile_events_are_refused(centres):
    """A post the server did not sign never shows; a hand-made event with a bad payload is filed
    alone (the others go through); a ban refuses what a learner sends."""
    from sqlalchemy import text

    a, hub = centres.a, centres.server.hub
    ok = forum.write_post(a, centres.awa, COURSE, "Bonjour à tous", title="Présentations")
    centres.sync_a()
    moderation.approve(hub, ok["id"])
    with hub.Session.begin() as s:  # a compromised relay alters the approved item
        s.execute(text("UPDATE broadcast_items SET body = replace(body, 'Bonjour', 'Achetez') "
                       "WHERE scope = 'course:course-a'"))
    rep = centres.sync_a()
    assert rep.broadcast_refused and states(a)[ok["id"]] == ("pending", None)  # the forged text is not shown
    # banned: her next post is refused as it arrives, and she is told
    moderation.ban(hub, centres.awa)
    again = forum.write_post(a, centres.awa, COURSE, "Encore moi", thread=ok["id"])
    centres.sync_a()
    centres.sync_a()
    assert states(a)[again["id"]] == ("refused", "banned")
    assert all(q["id"] != again["id"] for q in moderation.pending(hub))
