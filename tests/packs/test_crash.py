"""Killing an install at any instant leaves the previous state usable; the next start cleans up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cc2desktop.core.kit import Kit
from cc2desktop.core.packs import keys as keymod
from cc2desktop.core.packs import service, store
from cc2desktop.core.packs.build import build_pack
from cc2desktop.core.paths import resolve_data_paths

from .conftest import make_course, store_files

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.packs import service
    kit = Kit(resolve_data_paths(sys.argv[1]))
    mark = Path(sys.argv[3])
    def slow(p):
        mark.write_text(f"{p.phase} {p.done} {p.total}")
        time.sleep(0.03)
    service.install_pack(kit, sys.argv[2], progress=slow)
    mark.write_text("done")
""")


@pytest.fixture(scope="module")
def versions(tmp_path_factory, publisher_key):
    d = tmp_path_factory.mktemp("crash")
    v1 = build_pack(make_course(d / "v1", capsules_per_module=3, video_bytes=300_000), d / "v1.cc2pack", publisher_key)
    v2 = build_pack(make_course(d / "v2", version="2.0.0", capsules_per_module=3, video_bytes=300_000,
                                changed={"m1c1", "m1c2", "m1c3", "m2c1", "m2c2"}), d / "v2.cc2pack", publisher_key)
    return v1, v2


@pytest.mark.parametrize("kill_at", [0.0, 0.3, 0.7])
def test_kill_during_update_then_restart(tmp_path, versions, publisher_key, kill_at):
    v1, v2 = versions
    paths = resolve_data_paths(tmp_path / "data")
    with Kit(paths) as kit:
        keymod.trust(kit.paths, publisher_key.public)
        service.install_pack(kit, v1.path)
    mark = tmp_path / "mark"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(paths.root), str(v2.path), str(mark)], env=env)
    deadline = time.monotonic() + 30
    killed_mid = False
    while time.monotonic() < deadline and proc.poll() is None:
        text = mark.read_text() if mark.exists() else ""
        if text.startswith("install"):
            _, done, total = text.split()
            if int(done) >= kill_at * int(total):
                proc.send_signal(signal.SIGKILL)
                killed_mid = True
                break
        time.sleep(0.002)
    proc.wait(10)
    assert killed_mid, "the child finished before it could be killed"
    # the next start: the old version is intact and usable; leftovers are cleaned
    with Kit(paths) as kit:
        courses = service.list_courses(kit)
        assert [c["version"] for c in courses] == ["1.0.0"]
        assert service.verify_store(kit)["damaged"] == []
        cleaned = service.cleanup_leftovers(kit)
        assert cleaned != {}
        if kill_at > 0:  # some new blobs were written, then orphaned by the kill
            assert cleaned["blobs"] + cleaned["tmp_files"] > 0, cleaned
        referenced = service.referenced_blobs(kit)
        assert {sha for sha, _ in store.iter_blobs(kit.paths)} == referenced
        assert list(kit.paths.tmp_dir.iterdir()) == []
        # and the update still works afterwards
        assert service.install_pack(kit, v2.path).status == "updated"
        assert service.verify_store(kit)["damaged"] == []


def test_not_enough_space_is_refused_before_writing(trusted_kit, versions, monkeypatch):
    monkeypatch.setattr(store, "free_bytes", lambda paths: 10 * 1024 * 1024)
    with pytest.raises(store.StoreError, match="not enough free disk space") as exc:
        service.install_pack(trusted_kit, versions[0].path)
    assert exc.value.code == "pack_no_space"
    assert store_files(trusted_kit.paths) == set() and service.list_courses(trusted_kit) == []
