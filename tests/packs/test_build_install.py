"""Build → verify → install → list → export → remove, on real packs in tmp_path."""

import hashlib
import json
import os
import time
import shutil
import zipfile

import pytest

from cc2desktop.core.errors import NotFoundError
from cc2desktop.core.packs import service, store
from cc2desktop.core.packs.build import build_pack
from cc2desktop.core.packs.exam_key import load_exam_key
from cc2desktop.core.packs.packfile import PackError, UntrustedPackError
from cc2desktop.core.crypto import canonicalize

from .conftest import make_course


def test_build_is_deterministic_and_splits_the_exam_key(tmp_path, publisher_key):
    src = make_course(tmp_path / "src")
    a = build_pack(src, tmp_path / "a.cc2pack", publisher_key)
    b = build_pack(src, tmp_path / "b.cc2pack", publisher_key)
    assert a.path.read_bytes() == b.path.read_bytes() and a.sha256 == b.sha256
    with zipfile.ZipFile(a.path) as zf:
        names = zf.namelist()
        assert names[:2] == ["manifest.json", "manifest.json.sig"]
        assert names[2:] == sorted(names[2:])
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
        manifest = json.loads(zf.read("manifest.json"))
    assert canonicalize(manifest) == zipfile.ZipFile(a.path).read("manifest.json")
    exam = manifest["certification"]["exam"]
    assert all("answer" not in q for q in exam["questions"])
    key = load_exam_key(a.exam_key_path)
    assert a.exam_key_path.name == "a.cc2pack.exam-key.json"
    assert key.answer("e1").answer == "b" and key.answer("e2").tolerance == 1
    assert exam["answer_key_hmac"] == key.hmac and "answer_key_sha256" not in exam  # salted: no guess can be tested
    assert key.salt and key.salt == load_exam_key(b.exam_key_path).salt  # derived from the key: the build repeats
    assert "quiz" in manifest["modules"][0]["capsules"][0]  # practice quizzes inline, with answers
    assert manifest["modules"][0]["capsules"][0]["quiz"]["questions"][0]["answer"] == "a"


def test_verify_install_list_file_path_export_remove(trusted_kit, built_pack, tmp_path):
    kit = trusted_kit
    m = service.verify_pack(kit, built_pack.path)
    assert m.id == "test-course"
    seen = []
    res = service.install_pack(kit, built_pack.path, progress=seen.append)
    assert res.status == "installed" and res.files_fetched == len(m.files)
    assert seen and seen[-1].done == seen[-1].total == res.bytes_fetched
    courses = service.list_courses(kit)
    assert [(c["id"], c["version"], c["languages"]) for c in courses] == [("test-course", "1.0.0", ["fr", "en"])]
    assert courses[0]["title"]["fr"] == "Cours d'essai"
    p = service.file_path(kit, "test-course", "capsules/m1c1/transcript.fr.md")
    assert p.read_text(encoding="utf-8").startswith("Transcription de m1c1")
    assert p.parent.parent == kit.paths.store_dir and p.name == hashlib.sha256(p.read_bytes()).hexdigest()
    assert service.get_manifest(kit, "test-course") == m
    # same pack again: nothing to do
    assert service.install_pack(kit, built_pack.path).status == "unchanged"
    # export gives back the very same bytes
    out = service.export_course(kit, "test-course", tmp_path / "stick" / "exported.cc2pack")
    assert out.read_bytes() == built_pack.path.read_bytes()
    removed = service.remove_course(kit, "test-course")
    assert removed["blobs_removed"] == len({f.sha256 for f in m.files})
    assert service.list_courses(kit) == [] and list(store.iter_blobs(kit.paths)) == []
    with pytest.raises(NotFoundError):
        service.remove_course(kit, "test-course")
    # and the exported pack installs again
    assert service.install_pack(kit, out).status == "installed"


def test_untrusted_key_is_refused_and_nothing_written(kit, built_pack):
    with pytest.raises(UntrustedPackError, match="untrusted publisher key"):
        service.install_pack(kit, built_pack.path)
    assert service.list_courses(kit) == [] and list(store.iter_blobs(kit.paths)) == []


def test_update_fetches_only_changed_blobs_and_reports_changes(trusted_kit, publisher_key, tmp_path):
    kit = trusted_kit
    v1 = build_pack(make_course(tmp_path / "v1"), tmp_path / "v1.cc2pack", publisher_key)
    v2 = build_pack(make_course(tmp_path / "v2", version="1.1.0", changed={"m2c1"}), tmp_path / "v2.cc2pack",
                    publisher_key)
    service.install_pack(kit, v1.path)
    res = service.install_pack(kit, v2.path)
    assert res.status == "updated" and res.previous_version == "1.0.0"
    assert res.files_fetched == 1 and res.bytes_fetched == v2.manifest.file("capsules/m2c1/video.mp4").size
    assert res.changes["changed"] == ["m2c1"] and "m1c1" in res.changes["unchanged"]
    assert service.list_courses(kit)[0]["changes"]["changed"] == ["m2c1"]
    # the old video blob was garbage-collected, the new one is there
    old_sha = v1.manifest.file("capsules/m2c1/video.mp4").sha256
    assert not store.has_blob(kit.paths, old_sha)
    assert store.has_blob(kit.paths, v2.manifest.file("capsules/m2c1/video.mp4").sha256)
    # a downgrade is refused and changes nothing
    with pytest.raises(service.DowngradeError, match="older than the installed version 1.1.0"):
        service.install_pack(kit, v1.path)
    assert service.list_courses(kit)[0]["version"] == "1.1.0"


def test_shared_blobs_survive_removal_of_one_course(trusted_kit, publisher_key, tmp_path):
    kit = trusted_kit
    a = build_pack(make_course(tmp_path / "a", course_id="course-a"), tmp_path / "a.cc2pack", publisher_key)
    b = build_pack(make_course(tmp_path / "b", course_id="course-b"), tmp_path / "b.cc2pack", publisher_key)
    service.install_pack(kit, a.path)
    r = service.install_pack(kit, b.path)
    # identical content files are stored once
    assert r.files_fetched < len(b.manifest.files)
    service.remove_course(kit, "course-a")
    for f in b.manifest.files:
        assert store.has_blob(kit.paths, f.sha256, f.size)


def test_verify_store_detects_and_repairs_damage(trusted_kit, built_pack):
    kit = trusted_kit
    service.install_pack(kit, built_pack.path)
    assert service.verify_store(kit)["damaged"] == []
    p = service.file_path(kit, "test-course", "capsules/m1c2/video.mp4")
    p.write_bytes(b"rotten" + p.read_bytes()[6:])
    service.file_path(kit, "test-course", "capsules/m2c2/subtitles.en.vtt").unlink()
    report = service.verify_store(kit)
    problems = sorted((d["paths"][0], d["problem"]) for d in report["damaged"])
    assert problems == [("capsules/m1c2/video.mp4", "corrupt"), ("capsules/m2c2/subtitles.en.vtt", "missing")]
    with pytest.raises(PackError, match="missing or damaged"):
        service.export_course(kit, "test-course", kit.paths.root / "x.cc2pack")
    fixed = service.repair_from_pack(kit, built_pack.path, report["damaged"])
    assert len(fixed["repaired"]) == 2 and fixed["still_damaged"] == []
    assert service.verify_store(kit)["damaged"] == []


def test_leftovers_of_an_interrupted_install_are_cleaned(trusted_kit, built_pack):
    kit = trusted_kit
    service.install_pack(kit, built_pack.path)
    stray_tmp = kit.paths.tmp_dir / "blob-abc.part"
    stray_tmp.write_bytes(b"half a blob")
    orphan = store.blob_path(kit.paths, "ab" + "0" * 62)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"from a killed install")
    old_part = kit.paths.downloads_dir / "abandoned.cc2pack.part"
    old_part.write_bytes(b"x")
    os.utime(old_part, (time.time() - 40 * 86400,) * 2)
    fresh_part = kit.paths.downloads_dir / "recent.cc2pack.part"
    fresh_part.write_bytes(b"x")
    out = service.cleanup_leftovers(kit)
    assert out["tmp_files"] == 1 and out["blobs"] == 1 and out["stale_downloads"] == 1
    assert not stray_tmp.exists() and not orphan.exists()
    assert not old_part.exists() and fresh_part.exists()  # a recent partial download is kept to resume
    assert service.verify_store(kit)["damaged"] == []


def test_cancel_changes_nothing(trusted_kit, built_pack):
    kit = trusted_kit
    import threading

    ev = threading.Event()
    ev.set()
    from cc2desktop.core.packs.progress import Cancelled

    with pytest.raises(Cancelled):
        service.install_pack(kit, built_pack.path, cancel=ev)
    assert service.list_courses(kit) == [] and list(store.iter_blobs(kit.paths)) == []
    assert list(kit.paths.tmp_dir.iterdir()) == []


def test_ensure_bundled_installed(trusted_kit, built_pack, tmp_path):
    d = tmp_path / "bundled"
    d.mkdir()
    shutil.copy(built_pack.path, d / "x.cc2pack")
    (d / "broken.cc2pack").write_bytes(b"not a zip")
    assert service.ensure_bundled_installed(trusted_kit, d) == ["test-course"]
    assert service.ensure_bundled_installed(trusted_kit, d) == []
