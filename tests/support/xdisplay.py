"""A real X display for screenshots as a learner sees them: Xvfb at 1366×768 with the openbox window
manager (title bars, placement, maximised windows), started and stopped by the caller.

    with x_display() as env:          # env: os.environ + DISPLAY, QT_QPA_PLATFORM=xcb
        subprocess.run([...], env=env)

Both processes are ended by their own ids when the block ends. Xvfb picks a free display number
itself (``-displayfd``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from typing import Iterator

SCREEN = (1366, 768)


def available() -> str | None:
    """None when Xvfb and openbox are installed, else what is missing (packaging/dev.sh installs both)."""
    missing = [b for b in ("Xvfb", "openbox", "xprop") if shutil.which(b) is None]
    return ", ".join(missing) or None


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@contextlib.contextmanager
def x_display(size: tuple[int, int] = SCREEN, *, wm: bool = True, timeout: float = 15.0) -> Iterator[dict]:
    """Start Xvfb (and openbox when ``wm``); yield an environment for Qt programs on that display."""
    w, h = size
    read_fd, write_fd = os.pipe()
    xvfb = wm_proc = None
    try:
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp",
                                 "-noreset"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        os.close(write_fd)
        write_fd = -1
        number = b""
        deadline = time.monotonic() + timeout
        while not number.endswith(b"\n"):
            if time.monotonic() > deadline or xvfb.poll() is not None:
                raise RuntimeError("Xvfb did not start")
            chunk = os.read(read_fd, 16)
            if not chunk:
                raise RuntimeError("Xvfb did not start")
            number += chunk
        display = f":{number.decode().strip()}"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("WAYLAND_DISPLAY", None)
        if wm:
            wm_proc = subprocess.Popen(["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            while True:  # openbox manages the screen once it sets the EWMH "supporting WM" window
                out = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env, capture_output=True,
                                     text=True).stdout
                if "window id" in out:
                    break
                if time.monotonic() > deadline or wm_proc.poll() is not None:
                    raise RuntimeError("openbox did not start")
                time.sleep(0.05)
        yield env
    finally:
        if write_fd >= 0:
            os.close(write_fd)
        os.close(read_fd)
        _stop(wm_proc)
        _stop(xvfb)
