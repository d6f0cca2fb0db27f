"""Old-PC benchmark: the learner's path with the app held to one core and 1 GiB, against the same path
unconstrained, in the same run.

    python -m tools.bench oldpc [--runs 3] [--mem-mib 1024] [--core 0]

A real ``cc2desktop serve`` runs on 127.0.0.1 (unconstrained: it stands for the centre's hub). Each run
prepares a fresh data folder as a PC has it on a normal morning (a first start installed the demo
course; the PC is enrolled with the server; one learner exists), then starts a new app process that
walks the learner's path, timing each step and reading its peak RSS (``VmHWM``) after it:

    start    process spawn → the course outline painted (the window as the learner first sees it)
    core     the database, courses and profiles opened behind it (the app does it 1.5 s after start;
             here at once)
    capsule  the learner picked, her first capsule clicked → its first video frame
    quiz     the capsule's quiz opened, an answer given → "Saved" (written to the database)
    sync     "Sync now" → the server acknowledged her events (real HTTP to the local server)

The old-PC process is started under ``taskset -c CORE`` (one core) with an address-space limit of
``--mem-mib`` (``RLIMIT_AS``; a cgroup needs privileges this tool does not ask for). Runs alternate
old-PC and unconstrained so that machine noise hits both. Prints the medians per step, the ratio
old/unconstrained, and the peak RSS; a step that fails under the limit is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools import qt_bench

STEPS = ("start", "core", "capsule", "quiz", "sync")
COURSE, CAPSULE = "demo-intro-civictech", "m1c1"


def _peak_mib(field: str = "VmHWM") -> float:
    """Peak resident (``VmHWM``) or peak address space (``VmPeak``) of this process, MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(data_dir: str, t_spawn: float) -> int:
    """The app process: the learner's path, one JSON line per step on stdout."""

    def say(step: str, t0: float, **more: object) -> None:
        print(json.dumps({"step": step, "s": time.time() - t0, "rss_mib": round(_peak_mib(), 1),
                          "vm_mib": round(_peak_mib("VmPeak"), 1), **more}), flush=True)

    def wait_until(cond, timeout: float = 120.0, what: str = "") -> None:  # noqa: ANN001
        qt_bench.wait_until(cond, timeout, what)

    from cc2desktop.app import build_gui

    _qt, app = build_gui(data_dir, [])
    app.settings.set("sync.auto", False)
    outline = app.learner.welcome.outline
    painted: list[bool] = []
    outline.first_painted.connect(lambda: painted.append(True))
    app.window.show()
    wait_until(lambda: bool(painted))
    say("start", t_spawn)

    t = time.time()
    app.open_core()
    wait_until(lambda: app.sync is not None)
    say("core", t)

    t = time.time()
    win = app.learner
    who = [p for p in app.kit.learning.learners() if p["name"] == "Awa"][0]
    win.choose_learner(who["id"])
    wait_until(lambda: win.learner is not None, what="the learner's home")
    win.home.outline.capsule_activated.emit(COURSE, CAPSULE)  # what a click / Enter does
    wait_until(lambda: win.capsule_page is not None and win.capsule_page.t_first_frame > 0,
               what=f"the first frame (page shown: {win.current_page()})")
    say("capsule", t)

    t = time.time()
    win.open_quiz()
    wait_until(lambda: win.current_page() == "quiz")
    qp = win.quiz_page
    qp.qwidget.set_response("a")
    qp.submit()
    wait_until(lambda: "✓" in qp.saved.text())
    say("quiz", t)

    t = time.time()
    widget = app.sync.widget
    states: list[object] = []
    widget.status_changed.connect(states.append)
    widget.sync_now()
    wait_until(lambda: not widget.busy and bool(states))
    st = states[-1]
    say("sync", t, state=getattr(st, "state", None), pending=getattr(st, "pending", None))
    app.window.close()
    return 0


def _prepare(root: Path, url: str, hub_db: str, env: dict[str, str]) -> Path:
    """A PC's data folder: the demo course installed by a first start, enrolled, one learner."""
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.server.hub import Hub

    data = root / "pc"
    subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(data)],
                   env=dict(env, CC2_BENCH_FIRST_PAINT="1"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=600, check=True)
    hub = Hub(hub_db)
    code = hub.new_enrolment_code()
    hub.close()
    kit = Kit(resolve_data_paths(data))
    try:
        SyncClient(kit).enrol(url, code)
        kit.learning.create_learner("Awa")
    finally:
        kit.close()
    return data


def _limit(mem_mib: int):  # noqa: ANN202
    def apply() -> None:
        limit = mem_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def _run(data: Path, env: dict[str, str], old_pc: bool, args: argparse.Namespace) -> dict[str, dict]:
    cmd = [sys.executable, "-m", "tools.bench_oldpc", "--child", str(data)]
    if old_pc:
        cmd = ["taskset", "-c", str(args.core)] + cmd
    t = time.time()
    proc = subprocess.run(cmd + [repr(t)], env=env, capture_output=True, text=True, timeout=900,
                          preexec_fn=_limit(args.mem_mib) if old_pc else None)
    out = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            d = json.loads(line)
            out[d["step"]] = d
    if proc.returncode != 0 or len(out) < len(STEPS):
        err = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        out["error"] = {"rc": proc.returncode, "message": err[:200], "old_pc": old_pc,
                        "after": list(out)[-1] if out else "spawn"}
    return out


def main(argv: list[str] | None = None) -> int:
    if argv and argv[0] == "--child":
        return child(argv[1], float(argv[2]))
    ap = argparse.ArgumentParser(prog="python -m tools.bench oldpc")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mem-mib", type=int, default=1024)
    ap.add_argument("--core", type=int, default=0)
    args = ap.parse_args(argv)
    if shutil.which("taskset") is None:
        print("bench: taskset (util-linux) is needed", file=sys.stderr)
        return 1
    env = dict(os.environ, QT_LOGGING_RULES="qt.multimedia.*=false")
    env.pop("CC2_BENCH_FIRST_PAINT", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    tmp = Path(tempfile.mkdtemp(prefix="cc2-oldpc-"))
    server = None
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        hub_db = f"sqlite:///{tmp / 'server.sqlite3'}"
        server = subprocess.Popen([sys.executable, "-m", "cc2desktop", "serve", "--port", str(port),
                                   "--db", hub_db], stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        _wait_health(url)
        results: dict[bool, list[dict]] = {False: [], True: []}
        for i in range(args.runs):
            for old_pc in (True, False):
                data = _prepare(tmp / f"run{i}-{int(old_pc)}", url, hub_db, env)
                results[old_pc].append(_run(data, env, old_pc, args))
        _print(results, args)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _wait_health(url: str) -> None:
    import requests

    for _ in range(600):
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise SystemExit("bench: the server did not start")


def _print(results: dict[bool, list[dict]], args: argparse.Namespace) -> None:
    load = os.getloadavg()[0]
    print(f"runs: {args.runs}; old PC = taskset -c {args.core} + RLIMIT_AS {args.mem_mib} MiB; "
          f"load average {load:.1f} on {os.cpu_count()} CPUs")
    errors = [r["error"] for runs in results.values() for r in runs if "error" in r]
    for e in errors:
        print(f"  a{'n old-PC' if e['old_pc'] else 'n unconstrained'} run failed after step {e['after']}: "
              f"rc {e['rc']}: {e['message']}")
    print(f"{'step':9s} {'unconstrained':>14s} {'old PC':>10s} {'ratio':>7s} {'peak RSS old PC':>16s} "
          f"{'address space':>14s}")
    for step in STEPS:
        fast = [r[step]["s"] for r in results[False] if step in r]
        slow = [r[step] for r in results[True] if step in r]
        if not fast or not slow:
            print(f"{step:9s} {'—':>14s} {'—':>10s}   (no figure: the step did not finish)")
            continue
        f, s = statistics.median(fast), statistics.median([x["s"] for x in slow])
        rss, vm = max(x["rss_mib"] for x in slow), max(x["vm_mib"] for x in slow)
        print(f"{step:9s} {f * 1000:11.0f} ms {s * 1000:7.0f} ms {s / f:6.2f}x {rss:12.1f} MiB {vm:10.0f} MiB")
    total = [sum(r[k]["s"] for k in STEPS) for r in results[True] if all(k in r for k in STEPS)]
    peak = [r["sync"]["rss_mib"] for r in results[True] if "sync" in r]
    if total and peak:
        print(f"old PC, whole path: median {statistics.median(total):.2f} s, peak RSS {max(peak):.1f} MiB "
              f"(limit {args.mem_mib} MiB of address space)")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
