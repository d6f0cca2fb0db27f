"""``python -m cc2desktop.bench NAME [ARGS…]``: the project's benchmarks, each printing figures and
ratios against a baseline measured in the same run (these machines are noisy).

    startup     app process vs a bare PySide6 window: time to first paint, peak RSS
    packs       pack install vs copy+hash+fsync floor; resumed download; delta update
    learning    capsule click → first frame vs bare QMediaPlayer; UI stalls
    sync        100k events pushed vs raw SQLite executemany; bytes per event
    dashboard   dashboard open on 5,000 learners vs raw SQL aggregate; UI stall
"""

from __future__ import annotations

import importlib
import sys

BENCHES = {
    "startup": "cc2desktop.devtools.bench_startup",
    "packs": "cc2desktop.devtools.bench_packs",
    "learning": "cc2desktop.devtools.bench_learning",
    "sync": "cc2desktop.devtools.bench_sync",
    "dashboard": "cc2desktop.devtools.bench_dashboard",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHES:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        mod = importlib.import_module(BENCHES[argv[0]])
    except ModuleNotFoundError as exc:
        print(f"bench: {argv[0]} is not available in this build ({exc.name})", file=sys.stderr)
        return 1
    return mod.main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
