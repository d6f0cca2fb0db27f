"""Startup benchmark: the whole app process against a bare PySide6 window, in the same run.

    python -m tools.bench startup [--runs 7] [--data-dir DIR] [--tree DIR]

1. First paint. Each run starts a fresh process and waits for the line ``CC2_FIRST_PAINT`` that the
   process prints on the first paint of its window (the app: the course outline, when
   ``CC2_BENCH_FIRST_PAINT=1``). Reported: medians of time-to-first-paint (spawn → line) and of peak
   RSS (``wait4`` rusage), and the ratios app / bare.
2. Settled: the same processes run on for 1 s after their window shows; the peak RSS at that moment
   (``VmHWM``) is read inside the process. Both are started through the same wrapper
   (:data:`SETTLE`). The peak 5 s after is printed too, for information (by then the app has opened
   its database and tried a first sync).

The app's modules are byte-compiled first (``compileall``), as an installed app ships them: with
``PYTHONDONTWRITEBYTECODE`` set (as on the dev machines) every start would otherwise compile ~100
source files the bare window does not have (``--no-compile`` measures that case).

Target: ≤ 1.5× in time, ≤ 2.0× in RSS. Runs alternate app and bare so machine noise hits both. ``--tree``: run
the app from another checkout (e.g. an older commit, to print before/after figures).
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

BARE = r"""
import sys
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.setWindowTitle("bare"); lab = QLabel("Connexions Citoyennes"); w.setCentralWidget(lab)
w.resize(1024, 700)
class F(QObject):
    done = False
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint and not F.done:
            F.done = True
            print("CC2_FIRST_PAINT", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
f = F(); lab.installEventFilter(f)
w.show()
sys.exit(app.exec())
"""


#: Runs a GUI (the bare window, or the app's own entry point), then 1 s after the first paint of a
#: main window prints the process's peak RSS so far and closes the windows.
SETTLE = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
qapp = QApplication.instance() or QApplication([sys.argv[0]])
def peak_mib():
    try:
        with open("/proc/self/status") as fh:
            return next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:")) / 1024.0
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
def report():
    print(f"CC2_SETTLED_RSS {peak_mib():.1f}", flush=True)
    QTimer.singleShot(4000, later)
def later():
    print(f"CC2_LATER_RSS {peak_mib():.1f}", flush=True)
    for w in qapp.topLevelWidgets():
        w.close()
    qapp.quit()
class Shown(QObject):
    done = False
    def eventFilter(self, o, e):
        if (not Shown.done and e.type() == QEvent.Type.Paint and o.isWidgetType()
                and isinstance(o.window(), QMainWindow)):
            Shown.done = True
            QTimer.singleShot(1000, report)
        return False
shown = Shown(); qapp.installEventFilter(shown)
if sys.argv[1] == "bare":
    w = QMainWindow(); w.setWindowTitle("bare"); w.setCentralWidget(QLabel("Connexions Citoyennes"))
    w.resize(1024, 700)
    w.show()
    sys.exit(qapp.exec())
from cc2desktop.cli import main
sys.exit(main(["--data-dir", sys.argv[2]]))
"""


def _settled(cmd: list[str], env: dict[str, str], timeout: float = 90.0, cwd: str | None = None) -> tuple[float, float]:
    """Peak RSS (MiB) of a fresh process 1 s and 5 s after its window showed."""
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, cwd=cwd)
    got = {line.split()[0]: float(line.split()[1]) for line in r.stdout.splitlines() if line.startswith("CC2_")}
    if "CC2_SETTLED_RSS" in got and "CC2_LATER_RSS" in got:
        return got["CC2_SETTLED_RSS"], got["CC2_LATER_RSS"]
    raise SystemExit(f"bench: {' '.join(cmd[:3])} never printed CC2_SETTLED_RSS (exit {r.returncode})\n"
                     f"{r.stderr[-2000:]}")


def _measure(cmd: list[str], env: dict[str, str], timeout: float = 60.0, cwd: str | None = None) -> tuple[float, float]:
    """(seconds to first paint, peak RSS MiB) of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, cwd=cwd)
    first = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("CC2_FIRST_PAINT"):
            first = time.perf_counter() - t0
            break
    deadline = time.monotonic() + timeout
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
        time.sleep(0.005)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if first is None:
        raise SystemExit(f"bench: {' '.join(cmd)} never printed CC2_FIRST_PAINT (exit {proc.returncode})")
    return first, ru.ru_maxrss / 1024.0


def prepare_data_dir(data_dir: Path, env: dict[str, str], cwd: str | None = None) -> None:
    """One ordinary start first, so the demo course is installed before anything is timed."""
    _measure([sys.executable, "-m", "cc2desktop", "--data-dir", str(data_dir)], env, timeout=300, cwd=cwd)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench startup")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--tree", default=None, help="run the app from this checkout (default: this one)")
    ap.add_argument("--no-compile", action="store_true", help="do not byte-compile the app's modules first")
    args = ap.parse_args(argv)
    env = dict(os.environ, CC2_BENCH_FIRST_PAINT="1")
    tree = str(Path(args.tree).resolve()) if args.tree else None  # the app's processes start there
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    settle_env = {k: v for k, v in env.items() if k != "CC2_BENCH_FIRST_PAINT"}
    if not args.no_compile:
        import compileall

        compileall.compile_dir(str(Path(tree or Path(__file__).resolve().parent.parent) / "cc2desktop"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(args.data_dir or Path(tmp) / "data")
        prepare_data_dir(data_dir, env, tree)
        app_cmd = [sys.executable, "-m", "cc2desktop", "--data-dir", str(data_dir)]
        bare_cmd = [sys.executable, "-c", BARE]
        app_t, app_m, bare_t, bare_m, app_s, bare_s, app_l, bare_l = [], [], [], [], [], [], [], []
        for _ in range(args.runs):
            t, m = _measure(bare_cmd, env)
            bare_t.append(t), bare_m.append(m)
            t, m = _measure(app_cmd, env, cwd=tree)
            app_t.append(t), app_m.append(m)
            s, later = _settled([sys.executable, "-c", SETTLE, "bare"], settle_env)
            bare_s.append(s), bare_l.append(later)
            s, later = _settled([sys.executable, "-c", SETTLE, "app", str(data_dir)], settle_env, cwd=tree)
            app_s.append(s), app_l.append(later)
    med = statistics.median
    rt, rm, rs = med(app_t) / med(bare_t), med(app_m) / med(bare_m), med(app_s) / med(bare_s)
    print(f"platform: {env.get('QT_QPA_PLATFORM') or 'display ' + env.get('DISPLAY', '')}, runs: {args.runs}"
          + (f", app from {args.tree}" if args.tree else "")
          + (", app modules not byte-compiled" if args.no_compile else ", app modules byte-compiled")
          + f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"bare window   first paint {med(bare_t) * 1000:7.0f} ms   peak RSS {med(bare_m):6.1f} MiB"
          f"   1 s after: {med(bare_s):6.1f} MiB")
    print(f"cc2desktop    first paint {med(app_t) * 1000:7.0f} ms   peak RSS {med(app_m):6.1f} MiB"
          f"   1 s after: {med(app_s):6.1f} MiB")
    print(f"5 s after the window shows (the database open, a first sync tried; no target): bare "
          f"{med(bare_l):.1f} MiB, cc2desktop {med(app_l):.1f} MiB, ratio {med(app_l) / med(bare_l):.2f}x")
    verdict = "met" if rt <= 1.5 and max(rm, rs) <= 2 else "MISSED"
    print(f"ratio         time {rt:.2f}x   RSS at first paint {rm:.2f}x   RSS 1 s after the window shows {rs:.2f}x"
          f"   (targets: time <= 1.50x, RSS <= 2.00x: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
