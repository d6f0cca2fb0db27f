"""Child process for the kill -9 test: rounds of (a learner's writes through the learning facade, sync)
until killed. Each write is logged ("W k") only after it returned, i.e. once it is durable.

Run as a *zygote* (``--zygote``): it imports everything once, then forks one worker per line read on
stdin, prints the worker's pid and, once that worker is dead (killed by the test), ``dead``. A kill
then costs no interpreter start-up: 100 kills fit in the suite's time."""

import os
import random
import sys
from pathlib import Path


def work(data_dir: str, learner_id: str, log: Path, course_dir: str, n: int = 0) -> None:
    """``n``: the worker's number; its writes are marked ``n * 10**4 + 1`` on (a worker writes far
    fewer than 10**4 before it is killed), so no two workers mark a write alike."""
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient, SyncError

    kit = Kit(resolve_data_paths(data_dir), course_dirs=[Path(course_dir)], migrate=False)
    course = kit.learning.courses()[0]
    capsule = course.capsules[0]
    learner = kit.learning.open(learner_id)
    rng = random.Random()
    k = n * 10**4
    with log.open("a") as f:
        f.write("S\n")
        f.flush()
        while True:
            for _ in range(rng.randint(1, 4)):
                k += 1
                # duration_s marks this write: the test finds every logged k in the event log
                kit.learning.watch(learner, course, capsule, [[0.0, 0.5]], position=0.5, length=4.0,
                                   duration_s=float(k))
                f.write(f"W {k}\n")
                f.flush()
            try:
                SyncClient(kit, retries=2, backoff=0.01).sync()
            except SyncError:
                pass
            f.write("R\n")
            f.flush()


def raw_work(data_dir: str, learner_id: str, log: Path) -> None:
    """Without a course: events appended straight to the log (the convergence test's writer)."""
    from cc2desktop.core import events
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient, SyncError

    kit = Kit(resolve_data_paths(data_dir))
    rng = random.Random()
    with log.open("a") as f:
        f.write("S\n")
        f.flush()
        while True:
            with kit.session() as s:
                for i in range(rng.randint(1, 5)):
                    events.append(s, learner_id, "video.watched", {"capsule_id": "m1c1", "segments": [[0, i * 10]],
                                                                    "progress": 0.5})
            try:
                SyncClient(kit, retries=2, backoff=0.01).sync()
            except SyncError:
                pass
            f.write("R\n")
            f.flush()


def zygote(args: list[str]) -> None:
    # what the workers need, imported once (no database is opened before the fork)
    import cc2desktop.core.kit  # noqa: F401
    import cc2desktop.core.learning.facade  # noqa: F401
    import cc2desktop.core.learning.service  # noqa: F401
    import cc2desktop.core.sync.client  # noqa: F401

    for n, _line in enumerate(sys.stdin):
        pid = os.fork()
        if pid == 0:
            try:
                work(args[0], args[1], Path(args[2]), args[3], n)
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("dead", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--zygote":
        zygote(sys.argv[2:])
    elif len(sys.argv) == 4:
        raw_work(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
    else:
        work(sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4])
