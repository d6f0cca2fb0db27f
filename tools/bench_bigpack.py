"""Big split pack benchmark: a course pack of ``--size-mib`` (default 2 GiB, incompressible media)
split into FAT32 parts (``pack split``), installed from the folder of parts.

    python -m tools.bench bigpack [--size-mib 2048] [--part-mib 1024] [--runs 3] [--tmp DIR]

1. Install from the folder of parts (``cc2desktop pack install FOLDER`` in a child process, which
   reports its own install time; peak RSS of the child by ``wait4``) against the floor: one pass of
   copy + SHA-256 + fsync over the same parts, in this process, every copy kept on the disk until the
   pass ends (as the install keeps its blobs). Runs alternate. Targets: install ≥ 0.9× the floor;
   peak RSS ≤ 200 MiB. Also printed: the earlier floor, which deleted each part's copy before writing
   the next (never more than one part on the disk; much faster on a VM disk, see :func:`_floor`).
2. A pulled stick: an install whose reads start failing with EIO (what a removed stick gives) once
   55 % of the pack has been read, then the same install again with the stick back: bytes read from
   each part in both attempts. Target: no byte of a part finished before the pull is read again.

Everything (course, pack, parts, data folders) lives in a temporary folder, deleted at the end.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.bench_packs import MiB, floor_copy, make_course

CHILD = r"""
import sys, time
from pathlib import Path
from cc2desktop.core.kit import Kit
from cc2desktop.core.packs import keys as keymod, service
from cc2desktop.core.paths import resolve_data_paths
kit = Kit(resolve_data_paths(Path(sys.argv[1])))
keymod.trust(kit.paths, keymod.load_public(Path(sys.argv[2])))
t = time.perf_counter()
res = service.install_pack(kit, Path(sys.argv[3]))
print("INSTALL", time.perf_counter() - t, res.status, flush=True)
kit.close()
"""


def _install_child(data: Path, pub: Path, parts: Path) -> tuple[float, float]:
    """(install seconds, peak RSS MiB) of a child process installing from the parts folder."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(pub), str(parts)],
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    line = next((x for x in out.splitlines() if x.startswith("INSTALL")), None)
    if proc.returncode != 0 or line is None or line.split()[2] != "installed":
        raise SystemExit(f"bench: install failed ({proc.returncode}): {out.strip()[-300:]}")
    return float(line.split()[1]), usage.ru_maxrss / 1024


def _floor(parts_dir: Path, work: Path, keep: bool = True) -> float:
    """One pass of copy + SHA-256 + fsync over the parts. ``keep``: every copy stays until the pass
    ends, as the installed blobs do (the floor). ``keep=False``, the earlier definition: each copy is
    deleted before the next part is written, so the pass never holds more than one part on the disk
    (on the dev VM's disk, writing over blocks just freed is ~3× faster than writing new ones: not
    what a copy of the pack, or an install, can do)."""
    total = 0.0
    copies = []
    for i, p in enumerate(sorted(parts_dir.glob("*.[0-9][0-9][0-9]"))):
        dst = work / f"floor-{i:03d}.bin"
        total += floor_copy(p, dst)
        copies.append(dst)
        if not keep:
            dst.unlink()
    for dst in copies:
        dst.unlink(missing_ok=True)
    return total


def _pulled_stick(work: Path, pub: Path, parts_dir: Path, pull_at: float = 0.55) -> dict:
    """Bytes read per part by an install cut at ``pull_at`` of the pack, then by the resumed one."""
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs import keys as keymod
    from cc2desktop.core.packs import parts, service
    from cc2desktop.core.paths import resolve_data_paths

    index = parts.read_index(parts.find_index(parts_dir))
    reads: list[list[int]] = [[0] * len(index.parts), [0] * len(index.parts)]
    state = {"attempt": 0, "total": 0, "pulled": False}
    original = parts.JoinedFile.readinto

    def counted(self, buf):  # noqa: ANN001, ANN202
        if state["pulled"]:
            raise OSError(errno.EIO, "Input/output error (the stick was pulled)")
        i = self._part_at(self._pos) if self._pos < self._size else len(index.parts) - 1
        n = original(self, buf)
        reads[state["attempt"]][i] += n
        state["total"] += n
        if state["attempt"] == 0 and state["total"] >= pull_at * index.size:
            state["pulled"] = True
        return n

    parts.JoinedFile.readinto = counted
    kit = Kit(resolve_data_paths(work / "pulled"))
    try:
        keymod.trust(kit.paths, keymod.load_public(pub))
        try:
            service.install_pack(kit, parts_dir)
            first = "installed (the pull came too late)"
        except Exception as exc:  # noqa: BLE001 - the expected failure
            first = f"failed: {type(exc).__name__}: {getattr(exc, 'message', exc)}"
        state.update(attempt=1, pulled=False)
        finished = _finished_parts(kit, index, parts_dir)
        t = time.perf_counter()
        res = service.install_pack(kit, parts_dir)
        resumed_s = time.perf_counter() - t
    finally:
        parts.JoinedFile.readinto = original
        kit.close()
    first_reads, again = reads
    return {"first": first, "status": res.status, "resumed_s": resumed_s, "parts": [p.size for p in index.parts],
            "first_reads": first_reads, "again_reads": again, "finished": finished,
            "reread_finished": sum(again[i] for i in finished)}


def _finished_parts(kit, index, parts_dir: Path) -> list[int]:  # noqa: ANN001
    """Parts every file of which (by its span in the pack) is in the store after the first attempt."""
    from cc2desktop.core.packs import store
    from cc2desktop.core.packs.packfile import PackReader
    from cc2desktop.core.packs.service import trusted

    starts, pos = [], 0
    for p in index.parts:
        starts.append(pos)
        pos += p.size
    done = [True] * len(index.parts)
    with PackReader(parts_dir, trusted(kit)) as reader:
        for f in reader.manifest.files:
            off, csize, _ = reader.member_span(f.path)
            if store.has_blob(kit.paths, f.sha256, f.size):
                continue
            for i, (a, p) in enumerate(zip(starts, index.parts)):
                if off < a + p.size and off + csize > a:
                    done[i] = False
    return [i for i, ok in enumerate(done) if ok]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench bigpack")
    ap.add_argument("--size-mib", type=int, default=2048)
    ap.add_argument("--part-mib", type=int, default=1024)
    ap.add_argument("--capsules", type=int, default=30)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tmp", default=None, help="work directory parent (default: system temp)")
    args = ap.parse_args(argv)
    from cc2desktop.core.packs import keys as keymod
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.packs.parts import split_pack

    with tempfile.TemporaryDirectory(prefix="cc2-bench-bigpack-", dir=args.tmp) as tmp:
        work = Path(tmp)
        key = keymod.generate("bench")
        keymod.write_key_pair(key, work / "bench.key")
        pub = work / "bench.key.pub"
        print(f"[bench] generating a {args.size_mib} MiB course in {work}", flush=True)
        make_course(work / "course", size=args.size_mib * MiB, capsules=args.capsules, version="1.0.0",
                    changed=set(), seed=b"big")
        built = build_pack(work / "course", work / "big.cc2pack", key)
        shutil.rmtree(work / "course")
        index = split_pack(built.path, work / "stick", part_size=args.part_mib * MiB)
        built.path.unlink()
        size = index.size
        print(f"[bench] pack {size / MiB:.0f} MiB in {len(index.parts)} parts of ≤ {args.part_mib} MiB", flush=True)
        _floor(work / "stick", work)  # warm the page cache alike for both
        floors, installs, peaks, overwrite = [], [], [], []
        for i in range(args.runs):
            floors.append(_floor(work / "stick", work))
            overwrite.append(_floor(work / "stick", work, keep=False))
            t, rss = _install_child(work / f"data-{i}", pub, work / "stick")
            installs.append(t)
            peaks.append(rss)
            shutil.rmtree(work / f"data-{i}")
        pulled = _pulled_stick(work, pub, work / "stick")
    f, ins = statistics.median(floors), statistics.median(installs)
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs; runs: {args.runs}")
    print(f"1. install from {len(index.parts)} parts: {size / MiB / ins:.0f} MiB/s vs floor (copy+SHA-256+fsync) "
          f"{size / MiB / f:.0f} MiB/s → {f / ins:.2f}× the floor (target ≥ 0.90×; medians {ins:.2f} s vs "
          f"{f:.2f} s; runs {[round(x, 2) for x in installs]} vs {[round(x, 2) for x in floors]})")
    ow = statistics.median(overwrite)
    print(f"   (the earlier floor, each part's copy deleted before the next is written so that at most one "
          f"part is on the disk: {ow:.2f} s → {ow / ins:.2f}×; runs {[round(x, 2) for x in overwrite]})")
    print(f"   peak RSS of the installing process: {max(peaks):.0f} MiB (target ≤ 200 MiB; runs "
          f"{[round(x) for x in peaks]})")
    mib = [round(x / MiB) for x in pulled["first_reads"]]
    again = [round(x / MiB, 1) for x in pulled["again_reads"]]
    print(f"2. stick pulled at 55 %: first attempt {pulled['first']}; MiB read per part {mib}")
    print(f"   resumed: {pulled['status']} in {pulled['resumed_s']:.2f} s; MiB read per part {again}; parts "
          f"finished before the pull: {[i + 1 for i in pulled['finished']]}, bytes read again from them: "
          f"{pulled['reread_finished']:,} (target 0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
