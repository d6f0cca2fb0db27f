"""Progress benchmark: what a learner's write costs when her course log is long, and what listing the
installed courses costs in database transactions.

    python -m tools.bench progress [--events 5000] [--answers 30]

1. A learner's log in the demo course is filled with ``--events`` events (video.watched, quiz.answered,
   quiz.completed written through ``events.append``, the cache built by ``progress.rebuild``). Then, in
   the same run and alternating, medians of ``--answers`` saved quiz answers, each one transaction
   committed to the SQLite file:
   - before-style: append, then recompute the capsule's cache row from the whole course log
     (``for_learner`` + ``fold_events``, what every write did before folding);
   - now: ``LearnerService.answer`` (append, then fold the one new event into the cached row).
   Target: now ≤ 20 ms median with 5,000 events.
2. Listing the installed courses (``learning.catalog.load_courses``) with the demo pack installed:
   transactions counted by an engine ``begin`` listener, against the before-style listing (one
   manifest read per course, then one per file). Target: ≤ 2 per course.
Needs the built demo course and pack (``bash packaging/dev.sh setup``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _fill_log(kit, lid: str, course, n: int, seed: int = 1) -> None:  # noqa: ANN001
    from cc2desktop.core import events
    from cc2desktop.core.db.base import new_id
    from cc2desktop.core.learning import progress

    rng = random.Random(seed)
    caps = [c for c in course.capsules if c.has_quiz]
    written = 0
    while written < n:
        with kit.session() as s:
            for _ in range(min(500, n - written)):
                cap = rng.choice(caps)
                kind = rng.random()
                if kind < 0.4:
                    a = rng.uniform(0, 100)
                    events.append(s, lid, progress.VIDEO_WATCHED, {
                        "capsule_id": cap.id, "module_id": cap.module_id, "segments": [[round(a, 2), round(a + 20, 2)]],
                        "position": round(a + 20, 2), "length": 120.0, "progress": 0.5, "rate": 1.0,
                        "duration_s": 20.0, "rendition": "standard"}, course_id=course.id)
                elif kind < 0.9:
                    events.append(s, lid, progress.QUIZ_ANSWERED, {
                        "capsule_id": cap.id, "quiz_id": f"{cap.id}-quiz", "attempt_id": new_id(),
                        "question_id": "q1", "interaction_type": "choice", "question_type": "single",
                        "response": "a", "raw_response": "a", "success": True, "score": 1.0, "duration_s": 9.0},
                        course_id=course.id)
                else:
                    events.append(s, lid, progress.QUIZ_COMPLETED, {
                        "capsule_id": cap.id, "quiz_id": f"{cap.id}-quiz", "attempt_id": new_id(), "score": 3.0,
                        "max_score": 4.0, "scaled": 0.75, "success": True, "duration_s": 60.0}, course_id=course.id)
                written += 1
    with kit.session() as s:
        progress.rebuild(s, lid)


def _answer_before_style(kit, lid: str, course, capsule, quiz, qid: str, response, attempt_id: str) -> None:  # noqa: ANN001
    """What saving an answer cost before: the same append, then the capsule's row recomputed from the
    whole course log."""
    from cc2desktop.core import events
    from cc2desktop.core.learning import progress
    from cc2desktop.core.learning.quiz import XAPI_TYPES, answer_fields, grade

    q = quiz.question(qid)
    g = grade(q, response)
    with kit.session() as s:
        events.append(s, lid, progress.QUIZ_ANSWERED, {
            "capsule_id": capsule.id, "quiz_id": quiz.id, "attempt_id": attempt_id, "question_id": qid,
            "interaction_type": XAPI_TYPES[q["type"]], "question_type": q["type"], **answer_fields(q, response),
            "success": g.correct, "score": round(g.score, 4), "duration_s": 3.0}, course_id=course.id)
        evs = events.for_learner(s, lid, course_id=course.id, types=progress.TYPES)
        st = progress.fold_events(course.id, capsule.id, evs)
        s.merge(progress.state_to_row(st, lid))
        s.flush()


def _count_transactions(kit, fn) -> int:  # noqa: ANN001
    from sqlalchemy import event

    begins: list = []

    def count(conn) -> None:  # noqa: ANN001
        begins.append(conn)

    event.listen(kit.engine, "begin", count)
    try:
        fn()
    finally:
        event.remove(kit.engine, "begin", count)
    return len(begins)


def _list_before_style(kit) -> list:  # noqa: ANN001
    from cc2desktop.core.learning.catalog import _as_dict, _manifest_course, course_from_dict
    from cc2desktop.core.packs import service

    out = []
    for info in service.list_courses(kit):
        cid = info["id"]
        man = _manifest_course(_as_dict(service.get_manifest(kit, cid)))
        out.append(course_from_dict(man, lambda rel, cid=cid: service.file_path(kit, cid, rel), source="pack"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench progress")
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--answers", type=int, default=30)
    args = ap.parse_args(argv)

    from cc2desktop.core.kit import Kit
    from cc2desktop.core.learning.catalog import load_course_dir, load_courses
    from cc2desktop.core.learning.service import Profiles
    from cc2desktop.core.paths import assets_dir, resolve_data_paths
    from cc2desktop.core.packs import service as packs

    demo = assets_dir() / "demo-course"
    pack_dir = assets_dir() / "packs"
    if not (demo / "course.json").is_file() or not any(pack_dir.glob("*.cc2pack")):
        print("bench progress: build the demo course and pack first (bash packaging/dev.sh setup)", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="cc2-bench-progress-"))
    kit = Kit(resolve_data_paths(tmp / "data"))
    try:
        course = load_course_dir(demo)
        learner = Profiles(kit).create("Aïcha Bench")
        svc = Profiles(kit).open(learner.id)
        t0 = time.perf_counter()
        _fill_log(kit, learner.id, course, args.events)
        print(f"learner's course log: {args.events:,} events written and the cache rebuilt in "
              f"{time.perf_counter() - t0:.1f} s")

        capsule = next(c for c in course.capsules if c.has_quiz)
        quiz = capsule.load_quiz()
        q = quiz.questions[0]
        response = q.get("answer") if q.get("answer") is not None else "a"
        before, now = [], []
        for i in range(args.answers):
            attempt = f"bench-{i}"
            t = time.perf_counter()
            _answer_before_style(kit, learner.id, course, capsule, quiz, q["id"], response, attempt)
            before.append(time.perf_counter() - t)
            t = time.perf_counter()
            svc.answer(course, capsule, quiz, q["id"], response, attempt_id=attempt, duration_s=3.0)
            now.append(time.perf_counter() - t)
        mb, mn = statistics.median(before) * 1000, statistics.median(now) * 1000
        print(f"saving a quiz answer, before-style (whole course log re-read): median {mb:6.1f} ms")
        print(f"saving a quiz answer, now (one event folded into the row):     median {mn:6.1f} ms   "
              f"ratio {mn / mb:.2f}x of before   (target <= 20 ms: {'met' if mn <= 20 else 'MISSED'})")
        with kit.session() as s:
            from cc2desktop.core.learning import progress

            t = time.perf_counter()
            progress.rebuild(s, learner.id)
            print(f"full rebuild of her cache (the repair path): {(time.perf_counter() - t) * 1000:.0f} ms")

        installed = packs.ensure_bundled_installed(kit, pack_dir)
        n_files = sum(len(packs.get_manifest(kit, cid).files) for cid in installed)
        old = _count_transactions(kit, lambda: _list_before_style(kit))
        new = _count_transactions(kit, lambda: load_courses(kit))
        n = max(len(installed), 1)
        print(f"listing {len(installed)} installed course(s), {n_files} files: before-style {old} transactions "
              f"({old / n:.0f} per course), now {new} ({new / n:.1f} per course; target <= 2: "
              f"{'met' if new / n <= 2 else 'MISSED'})")
    finally:
        kit.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
