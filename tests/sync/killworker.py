"""Child process for the kill -9 test: rounds of (append events, sync) until killed."""

import random
import sys
from pathlib import Path


def main() -> None:
    data_dir, learner_id, log = sys.argv[1], sys.argv[2], Path(sys.argv[3])
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


if __name__ == "__main__":
    main()
