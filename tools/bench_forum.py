"""``python -m tools.bench forum [--posts N] [--thread M] [--apply K]``

The course forum on a PC (docs/forum.md), against baselines measured in the same run:

* **wire**: N approved posts (default 10,000) published by a real server (in a thread) reach a fresh
  PC as broadcast pages over HTTP; bytes on the wire per post vs the post's own text gzip'd alone
  (target ≤ 1.2×).
* **open**: opening an M-post subject (default 1,000) in the real forum page, from the click (the
  read through core) to painted, vs the floor of painting the same HTML already in hand (target
  ≤ 200 ms).
* **stall**: the longest gap of a 5 ms GUI timer while a forum sync stores and applies K posts
  (default 5,000) in the background lane, vs the same timer idle (target ≤ 50 ms).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("budget participatif commune citoyens données ouvertes transparence mairie quartier vote projet "
         "association jeunes femmes formation numérique accès information redevabilité élus réunion conseil "
         "pétition plateforme carte signalement route école santé eau électricité marché rapport enquête "
         "partage expérience question réponse merci bonjour capsule vidéo exercice exemple Dakar Bamako "
         "Ouagadougou Niamey Abidjan Lomé Cotonou Conakry Kinshasa Yaoundé").split()


def _text(rng: random.Random) -> str:
    n = rng.randint(20, 90)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + rng.choice((".", " ?", " !"))


def _publish(hub, course: str, n: int, big: int, rng: random.Random) -> tuple[str, list[str]]:  # noqa: ANN001
    """N approved posts: one M-post subject, the others in subjects of a few dozen posts, interleaved."""
    from cc2desktop.core.db.base import new_id
    from cc2desktop.core.sync.broadcast import course_scope

    hub.server_key  # noqa: B018
    texts: list[str] = []
    big_id = new_id()
    threads: list[str] = []
    with hub.Session.begin() as s:
        def put(pid: str, thread: str, i: int) -> None:
            body = {"id": pid, "thread": thread, "text": _text(rng), "author": rng.choice(WORDS[40:]),
                    "created_at": f"2026-12-0{1 + i % 4}T1{i % 10}:{i % 60:02d}:00.000Z"}
            if pid == thread:
                body["title"] = "Sujet " + rng.choice(WORDS)
            texts.append(body["text"])
            hub.publish(course_scope(course), "forum.post", body, session=s)

        put(big_id, big_id, 0)
        in_big = 1
        for i in range(1, n):
            if in_big < big and (i % 2 == 0 or n - i <= big - in_big):
                put(new_id(), big_id, i)
                in_big += 1
            elif not threads or rng.random() < 0.05:
                threads.append(new_id())
                put(threads[-1], threads[-1], i)
            else:
                put(new_id(), rng.choice(threads[-20:]), i)
    return big_id, texts


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench forum")
    ap.add_argument("--posts", type=int, default=10_000)
    ap.add_argument("--thread", type=int, default=1_000)
    ap.add_argument("--apply", type=int, default=5_000)
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from cc2desktop.core import forum as F
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.server.app import create_app
    from cc2desktop.ui.learner.forum import WINDOW, ForumPage, thread_html
    from cc2desktop.ui.shell.tasks import TaskRunner
    from tests.support.live_server import ThreadedServer
    from tests.support.small_course import build_small_pack, install

    app = QApplication.instance() or QApplication([])
    rng = random.Random(14)
    course = "bench-forum"
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        srv = ThreadedServer(create_app(f"sqlite:///{tmp / 'server.sqlite3'}")).start()
        hub = srv.app.state.hub
        try:
            pack = build_small_pack(tmp / "packs", course)
            big_id, texts = _publish(hub, course, args.posts, args.thread, rng)

            # --- wire: a fresh PC pulls everything -------------------------------------------------
            pc = Kit(resolve_data_paths(tmp / "pc"))
            install(pc, pack)
            client = SyncClient(pc)
            client.enrol(srv.url, hub.new_enrolment_code(), "bench")
            client = SyncClient(pc)
            t0 = time.perf_counter()
            got = client.pull_broadcast()
            wire_s = time.perf_counter() - t0
            per_post = client.report.bytes_received / got
            gz_alone = sum(len(gzip.compress(t.encode("utf-8"), 6)) for t in texts) / len(texts)
            print(f"wire: {got} posts in {wire_s:.1f} s; {per_post:.0f} B/post on the wire vs {gz_alone:.0f} B "
                  f"its text gzip'd alone: ratio {per_post / gz_alone:.2f} (target ≤ 1.2)")

            # --- open: the M-post subject in the real page --------------------------------------------
            page = ForumPage()
            page.resize(1366, 700)
            page.show()
            app.processEvents()
            times, floors = [], []
            for _ in range(5):
                page.start_new()
                app.processEvents()
                t0 = time.perf_counter()
                posts = F.load_thread(pc, course, big_id)
                page.show_thread(big_id, posts)
                page.view.viewport().repaint()
                app.processEvents()
                times.append(time.perf_counter() - t0)
                doc = thread_html([posts[0], *posts[-WINDOW:]])
                page.view.setHtml("")
                app.processEvents()
                t0 = time.perf_counter()
                page.view.setHtml(doc)
                page.view.viewport().repaint()
                app.processEvents()
                floors.append(time.perf_counter() - t0)
            best, floor = min(times), min(floors)
            t0 = time.perf_counter()
            page.show_all = True  # "show the earlier messages": all of them
            page._render()
            page.view.viewport().repaint()
            app.processEvents()
            every = time.perf_counter() - t0
            print(f"open: a {len(posts)}-post subject, click to painted {best * 1000:.0f} ms (median "
                  f"{sorted(times)[2] * 1000:.0f}) vs painting its HTML in hand {floor * 1000:.0f} ms: ratio "
                  f"{best / floor:.2f} (target ≤ 200 ms); all {len(posts)} shown on demand: {every * 1000:.0f} ms")

            # --- stall: a 5 ms timer while a sync applies K posts in the background ---------------
            other = f"{course}-2"  # a course of its own: pc2 pulls exactly K posts
            _publish(hub, other, args.apply, min(args.thread, args.apply), rng)
            pc2 = Kit(resolve_data_paths(tmp / "pc2"))
            install(pc2, build_small_pack(tmp / "packs", other))
            SyncClient(pc2).enrol(srv.url, hub.new_enrolment_code(), "bench2")
            runner = TaskRunner()

            def gaps(seconds: float | None, work=None) -> tuple[float, float]:  # noqa: ANN001
                timer, clock, worst, done = QTimer(), QElapsedTimer(), [0.0], [False]
                timer.setInterval(5)
                last = [0.0]
                clock.start()

                def tick() -> None:
                    now = clock.nsecsElapsed() / 1e6
                    worst[0] = max(worst[0], now - last[0])
                    last[0] = now

                timer.timeout.connect(tick)
                timer.start()
                t0 = time.perf_counter()
                if work is not None:
                    runner.long(lambda job: work(), on_done=lambda _r: done.__setitem__(0, True),
                                on_error=lambda e: (print("error:", e), done.__setitem__(0, True)))
                while (not done[0]) if work is not None else time.perf_counter() - t0 < (seconds or 1):
                    app.processEvents()
                    time.sleep(0.001)
                timer.stop()
                return worst[0], time.perf_counter() - t0

            idle, _ = gaps(2.0)
            worst, took = gaps(None, lambda: SyncClient(pc2).sync())  # push, pull, broadcast pages over HTTP
            with pc2.read() as s:
                applied = s.connection().exec_driver_sql(
                    "SELECT COUNT(*) FROM sync_broadcast WHERE applied = 1").scalar()
            print(f"stall: {applied} posts stored and applied in {took:.1f} s; longest GUI gap {worst:.0f} ms vs "
                  f"{idle:.0f} ms idle: ratio {worst / max(idle, 1):.1f} (target ≤ 50 ms)")
            runner.shutdown()
            pc.close()
            pc2.close()
        finally:
            srv.stop()
            hub.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
