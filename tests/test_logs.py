"""The rotating log in the data folder: background failures of the GUI's task runner and the CLI's
errors are written there (the frozen app has no console), and ``last_errors`` reads them back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cc2desktop.core import logs

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def log_dir(tmp_path):
    d = tmp_path / "data" / "logs"
    logs.setup(d, hooks=False)
    yield d
    logs.close()


def test_a_background_task_failure_goes_to_the_log_file(qtbot, runner, log_dir):
    def boom(job):  # noqa: ANN001, ANN202
        raise RuntimeError("the disk went away")

    handle = runner.run(boom)  # nobody to tell: no on_error
    qtbot.waitUntil(lambda: handle.done, timeout=5_000)
    errors = logs.last_errors(log_dir)
    assert len(errors) == 1 and "background task failed: the disk went away" in errors[0]
    assert "Traceback" in errors[0] and "RuntimeError" in errors[0]  # the record keeps its traceback


def test_the_log_rotates_and_last_errors_keeps_the_latest(log_dir):
    for i in range(3000):
        logs.log.info("filler line %d %s", i, "x" * 400)
        if i % 500 == 0:
            logs.log.error("failure number %d", i)
    files = sorted(p.name for p in log_dir.iterdir())
    assert files[0] == "cc2desktop.log" and len(files) >= 2  # rotated, never one ever-growing file
    assert all(p.stat().st_size <= logs.MAX_BYTES + 1000 for p in log_dir.iterdir())
    assert len(files) <= logs.BACKUPS + 1
    last = logs.last_errors(log_dir, limit=2)
    assert [x.split(" ", 3)[3] for x in last] == ["cc2desktop [MainThread] failure number 2000",
                                                  "cc2desktop [MainThread] failure number 2500"]


def test_the_cli_logs_its_errors_in_the_data_folder(tmp_path):
    data = tmp_path / "data"
    cli = [sys.executable, "-m", "cc2desktop", "--data-dir", str(data), "learner", "add", "--name"]
    ok = subprocess.run([*cli, "Awa"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([*cli, "  "], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stderr.strip().count("\n") == 0  # still one line on stderr
    last = logs.last_errors(data / "logs")
    assert len(last) == 1 and "learner failed: a profile needs a name (name_empty)" in last[0]
