"""Startup benchmark: the whole app process against a bare PySide6 window, in the same run.

    python -m tools.bench startup [--runs 7] [--data-dir DIR]

Each run starts a fresh process and waits for the line ``CC2_FIRST_PAINT`` that the process prints
on the first paint of its window (the app: the course outline, when ``CC2_BENCH_FIRST_PAINT=1``).
Reported: medians of time-to-first-paint (spawn → line) and of peak RSS (``wait4`` rusage), and the
ratios app / bare. Target: ≤ 2.0× in both. Runs alternate app and bare so machine noise hits both.
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


def _measure(cmd: list[str], env: dict[str, str], timeout: float = 60.0) -> tuple[float, float]:
    """(seconds to first paint, peak RSS MiB) of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
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


def prepare_data_dir(data_dir: Path, env: dict[str, str]) -> None:
    """One ordinary start first, so the demo course is installed before anything is timed."""
    _measure([sys.executable, "-m", "cc2desktop", "--data-dir", str(data_dir)], env, timeout=300)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench startup")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--data-dir", default=None)
    args = ap.parse_args(argv)
    env = dict(os.environ, CC2_BENCH_FIRST_PAINT="1")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(args.data_dir or Path(tmp) / "data")
        prepare_data_dir(data_dir, env)
        app_cmd = [sys.executable, "-m", "cc2desktop", "--data-dir", str(data_dir)]
        bare_cmd = [sys.executable, "-c", BARE]
        app_t, app_m, bare_t, bare_m = [], [], [], []
        for _ in range(args.runs):
            t, m = _measure(bare_cmd, env)
            bare_t.append(t), bare_m.append(m)
            t, m = _measure(app_cmd, env)
            app_t.append(t), app_m.append(m)
    med = statistics.median
    rt, rm = med(app_t) / med(bare_t), med(app_m) / med(bare_m)
    print(f"platform: {env.get('QT_QPA_PLATFORM') or 'display ' + env.get('DISPLAY', '')}, runs: {args.runs}")
    print(f"bare window   first paint {med(bare_t) * 1000:7.0f} ms   peak RSS {med(bare_m):6.1f} MiB")
    print(f"cc2desktop    first paint {med(app_t) * 1000:7.0f} ms   peak RSS {med(app_m):6.1f} MiB")
    verdict = "met" if rt <= 2 and rm <= 2 else "MISSED"
    print(f"ratio         time {rt:.2f}x   RSS {rm:.2f}x   (target <= 2.00x each: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
