"""A real ``cc2desktop serve`` process on 127.0.0.1 (its stderr kept line by line, its first-start
setup code read from it) and a real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def shot(browser, tmp_path: Path, name: str, *, full_page: bool = False) -> Path:
    """A screenshot in the test's folder (and in $CC2_SHOTS when set, to look at)."""
    path = browser.screenshot(tmp_path / f"admin-{name}.png", full_page=full_page)
    assert path.stat().st_size > 5000
    if os.environ.get("CC2_SHOTS"):
        os.makedirs(os.environ["CC2_SHOTS"], exist_ok=True)
        shutil.copy(path, os.path.join(os.environ["CC2_SHOTS"], path.name))
    return path


def cc(*args, check: bool = True, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    p = subprocess.run([sys.executable, "-m", "cc2desktop", *map(str, args)], cwd=cwd or ROOT, capture_output=True,
                       text=True, timeout=120, env=ENV, input=stdin)
    if check:
        assert p.returncode == 0, p.stderr
    return p


class Serve:
    """``cc2desktop serve --data-dir DIR --port P [ARGS]`` as a child process."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._err = b""
        self.proc = subprocess.Popen([sys.executable, "-m", "cc2desktop", "serve", "--data-dir", str(data_dir),
                                      "--port", str(self.port), *args], cwd=ROOT, env=ENV, stderr=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL)
        os.set_blocking(self.proc.stderr.fileno(), False)
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("serve did not start:\n" + "".join(self.lines))
            time.sleep(0.1)

    @property
    def lines(self) -> list[str]:
        """What serve wrote on stderr so far (all it printed before listening is there once it answers)."""
        while True:
            try:
                chunk = os.read(self.proc.stderr.fileno(), 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            self._err += chunk
        return self._err.decode("utf-8", "replace").splitlines(keepends=True)

    @property
    def setup_code(self) -> str | None:
        for line in self.lines:
            m = re.search(r"setup code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", line)
            if m:
                return m.group(1)
        return None

    @property
    def db(self) -> Path:
        return self.data_dir / "server.sqlite3"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture
def serve(tmp_path):
    started: list[Serve] = []

    def start(*args: str, data_dir: Path | None = None, courses: bool = False) -> Serve:
        d = data_dir or tmp_path / "srv"
        if courses:  # the demo course, published with its exam key and offered for download
            from cc2desktop.core.paths import assets_dir

            pack = assets_dir() / "packs" / "demo-intro-civictech.cc2pack"
            for sub in ("courses", "packs"):
                (d / sub).mkdir(parents=True, exist_ok=True)
                shutil.copy(pack, d / sub)
            shutil.copy(pack.with_name(pack.name + ".exam-key.json"), d / "courses")
        s = Serve(d, *args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture
def browser():
    from tests.support.browser import Browser

    b = Browser(1366, 768)
    yield b
    b.close()
