"""Split packs for FAT32 sticks: cut into parts, installed in place from the parts (no reassembled
copy), resumed after an interruption, clear errors for a missing or damaged part."""

import json
import shutil

import pytest

from cc2desktop.cli import main
from cc2desktop.core.packs import parts, service, store
from cc2desktop.core.packs.progress import Cancelled

from tests.packs.conftest import make_course, store_files


@pytest.fixture(scope="module")
def big_pack(tmp_path_factory, publisher_key):
    """A pack of ~1.2 MB over 8 capsules, so that 256 KiB parts cut through its files."""
    from cc2desktop.core.packs.build import build_pack

    d = tmp_path_factory.mktemp("big")
    src = make_course(d / "src", modules=2, capsules_per_module=4, video_bytes=150_000, seed=7)
    return build_pack(src, d / "big-course.cc2pack", publisher_key).path


def test_split_then_install_from_the_folder_of_parts(trusted_kit, big_pack, tmp_path):
    idx = parts.split_pack(big_pack, tmp_path / "stick" / "packs", part_size=256 * 1024)
    assert len(idx.parts) == 5 and all(p.size <= 256 * 1024 for p in idx.parts)
    assert sum(p.size for p in idx.parts) == big_pack.stat().st_size
    joined = b"".join(idx.part_path(p).read_bytes() for p in idx.parts)
    assert joined == big_pack.read_bytes()
    assert sorted(f.name for f in idx.folder.iterdir()) == [
        "big-course.cc2pack.001", "big-course.cc2pack.002", "big-course.cc2pack.003", "big-course.cc2pack.004",
        "big-course.cc2pack.005", "big-course.cc2pack.parts.json"]
    res = service.install_pack(trusted_kit, idx.folder)
    assert res.status == "installed" and res.course_id == "test-course" and res.files_fetched == res.files
    # read in place: no joined copy in the data folder's scratch space
    assert not list(trusted_kit.paths.tmp_dir.iterdir()) and not list(trusted_kit.paths.downloads_dir.iterdir())
    assert service.verify_store(trusted_kit)["damaged"] == []
    # the index or any part names the same split pack
    for source in (idx.path, idx.part_path(idx.parts[2])):
        assert service.install_pack(trusted_kit, source).status == "unchanged"


def test_interrupted_install_resumes_where_it_stopped(trusted_kit, big_pack, tmp_path):
    idx = parts.split_pack(big_pack, tmp_path / "p", part_size=256 * 1024)
    calls = []

    def cancel_after_some_files():  # asked after every chunk (here: every ~150 KB file)
        calls.append(1)
        return len(calls) > 12

    with pytest.raises(Cancelled):
        service.install_pack(trusted_kit, idx.path, cancel=cancel_after_some_files)
    assert service.list_courses(trusted_kit) == []  # nothing visible
    kept = {sha for sha, _ in store.iter_blobs(trusted_kit.paths)}
    assert kept, "the files verified before the interruption are kept"
    res = service.install_pack(trusted_kit, idx.path)
    assert res.status == "installed"
    assert res.files_fetched == len({f["sha256"] for f in res_files(trusted_kit)} - kept) < res.files
    assert not list(trusted_kit.paths.downloads_dir.iterdir()), res  # the resume note is gone once installed
    assert service.verify_store(trusted_kit)["damaged"] == []
    # a later clean-up pass keeps every installed blob and no orphan
    assert service.cleanup_leftovers(trusted_kit)["blobs"] == 0


def res_files(kit):
    return [{"sha256": f.sha256} for f in service.get_manifest(kit, "test-course").files]


def test_interrupted_install_leftovers_are_collected_once_stale(trusted_kit, big_pack, tmp_path):
    import os
    import time

    calls = []
    idx = parts.split_pack(big_pack, tmp_path / "p", part_size=256 * 1024)
    with pytest.raises(Cancelled):
        service.install_pack(trusted_kit, idx.folder, cancel=lambda: calls.append(1) or len(calls) > 5)
    pending = list(trusted_kit.paths.downloads_dir.iterdir())
    assert len(pending) == 1 and list(store.iter_blobs(trusted_kit.paths))
    old = time.time() - (service.STALE_DOWNLOAD_DAYS + 1) * 86400
    os.utime(pending[0], (old, old))
    assert service.cleanup_leftovers(trusted_kit)["blobs"] >= 1
    assert store_files(trusted_kit.paths) == set()


def test_missing_or_damaged_part_is_named_and_nothing_is_installed(trusted_kit, big_pack, tmp_path):
    idx = parts.split_pack(big_pack, tmp_path / "p", part_size=256 * 1024)
    third = idx.part_path(idx.parts[2])
    data = third.read_bytes()
    third.unlink()
    with pytest.raises(parts.PartsError, match=r"part 3 of 5 is missing: big-course\.cc2pack\.003"):
        service.install_pack(trusted_kit, idx.folder)
    third.write_bytes(data[:-10])
    with pytest.raises(parts.PartsError, match=r"big-course\.cc2pack\.003\) has .* \(copy it again\)"):
        service.install_pack(trusted_kit, idx.folder)
    third.write_bytes(data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:])  # same size, one byte flipped
    assert parts.verify_parts(idx) == ["big-course.cc2pack.003"]
    with pytest.raises(Exception) as err:
        service.install_pack(trusted_kit, idx.folder)
    assert getattr(err.value, "code", "") in ("pack_hash", "pack_not_zip", "pack_size")
    assert service.list_courses(trusted_kit) == []
    assert store_files(trusted_kit.paths) == set()  # content found bad: nothing of it is kept for a resume
    third.write_bytes(data)
    assert parts.verify_parts(idx) == []
    assert service.install_pack(trusted_kit, idx.folder).status == "installed"


def test_bad_indexes_are_refused_with_one_line(tmp_path, big_pack):
    idx = parts.split_pack(big_pack, tmp_path / "p", part_size=512 * 1024)
    d = json.loads(idx.path.read_text())
    cases = {
        "not json": "{",
        "wrong format": json.dumps({**d, "format": "zip"}),
        "traversal": json.dumps({**d, "parts": [{**d["parts"][0], "name": "../x.cc2pack.001"}, *d["parts"][1:]]}),
        "sizes disagree": json.dumps({**d, "size": d["size"] + 1}),
        "part larger than part_size": json.dumps({**d, "part_size": 10}),
    }
    for why, text in cases.items():
        idx.path.write_text(text)
        with pytest.raises(parts.PartsError) as err:
            parts.read_index(idx.path)
        assert "\n" not in err.value.message, why
    two = tmp_path / "two"
    two.mkdir()
    for name in ("a.cc2pack.parts.json", "b.cc2pack.parts.json"):
        (two / name).write_text("{}")
    with pytest.raises(parts.PartsError, match="several split packs"):
        parts.find_index(two)
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    shutil.copy(idx.part_path(idx.parts[0]), lonely)
    with pytest.raises(parts.PartsError, match="not beside it"):
        parts.find_index(lonely / idx.parts[0].name)


def test_split_and_install_on_the_command_line(tmp_path, big_pack, publisher_key, capsys):
    from cc2desktop.core.packs import keys as keymod

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "pack", "split", str(big_pack), "--out", str(tmp_path / "parts"),
                 "--part-size", "300K"]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith("big-course.cc2pack.parts.json") and "split:" in err
    assert main(["--data-dir", str(data), "pack", "split", str(big_pack), "--out", str(tmp_path / "x"),
                 "--part-size", "12"]) == 1
    assert "part size must be between" in capsys.readouterr().err
    from cc2desktop.core.paths import resolve_data_paths

    keymod.trust(resolve_data_paths(str(data)).ensure(), publisher_key.public)
    assert main(["--data-dir", str(data), "pack", "install", str(tmp_path / "parts"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["status"] == "installed" and "install:" in err


def test_a_write_that_fails_midway_keeps_no_partial_blob_and_the_install_resumes(trusted_kit, publisher_key,
                                                                                 tmp_path):
    """Blobs are written by a write-behind thread: its error (here the file-size limit, EFBIG, as a full
    disk gives ENOSPC) fails the install with one line, no blob it wrote in part enters the store, and
    the next install completes. A real child process (``pack install``) under ``RLIMIT_FSIZE``."""
    import hashlib
    import resource
    import signal
    import subprocess
    import sys

    from cc2desktop.core.packs.build import build_pack

    src = make_course(tmp_path / "src", modules=1, capsules_per_module=3, video_bytes=3_000_000, seed=11)
    pack = build_pack(src, tmp_path / "c.cc2pack", publisher_key).path
    idx = parts.split_pack(pack, tmp_path / "stick", part_size=1024 * 1024)
    limit = 2_000_000  # above every small file and the database, below each 3 MB video
    assert max(p.stat().st_size for p in trusted_kit.paths.root.rglob("*") if p.is_file()) < limit

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(trusted_kit.paths.root), "pack",
                        "install", str(idx.folder)], preexec_fn=limited, capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
    last = r.stderr.strip().splitlines()[-1]  # (after the progress line)
    assert last.startswith("cc2desktop: ") and "too large" in last.lower(), r.stderr
    assert service.list_courses(trusted_kit) == []
    blobs = list(store.iter_blobs(trusted_kit.paths))
    for sha, path in blobs:  # every blob in the store is whole and correct
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert all(path.stat().st_size < limit for _, path in blobs)
    assert not list(trusted_kit.paths.tmp_dir.glob("blob-*"))
    res = service.install_pack(trusted_kit, idx.folder)
    assert res.status == "installed"
    assert service.verify_store(trusted_kit)["damaged"] == []
