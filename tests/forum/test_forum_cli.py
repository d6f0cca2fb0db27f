"""The forum CLI contracts (issue 14), through real processes against a real server's database."""

from __future__ import annotations

import json

from cc2desktop.core.sync.client import SyncClient
from tests.forum.test_forum_e2e import COURSE
from tests.sync.conftest import enrolled
from tests.sync.test_cli import cc
from tests.support.small_course import build_small_pack, install


def test_forum_cli_post_list_and_moderate(server, make_kit, tmp_path):
    a = enrolled(make_kit("a"), server)
    install(a, build_small_pack(tmp_path / "packs", COURSE))
    pc, db = ("--data-dir", tmp_path / "a"), server.hub.engine.url.render_as_string(hide_password=False)
    lid = json.loads(cc(*pc, "learner", "add", "--name", "Mariam", "--pin", "2468", "--json").stdout)["id"]
    bad = cc(*pc, "forum", "post", "--learner", lid, "--pin", "0000", "--course", COURSE, "--title", "T",
             "--text", "x", check=False)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    out = json.loads(cc(*pc, "forum", "post", "--learner", lid, "--pin", "2468", "--course", COURSE,
                        "--title", "Débat", "--text", "Que pensez-vous des budgets participatifs ?", "--json").stdout)
    assert set(out) == {"id", "thread", "state"} and out["thread"] == out["id"] and out["state"] == "unsynced"
    reply = json.loads(cc(*pc, "forum", "post", "--learner", lid, "--pin", "2468", "--course", COURSE,
                          "--thread", out["id"], "--text", "Je commence : à Dakar…", "--json").stdout)
    assert reply["thread"] == out["id"]
    empty = cc(*pc, "forum", "post", "--learner", lid, "--pin", "2468", "--course", COURSE, "--thread", out["id"],
               "--text", " ", check=False)
    assert empty.returncode != 0 and "empty" in empty.stderr and "Traceback" not in empty.stderr
    SyncClient(a).sync()
    pending = json.loads(cc("server", "forum", "pending", "--db", db, "--json").stdout)
    assert [(p["id"], p["thread"], p["course"]) for p in pending] == [(out["id"], out["id"], COURSE),
                                                                      (reply["id"], out["id"], COURSE)]
    assert {"id", "text", "thread", "course", "created_at"} <= set(pending[0])
    assert pending[0]["text"] == "Que pensez-vous des budgets participatifs ?"
    cc("server", "forum", "approve", out["id"], "--db", db)
    cc("server", "forum", "reject", reply["id"], "--db", db, "--reason", "Merci de développer")
    assert json.loads(cc("server", "forum", "pending", "--db", db, "--json").stdout) == []
    again = cc("server", "forum", "approve", out["id"], "--db", db, check=False)
    assert again.returncode != 0 and "not pending" in again.stderr
    SyncClient(a).sync()
    [thread] = json.loads(cc(*pc, "forum", "list", "--course", COURSE, "--json").stdout)
    posts = thread["posts"]
    assert [(p["id"], p["state"]) for p in posts] == [(out["id"], "approved"), (reply["id"], "refused")]
    assert posts[1]["reason"] == "Merci de développer"
    assert {"id", "thread", "title", "text", "author", "state", "created_at"} <= set(posts[0])
    assert posts[0]["author"] == "Mariam" and lid not in json.dumps(thread)  # never her id
    cc(*pc, "forum", "flag", "--learner", lid, "--pin", "2468", "--course", COURSE, out["id"], "--reason", "spam")
    SyncClient(a).sync()
    flagged = json.loads(cc("server", "forum", "flagged", "--db", db, "--json").stdout)
    assert [(f["id"], f["flags"], f["flag_reasons"]) for f in flagged] == [(out["id"], 1, ["spam"])]
    cc("server", "forum", "hide", out["id"], "--db", db)
    ban = json.loads(cc("server", "forum", "ban", lid, "--db", db, "--json").stdout)
    assert ban["banned"] is True
    cc("server", "forum", "announce", "--course", COURSE, "--title", "Bienvenue", "--text", "Le forum est ouvert",
       "--db", db)
    SyncClient(a).sync()
    listed = json.loads(cc(*pc, "forum", "list", "--course", COURSE, "--json").stdout)
    assert [(t["title"], t["pinned"], [p["state"] for p in t["posts"]]) for t in listed] == \
        [("Bienvenue", True, ["approved"])]
