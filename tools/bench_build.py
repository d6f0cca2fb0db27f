"""Size and start-up time of the one-folder build (``dist/cc2desktop``, made by ``bash packaging/dev.sh
build``), against the same app run from the source tree in the same run.

    python -m tools.bench build [--runs 5] [--dist DIST_DIR]

Prints:
- size: the build folder (links counted once), its file count, what a FAT32 stick holds (links are
  not copied there), the largest parts;
- start-up, medians over ``--runs`` runs, each a new process from ``/`` with no venv on PATH:
  ``--version`` (bootloader + Python + argument parsing); **cold start** = the first start on a new data
  folder, spawn → first paint of the course outline, the bundled demo course installed on the way;
  **warm start** = the next start on that folder. The source tree's ``python -m cc2desktop`` runs the
  same steps, interleaved, as the baseline (ratio build / source).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def tree_size(root: Path) -> tuple[int, int, int]:
    """(bytes of regular files, number of files, bytes of the files links point to)."""
    total = n = linked = 0
    for p in root.rglob("*"):
        if p.is_symlink():
            if p.is_file():
                linked += p.stat().st_size
            continue
        if p.is_file():
            total += p.stat().st_size
            n += 1
    return total, n, linked


def largest(root: Path, depth: int = 2, top: int = 8) -> list[tuple[int, str]]:
    sizes: dict[str, int] = {}
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink():
            rel = p.relative_to(root).parts
            key = "/".join(rel[: depth + 1]) if len(rel) > depth + 1 else "/".join(rel)
            sizes[key] = sizes.get(key, 0) + p.stat().st_size
    return sorted(((v, k) for k, v in sizes.items()), reverse=True)[:top]


def _env(home: Path) -> dict[str, str]:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "TMPDIR": str(home), "QT_LOGGING_RULES": "qt.*=false",
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    if "DISPLAY" in os.environ:
        env["DISPLAY"] = os.environ["DISPLAY"]
    return env


def timed(cmd: list[str], home: Path, extra: dict[str, str] | None = None, until: str | None = None) -> float:
    """Seconds from spawn to the line ``until`` on stdout (or to the exit)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd="/", env={**_env(home), **(extra or {})}, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    assert p.stdout is not None
    t = None
    for line in p.stdout:
        if until and until in line:
            t = time.perf_counter() - t0
    p.wait(120)
    if p.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd[:3])}… failed with status {p.returncode}")
    return t if t is not None else time.perf_counter() - t0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench build", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dist", type=Path, default=REPO / "dist" / "cc2desktop")
    a = ap.parse_args(argv)
    from tools.build_app import executable

    exe = executable(a.dist)
    if not exe.is_file():
        print(f"bench: no build in {a.dist}: run bash packaging/dev.sh build", file=sys.stderr)
        return 1
    total, n, linked = tree_size(a.dist)
    mib = 1024 * 1024
    print(f"build {a.dist}: {total / mib:.1f} MiB in {n} files (+{linked / mib:.1f} MiB reached through links; "
          f"a stick holds {total / mib:.1f} MiB)")
    for size, name in largest(a.dist):
        print(f"  {size / mib:7.1f} MiB  {name}")

    source = [sys.executable, "-m", "cc2desktop"]
    built = [str(exe)]
    rows: dict[str, dict[str, list[float]]] = {k: {"build": [], "source": []} for k in ("version", "cold", "warm")}
    paint = {"CC2_BENCH_FIRST_PAINT": "1"}
    with tempfile.TemporaryDirectory(prefix="cc2-bench-build-") as tmp:
        home = Path(tmp)
        for i in range(a.runs):
            for name, cmd, extra in (("build", built, {}), ("source", source, {"PYTHONPATH": str(REPO)})):
                data = home / f"{name}-{i}"
                rows["version"][name].append(timed(cmd + ["--version"], home, extra))
                rows["cold"][name].append(timed(cmd + ["--data-dir", str(data)], home, {**extra, **paint},
                                                "CC2_FIRST_PAINT"))
                rows["warm"][name].append(timed(cmd + ["--data-dir", str(data)], home, {**extra, **paint},
                                                "CC2_FIRST_PAINT"))
    labels = {"version": "--version", "cold": "cold start (new data folder, demo course installed) → first paint",
              "warm": "warm start → first paint"}
    print(f"start-up, median of {a.runs} runs (build vs source tree, same machine, interleaved):")
    for k, v in rows.items():
        b, s = statistics.median(v["build"]), statistics.median(v["source"])
        print(f"  {labels[k]}: build {b:.2f} s, source {s:.2f} s, ratio {b / s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
