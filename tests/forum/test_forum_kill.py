"""Killing the client (SIGKILL) during forum syncs, many times: no post a learner wrote is lost, none
is counted twice, and the PC ends with exactly the server's approved discussion."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from cc2desktop.core import forum
from cc2desktop.core.sync.client import SyncClient
from cc2desktop.server import forum as moderation
from tests.sync.conftest import add_learner, enrolled
from tests.support.small_course import build_small_pack, install

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("CC2_FORUM_KILLS", "50"))
COURSE = "course-a"


def test_kill_9_during_forum_sync_loses_and_duplicates_no_post(server, make_kit, tmp_path):
    hub = server.hub
    pc = enrolled(make_kit("pc"), server)
    install(pc, build_small_pack(tmp_path / "packs", COURSE))
    lid = add_learner(pc, "Binta", "1234")
    root = forum.write_post(pc, lid, COURSE, "Sujet de test", title="Endurance")
    SyncClient(pc).sync()
    moderation.approve(hub, root["id"])
    for i in range(120):  # a backlog of approved posts for the broadcast pages being cut
        moderation.announce(hub, COURSE, f"Annonce {i}", "x " * 200)
    log = tmp_path / "written.log"
    rng = random.Random(14)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log.touch()
    zygote = subprocess.Popen([sys.executable, "-m", "tests.forum.killforum", str(pc.paths.root), lid, COURSE,
                               root["id"], str(log)], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for k in range(KILLS):
            starts = log.read_text().count("S")
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            deadline = time.monotonic() + 30
            while log.read_text().count("S") == starts:
                assert zygote.poll() is None and time.monotonic() < deadline, zygote.stderr.read()[-2000:]
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.6))  # mid-write, mid-push, mid-broadcast page or between
            os.kill(pid, signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "dead"
            for q in moderation.pending(hub):  # the moderators keep working meanwhile
                moderation.approve(hub, q["id"])
            if k % 10 == 0:
                moderation.announce(hub, COURSE, f"Pendant les coupures {k}", "y " * 100)
    finally:
        zygote.stdin.close()
        zygote.wait(10)
    written = [line.split()[1] for line in log.read_text().splitlines() if line.startswith("W ")]
    assert len(written) >= KILLS // 2  # the children did write (a kill may also come before the first)
    rep = SyncClient(pc).sync()  # one clean sync at the end
    assert rep.rejected == 0
    for q in moderation.pending(hub):
        moderation.approve(hub, q["id"])
    SyncClient(pc).sync()
    with hub.ReadSession() as s:
        events = Counter(json.loads(r[0])["post_id"] for r in s.execute(
            text("SELECT payload FROM events WHERE type = 'forum.posted'")))
        approved = [r[0] for r in s.execute(text("SELECT post_id FROM forum_submissions WHERE state = 'approved'"))]
    assert set(written) <= set(events) and max(events.values()) == 1  # 0 lost, 0 duplicated on the server
    with pc.read() as s:
        posts = forum.posts(s, COURSE)
        held = [r[0] for r in s.execute(text("SELECT n FROM sync_broadcast WHERE scope = 'course:course-a' "
                                             "ORDER BY n"))]
    ids = [p.id for p in posts]
    assert len(ids) == len(set(ids))  # shown once each
    assert sorted(ids) == sorted(approved) and all(p.state == "approved" for p in posts)
    assert held == list(range(1, len(held) + 1)) and len(held) == len(approved)
