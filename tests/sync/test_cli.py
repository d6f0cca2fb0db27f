"""The sync CLI contracts, through real processes and a real `cc2desktop serve`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]


def cc(*args, check=True) -> subprocess.CompletedProcess:
    p = subprocess.run([sys.executable, "-m", "cc2desktop", *map(str, args)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if check:
        assert p.returncode == 0, p.stderr
    return p


def test_cli_enrol_sync_status_usb_and_stats(tmp_path):
    srv_dir, a, c = tmp_path / "srv", tmp_path / "a", tmp_path / "c"
    db = f"sqlite:///{srv_dir / 'server.sqlite3'}"
    srv_dir.mkdir()
    code = cc("server", "enrolment-code", "--db", db).stdout
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\n", code)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cc2desktop", "serve", "--port", str(port), "--db", db],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url + "/api/v1/health", timeout=1).json()["status"] == "ok":
                    break
            except requests.ConnectionError:
                assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
        sim = json.loads(cc("--data-dir", a, "demo", "simulate", "--learners", "6", "--days", "4").stdout)
        assert sim["learners"] == 6 and sim["events"] > 0
        assert set(sim["by_type"]) <= {"video.watched", "quiz.answered", "quiz.completed", "capsule.completed"}
        st = json.loads(cc("--data-dir", a, "sync", "status", "--json").stdout)
        assert st == {"pending": sim["events"], "synced": 0, "last_sync": None, "last_error": None}
        bad = cc("--data-dir", a, "sync", check=False)
        assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "not enrolled" in bad.stderr
        cc("--data-dir", a, "device", "enrol", url, "--code", code.strip())
        cc("--data-dir", a, "sync")
        st = json.loads(cc("--data-dir", a, "sync", "status", "--json").stdout)
        assert st["pending"] == 0 and st["synced"] == sim["events"] and st["last_sync"] and st["last_error"] is None
        # A USB-only PC, through the hub's database directly.
        cc("--data-dir", c, "demo", "simulate", "--learners", "2", "--days", "2", "--seed", "5")
        code2 = cc("server", "enrolment-code", "--db", db).stdout.strip()
        bundle = cc("--data-dir", c, "sync", "export", tmp_path / "usb", "--code", code2).stdout.strip()
        reply = cc("--data-dir", srv_dir, "sync", "import", bundle, "--db", db).stdout.strip()
        assert "acknowledged" in cc("--data-dir", c, "sync", "import", reply).stdout
        assert json.loads(cc("--data-dir", c, "sync", "status", "--json").stdout)["pending"] == 0
        stats = json.loads(cc("server", "stats", "--db", db, "--json").stdout)
        c_events = json.loads(cc("--data-dir", c, "sync", "status", "--json").stdout)["synced"]
        assert stats == {"events": sim["events"] + c_events, "learners": 8, "devices": 2, "certificates": 0,
                         "certified": 0, "not_passed": 0}
        wrong = cc("--data-dir", tmp_path / "x", "device", "enrol", url, "--code", "ZZZZ-ZZZZ-ZZZZ", check=False)
        assert wrong.returncode == 1 and "enrolment code" in wrong.stderr
    finally:
        proc.terminate()
        proc.wait(10)
