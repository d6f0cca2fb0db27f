"""The pack and keys commands, in-process through cli.main: results on stdout, one-line errors."""

import json

from cc2desktop.cli import main

from .conftest import make_course


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_and_pack_commands_end_to_end(tmp_path, capsys):
    d = ["--data-dir", str(tmp_path / "data")]
    src = make_course(tmp_path / "src")
    code, out, _ = run(capsys, *d, "keys", "new", "--out", str(tmp_path / "k.key"), "--name", "Éditeur test")
    kid = out.strip()
    assert code == 0 and len(kid) == 16 and (tmp_path / "k.key.pub").exists()
    assert (tmp_path / "k.key").stat().st_mode & 0o077 == 0  # private key readable by its owner only
    code, _, err = run(capsys, *d, "keys", "new", "--out", str(tmp_path / "k.key"))
    assert code == 1 and err.count("\n") == 1 and "already exists" in err
    pack = tmp_path / "out" / "c.cc2pack"
    code, out, err = run(capsys, *d, "pack", "build", str(src), "--out", str(pack), "--key", str(tmp_path / "k.key"))
    info = json.loads(out)
    assert code == 0 and info["key_id"] == kid and info["exam_key"].endswith("c.cc2pack.exam-key.json")
    assert "build:" in err  # progress on stderr
    code, out, err = run(capsys, *d, "pack", "verify", str(pack))
    assert code == 1 and out == "" and err == f"cc2desktop: signed by an untrusted publisher key {kid}\n"
    code, out, _ = run(capsys, *d, "keys", "trust", str(tmp_path / "k.key.pub"))
    assert code == 0 and out.strip() == kid
    code, out, _ = run(capsys, *d, "keys", "list", "--json")
    assert {k["key_id"] for k in json.loads(out)} == {kid, "6d893047564b5f64"}
    code, out, _ = run(capsys, *d, "pack", "verify", "--json", str(pack))
    assert code == 0 and json.loads(out)["ok"] is True
    code, out, _ = run(capsys, *d, "pack", "install", "--json", str(pack))
    assert code == 0 and json.loads(out)["status"] == "installed"
    code, out, _ = run(capsys, *d, "pack", "list", "--json")
    (c,) = json.loads(out)
    assert {k: c[k] for k in ("id", "version", "languages")} == {"id": "test-course", "version": "1.0.0",
                                                                 "languages": ["fr", "en"]}
    assert c["title"] == {"fr": "Cours d'essai", "en": "Cours d'essai (EN)"}
    code, out, _ = run(capsys, *d, "pack", "check")
    assert code == 0 and "0 damaged" in out
    code, out, _ = run(capsys, *d, "pack", "export", "test-course", "--out", str(tmp_path / "stick" / "e.cc2pack"))
    assert code == 0 and (tmp_path / "stick" / "e.cc2pack").read_bytes() == pack.read_bytes()
    code, out, _ = run(capsys, *d, "pack", "remove", "test-course")
    assert code == 0 and "removed test-course" in out
    code, out, _ = run(capsys, *d, "pack", "list", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, *d, "pack", "remove", "test-course")
    assert code == 1 and err == "cc2desktop: course 'test-course' is not installed\n"
    (tmp_path / "bad.cc2pack").write_bytes(b"PK\x03\x04 truncated")
    code, _, err = run(capsys, *d, "pack", "install", str(tmp_path / "bad.cc2pack"))
    assert code == 1 and err.startswith("cc2desktop: not a valid zip file") and err.count("\n") == 1


def test_doctor_lists_installed_courses(tmp_path, capsys):
    from tools import demo_pack

    demo_pack.build()
    d = ["--data-dir", str(tmp_path / "data")]
    assert run(capsys, *d, "pack", "install", str(demo_pack.pack_path()))[0] == 0
    code, out, _ = run(capsys, *d, "doctor", "--json")
    assert code == 0 and [c["id"] for c in json.loads(out)["courses"]] == ["demo-intro-civictech"]
