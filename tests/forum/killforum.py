"""Child process for the forum kill test: rounds of (a learner writes a forum post, sync: push, pull,
broadcast pages) until killed. A post is logged ("W id") only once ``write_post`` returned (durable).
A *zygote* (as tests/sync/killworker.py) imports once and forks one worker per line read on stdin,
printing its pid, then ``dead`` once the test killed it."""

import os
import random
import sys
from pathlib import Path


def work(data_dir: str, learner_id: str, course: str, thread: str, log: Path) -> None:
    from cc2desktop.core import forum
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient, SyncError

    kit = Kit(resolve_data_paths(data_dir), migrate=False)
    rng = random.Random()
    with log.open("a") as f:
        f.write("S\n")
        f.flush()
        while True:
            for _ in range(rng.randint(1, 3)):
                out = forum.write_post(kit, learner_id, course, f"réponse {rng.randrange(10**9)}", thread=thread)
                f.write(f"W {out['id']}\n")
                f.flush()
            try:
                SyncClient(kit, retries=1, backoff=0.01).sync()
            except SyncError:
                pass


def zygote(args: list[str]) -> None:
    import cc2desktop.core.forum  # noqa: F401 - imported once, before the forks (no database open)
    import cc2desktop.core.kit  # noqa: F401
    import cc2desktop.core.sync.client  # noqa: F401

    for _line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                work(args[0], args[1], args[2], args[3], Path(args[4]))
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("dead", flush=True)


if __name__ == "__main__":
    zygote(sys.argv[1:])
