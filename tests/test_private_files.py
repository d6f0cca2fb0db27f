"""The data folders are private to their user (0700 folders, 0600 files) on the client and the server,
with the usual umask 022, and a folder an older version left readable is fixed on start."""

from __future__ import annotations

import os
import stat

import pytest

from cc2desktop.core import filemodes
from cc2desktop.core.filemodes import mode_of

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _others_can_read(path) -> bool:
    return bool(os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def test_a_new_client_data_folder_is_private(tmp_path):
    from cc2desktop.core import events, logs
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths
    from cc2desktop.core.sync import keys
    from tests.sync.conftest import add_learner

    kit = Kit(resolve_data_paths(tmp_path / "data"))
    try:
        lid = add_learner(kit)
        with kit.session() as s:
            events.append(s, lid, "video.watched", {"capsule_id": "m1c1", "segments": [[0, 5]], "progress": 0.5})
        keys.load_or_create_device_key(kit.paths.keys_dir)
        kit.settings.set("ui.language", "fr")
        kit.settings.save()
        logs.setup(kit.paths.logs_dir, hooks=False, attach=False)
        logs.to_file(40, "a line that may name a learner")
        root = kit.paths.root
        assert mode_of(root) == 0o700
        for d in (kit.paths.keys_dir, kit.paths.store_dir, kit.paths.logs_dir):
            assert mode_of(d) == 0o700, d
        wal = root / "cc2desktop.sqlite3-wal"
        shm = root / "cc2desktop.sqlite3-shm"
        assert wal.exists() and shm.exists()
        for f in (kit.paths.db_path, wal, shm, kit.paths.settings_path, logs.log_path(kit.paths.logs_dir),
                  *kit.paths.keys_dir.iterdir()):
            assert mode_of(f) == 0o600, f
    finally:
        logs.close()
        kit.close()


def test_an_old_readable_folder_is_fixed_on_start(tmp_path):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    paths = resolve_data_paths(tmp_path / "data")
    Kit(paths).close()
    # what umask 022 gave before
    for p in (paths.root, paths.keys_dir):
        os.chmod(p, 0o755)
    (paths.keys_dir / "device.key").write_text("secret")
    (paths.logs_dir).mkdir(exist_ok=True)
    (paths.logs_dir / "cc2desktop.log").write_text("log")
    for f in (paths.db_path, paths.keys_dir / "device.key", paths.logs_dir / "cc2desktop.log"):
        os.chmod(f, 0o644)
    kit = Kit(paths)
    kit.close()
    for p in (paths.root, paths.keys_dir, paths.logs_dir):
        assert mode_of(p) == 0o700
    for f in (paths.db_path, paths.keys_dir / "device.key", paths.logs_dir / "cc2desktop.log"):
        assert not _others_can_read(f), f


def test_the_server_database_and_its_keys_are_private(tmp_path):
    from cc2desktop.server.db import resolve_db_url
    from cc2desktop.server.hub import Hub

    url = resolve_db_url(None, tmp_path / "hub")
    hub = Hub(url)
    try:
        hub.server_public_key, hub.server_box_key  # noqa: B018 - the private keys are written to the database
        hub.new_enrolment_code()
        db = tmp_path / "hub" / "server.sqlite3"
        assert mode_of(tmp_path / "hub") == 0o700
        for f in filemodes.sqlite_files(db):
            if f.exists():
                assert mode_of(f) == 0o600, f
        assert (tmp_path / "hub" / "server.sqlite3-wal").exists()
    finally:
        hub.close()
    # a database left 0644 by an older version is fixed when the server starts again
    os.chmod(db, 0o644)
    Hub(f"sqlite:///{db}").close()
    assert mode_of(db) == 0o600


def test_the_exam_key_file_is_written_0600(tmp_path):
    from cc2desktop.core.packs.exam_key import key_path_for, load_exam_key, write_exam_key
    from tests.certification.test_exam_survives import DEMO_PACKS

    key = load_exam_key(key_path_for(next(DEMO_PACKS.glob("*.cc2pack"))))
    out = write_exam_key(key, tmp_path / "c.cc2pack.exam-key.json")
    assert mode_of(out) == 0o600


def test_where_modes_do_not_apply_nothing_is_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(filemodes, "restricts_modes", lambda: False)
    d = filemodes.private_dir(tmp_path / "d")
    f = d / "f"
    f.write_text("x")
    os.chmod(d, 0o755)
    os.chmod(f, 0o644)
    filemodes.private_file(f)
    assert filemodes.private_tree(d) == 0
    assert mode_of(d) == 0o755 and mode_of(f) == 0o644
