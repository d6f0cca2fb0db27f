"""USB sticks: ``usb prepare|verify|repair`` through the CLI, the layout carried by a real FAT32 file
system (an image written and read with mtools), damage found and named, repaired from a good source.
The app here is a small stand-in folder with a build's shape; the real build goes through the same
commands in test_built_app.py."""

import json
import os
import shutil

import pytest

from cc2desktop.cli import main
from cc2desktop.core import system
from cc2desktop.core.packs import parts
from cc2desktop.core.stick import manifest as mf
from cc2desktop.core.stick import rules, service
from cc2desktop.core.stick.manifest import StickError

from tests.packs.conftest import make_course
from tests.support import fatimage

pytestmark = pytest.mark.skipif(not fatimage.available(), reason="mtools/dosfstools missing (packaging/dev.sh)")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def packs_dir(tmp_path_factory):
    """Two real signed packs (the test publisher, which learners' PCs trust first) in a folder."""
    from cc2desktop.core.packs import keys as keymod
    from cc2desktop.core.packs.build import build_pack

    from tests.support.certification_course import TEST_PUBLISHER_SEED

    d = tmp_path_factory.mktemp("packs")
    key = keymod.PrivateKey(TEST_PUBLISHER_SEED, "Test publisher")
    for cid, n in (("cours-un", 60_000), ("cours-deux", 90_000)):
        src = make_course(d / "src" / cid, course_id=cid, video_bytes=n, exam=False)
        build_pack(src, d / "out" / f"{cid}.cc2pack", key)
    return d / "out"


@pytest.fixture
def app_dir(tmp_path):
    """A folder shaped like a one-folder build (executable + _internal/), with learner data of a
    stick it ran from (never copied)."""
    app = tmp_path / "build" / "cc2desktop"
    (app / "_internal" / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (app / "cc2desktop").write_bytes(b"\x7fELF" + os.urandom(50_000))
    (app / "_internal" / "libpython3.11.so.1.0").write_bytes(os.urandom(120_000))
    (app / "_internal" / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6").write_bytes(os.urandom(80_000))
    (app / "_internal" / "base_library.zip").write_bytes(os.urandom(30_000))
    os.symlink("PySide6/Qt/lib/libQt6Core.so.6", app / "_internal" / "libQt6Core.so.6")
    (app / "cc2data").mkdir()
    (app / "cc2data" / "cc2desktop.sqlite3").write_bytes(b"learner data")
    return app


def stick_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_fat_rules():
    assert rules.name_problem("cours-civictech.cc2pack") is None
    assert "not allowed" in rules.name_problem("a:b.cc2pack")
    assert "not allowed" in rules.name_problem('quoi?.txt')
    assert "not allowed" in rules.name_problem("tab\there")
    assert "device name" in rules.name_problem("CON")
    assert "device name" in rules.name_problem("nul.txt")
    assert rules.name_problem("console.txt") is None
    assert "end with a dot" in rules.name_problem("fichier.")
    assert "end with a dot" in rules.name_problem("fichier ")
    assert "longer than 255" in rules.name_problem("x" * 256)
    problems = rules.layout_problems([("packs/Cours.cc2pack", 10), ("packs/cours.cc2pack", 10),
                                      ("big.cc2pack", 4 * 1024**3), ("ok/" + "d" * 150 + "/" + "e" * 150, 1),
                                      ("Packs/x", 1)])
    assert any("packs/cours.cc2pack and packs/Cours.cc2pack differ only by case" in p for p in problems)
    assert any("Packs and packs differ only by case" in p for p in problems)
    assert any(p.startswith("big.cc2pack: 4.0 GiB") for p in problems)
    assert any("too long for Windows" in p for p in problems)
    assert rules.layout_problems([("packs/a.cc2pack", parts.FAT32_MAX_FILE), ("LISEZMOI.txt", 1)]) == []


def test_prepare_on_fat32_runs_elsewhere_finds_and_repairs_damage(tmp_path, capsys, app_dir, packs_dir):
    data = ["--data-dir", tmp_path / "facilitator-pc"]
    staging = tmp_path / "stick"
    staging.mkdir()
    code, out, err = run(capsys, *data, "usb", "prepare", staging, "--app", app_dir, "--packs", packs_dir)
    assert code == 0, err
    assert out.startswith(f"prepared {staging}: the app (Connexions-Citoyennes/), packs/cours-deux.cc2pack, "
                          "packs/cours-un.cc2pack;")
    assert "prepare: 100%" in err  # progress on stderr
    files = stick_files(staging)
    assert files == sorted([
        "LISEZMOI.txt", "cc2stick.json", "Connexions-Citoyennes/cc2desktop", "Connexions-Citoyennes/cc2desktop.sh",
        "Connexions-Citoyennes/cc2desktop-portable", "Connexions-Citoyennes/_internal/libpython3.11.so.1.0",
        "Connexions-Citoyennes/_internal/PySide6/Qt/lib/libQt6Core.so.6",
        "Connexions-Citoyennes/_internal/base_library.zip",
        "packs/cours-deux.cc2pack", "packs/cours-un.cc2pack"])  # no learner data, no link
    readme = (staging / "LISEZMOI.txt").read_bytes().decode("utf-8")
    assert "FRANÇAIS" in readme and "ENGLISH" in readme and "cc2desktop.exe" in readme and "\r\n" in readme

    # a real FAT32 file system carries it: names, case and sizes come back as they were
    img = fatimage.FatImage(tmp_path / "stick.img", 64)
    img.put_tree(staging)
    other_pc = img.get_tree(tmp_path / "seen-elsewhere")
    assert stick_files(other_pc) == files
    code, out, _ = run(capsys, *data, "usb", "verify", other_pc)
    assert code == 0 and out.startswith("ok: 9 files")
    code, out, _ = run(capsys, "--data-dir", tmp_path / "another-pc", "usb", "verify", other_pc, "--json")
    r = json.loads(out)
    assert r["ok"] and r["signer_known"] is False and r["damaged"] == []  # another PC: the signer is unknown

    # damage on the stick itself: one byte flipped, a file truncated, a file lost
    lib = "Connexions-Citoyennes/_internal/libpython3.11.so.1.0"
    good = img.read(lib)
    img.write(lib, good[:1000] + bytes([good[1000] ^ 1]) + good[1001:], tmp_path)
    img.write("packs/cours-un.cc2pack", img.read("packs/cours-un.cc2pack")[:5000], tmp_path)
    img.delete("LISEZMOI.txt")
    damaged = img.get_tree(tmp_path / "damaged")
    code, out, err = run(capsys, *data, "usb", "verify", damaged)
    assert code == 1
    assert out.splitlines()[:3] == [f"damaged: {lib} (content changed)", "damaged: LISEZMOI.txt (missing)",
                                    "damaged: packs/cours-un.cc2pack (wrong size)"]
    assert err.splitlines()[-1].startswith(f"cc2desktop: 3 damaged files on {damaged}")
    # repaired from the packs folder alone: the pack and the readme, not the app's library
    code, out, err = run(capsys, *data, "usb", "repair", damaged, "--from", packs_dir)
    assert code == 1 and "repaired: packs/cours-un.cc2pack" in out and "repaired: LISEZMOI.txt" in out
    assert f"NOT repaired: {lib} (no good copy in the source)" in out
    # then from the build folder: good copies are found by content
    code, out, _ = run(capsys, *data, "usb", "repair", damaged, "--from", app_dir.parent)
    assert code == 0 and out.strip() == f"repaired: {lib}"
    assert run(capsys, *data, "usb", "verify", damaged)[0] == 0
    # and the repaired files go back onto the FAT32 stick
    img.put_tree(damaged)
    assert run(capsys, *data, "usb", "verify", img.get_tree(tmp_path / "after"))[0] == 0


def test_repair_from_another_stick_restores_a_lost_manifest(tmp_path, capsys, app_dir, packs_dir):
    data = ["--data-dir", tmp_path / "pc"]
    a, b = tmp_path / "a", tmp_path / "b"
    for s in (a, b):
        s.mkdir()
    assert run(capsys, *data, "usb", "prepare", a, "--app", app_dir, "--packs", packs_dir)[0] == 0
    shutil.copytree(a, b, dirs_exist_ok=True)
    (b / "cc2stick.json").write_text('{"manifest": {"format": "cc2stick"', encoding="utf-8")
    (b / "packs" / "cours-deux.cc2pack").unlink()
    code, _, err = run(capsys, *data, "usb", "verify", b)
    assert code == 1 and "the stick manifest cc2stick.json is damaged (not JSON)" in err
    code, out, _ = run(capsys, *data, "usb", "repair", b, "--from", a)
    assert code == 0 and "repaired: packs/cours-deux.cc2pack" in out and "repaired: cc2stick.json" in out
    assert run(capsys, *data, "usb", "verify", b)[0] == 0
    # a forged manifest (content changed, signature kept) is found too
    doc = json.loads((b / "cc2stick.json").read_text())
    doc["manifest"]["files"][0]["size"] += 1
    (b / "cc2stick.json").write_text(json.dumps(doc))
    assert "damaged (bad signature)" in run(capsys, *data, "usb", "verify", b)[2]


def test_nothing_is_written_when_the_layout_or_the_space_is_wrong(tmp_path, capsys, app_dir, packs_dir):
    data = ["--data-dir", tmp_path / "pc"]
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "photos").mkdir()
    (stick / "photos" / "famille.jpg").write_bytes(b"not ours")
    before = stick_files(stick)
    bad = tmp_path / "bad-packs"
    bad.mkdir()
    shutil.copy(packs_dir / "cours-un.cc2pack", bad / "Cours-Un.cc2pack")
    shutil.copy(packs_dir / "cours-un.cc2pack", bad / "cours-un.cc2pack")
    code, _, err = run(capsys, *data, "usb", "prepare", stick, "--packs", bad)
    assert code == 1 and err.count("\n") == 1
    assert "packs/cours-un.cc2pack and packs/Cours-Un.cc2pack differ only by case" in err
    (bad / "Cours-Un.cc2pack").rename(bad / "cours:un.cc2pack")
    code, _, err = run(capsys, *data, "usb", "prepare", stick, "--packs", bad)
    assert code == 1 and "packs/cours:un.cc2pack: the character ':' is not allowed" in err
    (bad / "cours:un.cc2pack").unlink()
    (bad / "notes.cc2pack").write_bytes(b"PK not really")
    code, _, err = run(capsys, *data, "usb", "prepare", stick, "--packs", bad)
    assert code == 1 and "notes.cc2pack is not a valid course pack" in err
    code, _, err = run(capsys, *data, "usb", "prepare", stick)
    assert code == 1 and "nothing to put on the stick" in err
    code, _, err = run(capsys, *data, "usb", "prepare", stick, "--app", packs_dir)
    assert code == 1 and "is not a build of the app" in err
    assert stick_files(stick) == before

    # a nearly full FAT32 stick: its free space and cluster size as the file system reports them
    img = fatimage.FatImage(tmp_path / "small.img", 34)
    filler = tmp_path / "filler"
    filler.mkdir()
    (filler / "video.mp4").write_bytes(b"\0" * (img.free_bytes() - 200_000))
    img.put_tree(filler)
    space = system.DiskSpace(img.free_bytes(), 34 * 1024**2, img.cluster_bytes())
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.paths import resolve_data_paths

    with Kit(resolve_data_paths(tmp_path / "pc")) as kit:
        with pytest.raises(StickError) as err:
            kit.stick.prepare(stick, app=app_dir, packs=packs_dir, space=space)
    assert err.value.code == "stick_space" and "MiB needed" in err.value.message
    assert "nothing was written" in err.value.message
    assert stick_files(stick) == before
    # the same plan fits an empty stick of that size
    assert service.plan(stick, app=app_dir, packs=packs_dir,
                        space=system.DiskSpace(34 * 1024**2 - 1_000_000, 34 * 1024**2, 512)).needed > 0


def test_a_pack_too_big_for_fat32_is_split_and_installs_from_the_stick(tmp_path, capsys, packs_dir):
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs import service as packs_service
    from cc2desktop.core.paths import resolve_data_paths

    from tests.support.certification_course import trust_test_publisher

    stick = tmp_path / "stick"
    stick.mkdir()
    whole = packs_dir / "cours-deux.cc2pack"
    with Kit(resolve_data_paths(tmp_path / "pc")) as kit:
        # the FAT32 limit scaled down: packs above 300 KB are cut into 64 KiB parts
        r = kit.stick.prepare(stick, packs=packs_dir, split_above=300_000, part_size=64 * 1024)
    assert r["packs"] == ["packs/cours-deux.cc2pack.parts.json", "packs/cours-un.cc2pack"]
    n = -(-whole.stat().st_size // (64 * 1024))
    want = ["cours-deux.cc2pack.parts.json", "cours-un.cc2pack"]
    want += [f"cours-deux.cc2pack.{i:03d}" for i in range(1, n + 1)]
    assert sorted(p.name for p in (stick / "packs").iterdir()) == sorted(want)
    img = fatimage.FatImage(tmp_path / "s.img", 40)
    img.put_tree(stick)
    seen = img.get_tree(tmp_path / "seen")
    assert run(capsys, "--data-dir", tmp_path / "pc", "usb", "verify", seen)[0] == 0
    # a learner's PC installs the split course straight from the stick's folder of parts
    with Kit(resolve_data_paths(tmp_path / "learner-pc")) as kit:
        trust_test_publisher(kit)
        res = packs_service.install_pack(kit, seen / "packs" / "cours-deux.cc2pack.parts.json")
        assert res.status == "installed" and res.course_id == "cours-deux"
    # a damaged part is rebuilt from the whole pack
    (seen / "packs" / "cours-deux.cc2pack.002").write_bytes(b"\0" * 10)
    code, out, _ = run(capsys, "--data-dir", tmp_path / "pc", "usb", "repair", seen, "--from", packs_dir)
    assert code == 0 and out.strip() == "repaired: packs/cours-deux.cc2pack.002"
    idx = parts.read_index(seen / "packs" / "cours-deux.cc2pack.parts.json")
    assert parts.verify_parts(idx) == []


def test_preparing_again_replaces_the_old_layout(tmp_path, capsys, app_dir, packs_dir):
    data = ["--data-dir", tmp_path / "pc"]
    stick = tmp_path / "stick"
    stick.mkdir()
    assert run(capsys, *data, "usb", "prepare", stick, "--app", app_dir, "--packs", packs_dir)[0] == 0
    (app_dir / "_internal" / "base_library.zip").unlink()  # the next build has one file less
    (stick / "Connexions-Citoyennes" / "cc2data").mkdir()
    (stick / "Connexions-Citoyennes" / "cc2data" / "cc2desktop.sqlite3").write_bytes(b"a learner's work")
    assert run(capsys, *data, "usb", "prepare", stick, "--app", app_dir, "--packs", packs_dir)[0] == 0
    assert not (stick / "Connexions-Citoyennes" / "_internal" / "base_library.zip").exists()
    assert (stick / "Connexions-Citoyennes" / "cc2data" / "cc2desktop.sqlite3").read_bytes() == b"a learner's work"
    m = mf.read(stick)
    assert len(m.files) == 8 and m.app_dir == "Connexions-Citoyennes"
    assert run(capsys, *data, "usb", "verify", stick)[0] == 0
