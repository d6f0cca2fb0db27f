"""The built app (``dist/cc2desktop``), made once per run when missing or stale, and a clean
environment to run it in: cwd ``/``, no venv on PATH or PYTHONPATH, a fresh HOME."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_app() -> Path:
    """``dist/cc2desktop`` of this checkout, built now if missing or stale (PyInstaller's cache in
    build/ makes a rebuild after a small change faster; an up-to-date build costs nothing)."""
    from tools import build_app

    if not build_app.is_up_to_date():
        t0 = time.monotonic()
        r = subprocess.run([sys.executable, "-m", "tools.build_app"], cwd=REPO, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-3000:]
        (REPO / "dist" / "last-build-seconds.txt").write_text(f"{time.monotonic() - t0:.0f}\n")
    app = REPO / "dist" / "cc2desktop"
    assert build_app.executable(app).is_file()
    return app


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a PC that never saw the project has: no venv, no PYTHONPATH, no source tree; no display
    here, so Qt draws off-screen."""
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(home),
           "QT_LOGGING_RULES": "qt.multimedia.*=false"}
    env.update(extra)
    return env


def run_app(exe: Path | list, *args: str | Path, home: Path, timeout: float = 120, check: bool = True,
            **extra: str) -> subprocess.CompletedProcess:
    cmd = [str(a) for a in ([exe] if isinstance(exe, (str, os.PathLike)) else exe)] + [str(a) for a in args]
    r = subprocess.run(cmd, cwd="/", env=clean_env(home, **extra), capture_output=True, text=True, timeout=timeout)
    if check:
        assert r.returncode == 0, f"{' '.join(cmd[-4:])}: status {r.returncode}\n{r.stderr[-3000:]}"
    return r
