"""The command-line contract: ``quiz import FILE [--format …] --out DIR [--lang …] [--json]`` and
``course new DIR``; from a Moodle export to a signed, installable pack in four commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.quizimport.conftest import FIX

ROOT = Path(__file__).resolve().parents[2]


def cc2(*args: str, data: Path | None = None) -> subprocess.CompletedProcess:
    pre = ["--data-dir", str(data)] if data else []
    return subprocess.run([sys.executable, "-m", "cc2desktop", *pre, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_json_report_keys_and_exit_status(tmp_path):
    res = cc2("quiz", "import", str(FIX / "moodle_fr.xml"), "--format", "moodle", "--out", str(tmp_path / "o"),
              "--lang", "fr", "--json")
    assert res.returncode == 0, res.stderr
    rep = json.loads(res.stdout)
    assert list(rep) == ["format", "file", "imported", "by_type", "refused"]
    assert rep["format"] == "moodle" and rep["imported"] == 11 and rep["by_type"]["gaps"] == 3
    assert rep["refused"][0] == {"question": "Rédaction", "line": 126, "reason": rep["refused"][0]["reason"]}
    assert (tmp_path / "o" / "quiz.json").is_file()


@pytest.mark.parametrize("content,fmt,expect", [
    ("::Essai::Racontez.{}\n", "gift", ":1: question 'Essai': essay questions"),
    ('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "x">]>\n<quiz>&a;</quiz>\n', "moodle",
     ":2: XML entity declarations"),
    ("\x00\x01\x02binaire", "auto", ":1: not a GIFT text file (binary content)"),
    ('<quiz><question type="essay"><name><text>E</text></name></question></quiz>', "auto", ":1: question 'E': essay"),
])
def test_failure_is_one_line_naming_file_line_and_reason(tmp_path, content, fmt, expect):
    src = tmp_path / "entree.txt"
    src.write_bytes(content.encode("utf-8"))
    res = cc2("quiz", "import", str(src), "--format", fmt, "--out", str(tmp_path / "o"))
    assert res.returncode == 1 and res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cc2desktop: {src}") and expect in lines[0], res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "o").exists()


def test_failure_with_json_still_prints_the_report(tmp_path):
    src = tmp_path / "e.gift"
    src.write_text("::A::Racontez.{}\n", encoding="utf-8")
    res = cc2("quiz", "import", str(src), "--out", str(tmp_path / "o"), "--json")
    assert res.returncode == 1 and json.loads(res.stdout)["imported"] == 0 and len(res.stderr.splitlines()) == 1


def test_missing_file_and_bad_language(tmp_path):
    res = cc2("quiz", "import", str(tmp_path / "absent.xml"), "--out", str(tmp_path / "o"))
    assert res.returncode == 1 and "no such file" in res.stderr
    res = cc2("quiz", "import", str(FIX / "gift_fr.gift"), "--out", str(tmp_path / "o"), "--lang", "français")
    assert res.returncode == 1 and "language code" in res.stderr


def test_moodle_export_to_installed_pack_in_four_commands(tmp_path):
    """The authoring loop of docs/course-source-format.md, then the pack installs."""
    course, key, pack = tmp_path / "mon-cours", tmp_path / "editeur.key", tmp_path / "mon-cours.cc2pack"
    steps = [
        ("course", "new", str(course)),
        ("quiz", "import", str(FIX / "moodle_fr.xml"), "--out", str(course / "capsules" / "m1c1")),
        ("keys", "new", "--out", str(key)),
        ("pack", "build", str(course), "--out", str(pack), "--key", str(key)),
    ]
    for step in steps:
        res = cc2(*step)
        assert res.returncode == 0, (step, res.stderr)
    data = tmp_path / "data"
    assert cc2("keys", "trust", str(key) + ".pub", data=data).returncode == 0
    res = cc2("pack", "install", str(pack), "--json", data=data)
    assert res.returncode == 0, res.stderr
    listed = json.loads(cc2("pack", "list", "--json", data=data).stdout)
    assert [c["id"] for c in listed] == ["mon-cours"]


def test_course_new_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text("déjà là", encoding="utf-8")
    res = cc2("course", "new", str(tmp_path / "x"))
    assert res.returncode == 1 and "not empty" in res.stderr
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["a.txt"]
    res = cc2("course", "new", str(tmp_path / "y"), "--lang", "fr,en", "--title", "Mon cours", "--json")
    assert res.returncode == 0 and json.loads(res.stdout)["languages"] == ["fr", "en"]
    course = json.loads((tmp_path / "y" / "course.json").read_text(encoding="utf-8"))
    assert course["title"] == {"fr": "Mon cours", "en": "Mon cours"}
