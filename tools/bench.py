"""``python -m tools.bench NAME [ARGS…]``: the project's benchmarks, each printing figures and
ratios against a baseline measured in the same run (these machines are noisy).

    startup     app process vs a bare PySide6 window: time to first paint, peak RSS
    packs       pack install vs copy+hash+fsync floor; resumed download; delta update
    learning    capsule click → first frame vs bare QMediaPlayer; UI stalls
    sync        100k events pushed vs raw SQLite executemany; bytes per event
    dashboard   dashboard open on 5,000 learners vs raw SQL aggregate; UI stall
    certification  server cost per exam claim vs its Ed25519 floor; QR payload size
    progress    saving a quiz answer with 5,000 events in the course log; transactions to list courses
    report      server report over 1 M events vs the raw SQL aggregates it needs; the PDF sheet
    relay       central ingest through a centre's hub vs raw executemany (SQLite, PostgreSQL); bytes per event
    build       size of the one-folder build; its --version, cold and warm start vs the source tree
    bigpack     a 2 GiB pack split for FAT32 installed from its parts vs the copy+hash+fsync floor; pulled stick
    hdvideo     a 1280×720 30 fps capsule played in the app vs a bare QMediaPlayer: stalls, dropped frames, CPU
    oldpc       the learner's path (start, capsule, quiz, sync) on one core and 1 GiB vs unconstrained
"""

from __future__ import annotations

import importlib
import sys

BENCHES = {
    "startup": "tools.bench_startup",
    "packs": "tools.bench_packs",
    "learning": "tools.bench_learning",
    "sync": "tools.bench_sync",
    "dashboard": "tools.bench_dashboard",
    "certification": "tools.bench_certification",
    "progress": "tools.bench_progress",
    "report": "tools.bench_report",
    "relay": "tools.bench_relay",
    "build": "tools.bench_build",
    "oldpc": "tools.bench_oldpc",
    "hdvideo": "tools.bench_hdvideo",
    "bigpack": "tools.bench_bigpack",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHES:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        mod = importlib.import_module(BENCHES[argv[0]])
    except ModuleNotFoundError as exc:
        print(f"bench: {argv[0]} needs {exc.name} (install the test extra: bash packaging/dev.sh setup)",
              file=sys.stderr)
        return 1
    return mod.main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
