"""Installs over HTTP from a real server on 127.0.0.1: catalog, Range, resume across a killed
process, delta updates by blob hash, retries, timeouts, cancel."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from cc2desktop.core.errors import CCError
from cc2desktop.core.packs import remote, service, store
from cc2desktop.core.packs.build import build_pack
from cc2desktop.core.packs.progress import Cancelled

from .conftest import make_course
from tests.support.packs_server import LiveServer

MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(remote, "POLICY", dataclasses.replace(remote.POLICY, backoff=0.01))


@pytest.fixture(scope="module")
def packs(tmp_path_factory, publisher_key):
    d = tmp_path_factory.mktemp("net")
    v1 = build_pack(make_course(d / "v1", video_bytes=600_000), d / "built" / "course-1.0.0.cc2pack", publisher_key)
    v2 = build_pack(make_course(d / "v2", version="1.1.0", video_bytes=600_000, changed={"m1c2"}),
                    d / "built" / "course-1.1.0.cc2pack", publisher_key)
    return v1, v2


@pytest.fixture
def served(tmp_path, packs):
    d = tmp_path / "served"
    d.mkdir()
    shutil.copy(packs[0].path, d)
    shutil.copy(packs[0].exam_key_path, d)  # must never be served
    with LiveServer(d) as srv:
        srv.dir = d
        yield srv


def test_catalog_and_range_routes(served, packs):
    v1 = packs[0]
    cat = remote.fetch_catalog(served.url + "/api/v1/catalog")
    (e,) = cat.packs
    assert (e.id, e.version, e.size, e.sha256) == ("test-course", "1.0.0", v1.size, v1.sha256)
    assert e.url == f"{served.url}/api/v1/packs/course-1.0.0.cc2pack" and e.title["fr"] == "Cours d'essai"
    data = v1.path.read_bytes()
    r = requests.get(e.url, headers={"Range": "bytes=100-199"}, timeout=5)
    assert r.status_code == 206 and r.content == data[100:200]
    assert r.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
    r = requests.get(e.url, headers={"Range": "bytes=100-", "If-Range": '"stale"'}, timeout=5)
    assert r.status_code == 200 and r.content == data
    r = requests.get(e.url, headers={"Range": f"bytes={len(data)}-"}, timeout=5)
    assert r.status_code == 416
    f = v1.manifest.file("capsules/m1c1/transcript.fr.md")
    r = requests.get(f"{served.url}/api/v1/blobs/{f.sha256}", headers={"Range": "bytes=0-9"}, timeout=5)
    assert r.status_code == 206 and r.content == (v1.path.parent.parent / "v1" / f.path).read_bytes()[:10]
    for bad in ("course-1.0.0.cc2pack.exam-key.json", "..%2F..%2Fetc%2Fpasswd", "nope.cc2pack"):
        assert requests.get(f"{served.url}/api/v1/packs/{bad}", timeout=5).status_code == 404
    assert requests.get(f"{served.url}/api/v1/blobs/{'0' * 64}", timeout=5).status_code == 404


def test_install_from_url_then_unchanged(trusted_kit, served, packs):
    url = served.url + "/api/v1/packs/course-1.0.0.cc2pack"
    seen = []
    res = service.install_pack(trusted_kit, url, progress=seen.append)
    assert res.status == "installed"
    assert packs[0].size <= res.bytes_transferred <= packs[0].size + 20_000  # + the manifest
    assert any(p.phase == "download" for p in seen) and any(p.phase == "install" for p in seen)
    assert list(trusted_kit.paths.downloads_dir.iterdir()) == []
    again = service.install_pack(trusted_kit, url)
    assert again.status == "unchanged" and again.bytes_transferred < 20_000  # just the manifest


@pytest.fixture
def served_demo(tmp_path):
    from tools import demo_pack

    demo_pack.build()
    d = tmp_path / "served-demo"
    d.mkdir()
    shutil.copy(demo_pack.pack_path(), d)
    with LiveServer(d) as srv:
        yield srv


def test_demo_pack_download_resumes_after_the_process_is_killed(tmp_path, served_demo):
    """The demo pack from a local URL: a real `cc2desktop pack install URL` process killed at
    >= 50 %, then run again (the demo publisher key is trusted by default)."""
    from tools import demo_pack

    served = served_demo
    data_dir = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    cli = [sys.executable, "-m", "cc2desktop", "--data-dir", str(data_dir)]
    url = served.url + "/api/v1/packs/" + demo_pack.PACK_NAME
    size = demo_pack.pack_path().stat().st_size
    served.wire.delay = 0.1  # ~2.5 MiB/s: slow enough to kill it mid-way
    proc = subprocess.Popen(cli + ["pack", "install", url], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    part = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        parts = list((data_dir / "downloads").glob("*.part")) if (data_dir / "downloads").exists() else []
        if parts and parts[0].stat().st_size >= size // 2:
            part = parts[0]
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert part is not None, "the download never reached 50 %"
    got = part.stat().st_size
    assert size // 2 <= got < size
    first_sent = served.wire.sent
    served.wire.delay = 0
    out = subprocess.run(cli + ["pack", "install", "--json", url], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    res = __import__("json").loads(out.stdout)
    assert res["status"] == "installed"
    assert res["bytes_transferred"] == size - got  # only the rest
    ranges = [r for p, r in served.wire.requests if p.endswith(".cc2pack") and r]
    assert ranges and ranges[-1].startswith("bytes=")
    assert served.wire.sent <= size + MiB, (served.wire.sent, size)
    assert first_sent < size
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    with Kit(resolve_data_paths(data_dir)) as kit:
        assert [c["id"] for c in service.list_courses(kit)] == ["demo-intro-civictech"]
        exported = service.export_course(kit, "demo-intro-civictech", tmp_path / "stick" / "demo.cc2pack")
        assert exported.read_bytes() == demo_pack.pack_path().read_bytes()
        assert list(kit.paths.downloads_dir.iterdir()) == []


def test_delta_update_over_http_fetches_only_changed_blobs(trusted_kit, served, packs):
    v1, v2 = packs
    service.install_pack(trusted_kit, served.url + "/api/v1/packs/course-1.0.0.cc2pack")
    shutil.copy(v2.path, served.dir)
    served.wire.sent = 0
    res = service.install_pack(trusted_kit, served.url + "/api/v1/packs/course-1.1.0.cc2pack")
    changed = v2.manifest.file("capsules/m1c2/video.mp4")
    manifest_bytes = len(__import__("cc2desktop.core.packs.packfile", fromlist=["x"]).manifest_bytes(v2.manifest))
    assert res.status == "updated" and res.files_fetched == 1 and res.bytes_fetched == changed.size
    assert res.changes["changed"] == ["m1c2"]
    assert served.wire.sent <= 1.05 * (changed.size + manifest_bytes) + 2048, served.wire.sent
    assert service.verify_store(trusted_kit)["damaged"] == []
    assert service.list_courses(trusted_kit)[0]["version"] == "1.1.0"


def test_retries_after_server_errors(trusted_kit, served):
    served.wire.fail_next = 2
    res = service.install_pack(trusted_kit, served.url + "/api/v1/packs/course-1.0.0.cc2pack")
    assert res.status == "installed"


def test_gives_up_with_one_line_and_keeps_nothing_visible(trusted_kit, served, monkeypatch):
    served.wire.fail_next = 100
    monkeypatch.setattr(remote, "POLICY", dataclasses.replace(remote.POLICY, tries=3))
    with pytest.raises(CCError) as exc:
        service.install_pack(trusted_kit, served.url + "/api/v1/packs/course-1.0.0.cc2pack")
    assert "server error 503" in exc.value.message and "\n" not in exc.value.message
    assert service.list_courses(trusted_kit) == []
    with pytest.raises(CCError, match="cannot reach the server"):
        remote.fetch_catalog("http://127.0.0.1:9/api/v1/catalog")  # discard port: refused at once
    served.wire.fail_next = 0
    with pytest.raises(CCError, match="HTTP 404"):
        service.install_pack(trusted_kit, served.url + "/api/v1/packs/missing.cc2pack")


def test_read_timeout_is_retried(trusted_kit, served, monkeypatch):
    monkeypatch.setattr(remote, "TIMEOUT", (remote.TIMEOUT[0], 0.5))
    served.wire.hang_next = 1
    res = service.install_pack(trusted_kit, served.url + "/api/v1/packs/course-1.0.0.cc2pack")
    assert res.status == "installed"


def test_cancel_keeps_the_partial_download_for_later(trusted_kit, served, packs):
    served.wire.delay = 0.02
    ev = threading.Event()

    def on_progress(p):
        if p.phase == "download" and p.done > 0:
            ev.set()

    with pytest.raises(Cancelled):
        service.install_pack(trusted_kit, served.url + "/api/v1/packs/course-1.0.0.cc2pack", progress=on_progress,
                             cancel=ev)
    assert service.list_courses(trusted_kit) == [] and list(store.iter_blobs(trusted_kit.paths)) == []
    parts = list(trusted_kit.paths.downloads_dir.glob("*.part"))
    kept = parts[0].stat().st_size
    assert len(parts) == 1 and 0 < kept < packs[0].size
    served.wire.delay = 0
    res = service.install_pack(trusted_kit, served.url + "/api/v1/packs/course-1.0.0.cc2pack")
    assert res.status == "installed" and res.bytes_transferred == packs[0].size - kept


def test_tampered_download_is_refused(trusted_kit, tmp_path, packs):
    d = tmp_path / "evil"
    d.mkdir()
    data = bytearray(packs[0].path.read_bytes())
    data[-5000] ^= 0xFF  # inside the last member or the central directory
    (d / "course-1.0.0.cc2pack").write_bytes(bytes(data))
    with LiveServer(d) as srv:
        with pytest.raises(CCError):
            service.install_pack(trusted_kit, srv.url + "/api/v1/packs/course-1.0.0.cc2pack")
    assert service.list_courses(trusted_kit) == [] and list(store.iter_blobs(trusted_kit.paths)) == []
    assert list(trusted_kit.paths.downloads_dir.iterdir()) == []
