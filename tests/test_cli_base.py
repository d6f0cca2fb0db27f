import json
import os
import subprocess
import sys
from pathlib import Path

from cc2desktop import __version__
from cc2desktop.cli import main
from cc2desktop.core.paths import PORTABLE_MARKER

ROOT = Path(__file__).resolve().parents[1]


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as e:
        assert e.code == 0
    assert __version__ in capsys.readouterr().out


def test_doctor_json_reports_data_dir_and_revision(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "d"), "doctor", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["data_dir"] == str(tmp_path / "d") and info["data_dir_source"] == "option"
    assert info["db_revision"] == info["db_head"] and not info["portable"]
    assert isinstance(info["courses"], list)


def test_unknown_command_is_one_line_usage_error(tmp_path):
    res = subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(tmp_path), "frobnicate"],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1


def test_unusable_data_dir_is_one_line_error(tmp_path):
    blocker = tmp_path / "f"
    blocker.write_text("")
    res = subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(blocker / "x"), "doctor"],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 1
    assert res.stderr.startswith("cc2desktop: ") and len(res.stderr.strip().splitlines()) == 1


def test_portable_layout_puts_data_on_the_stick(tmp_path):
    """A launcher beside the marker file keeps its data on the stick (``usb prepare`` lays it out;
    tests/distribution/test_built_app.py does the same with the real build)."""
    stick = tmp_path / "STICK"
    stick.mkdir()
    build = tmp_path / "build"
    (build / "_internal").mkdir(parents=True)
    (build / "cc2desktop").write_text("import sys; from cc2desktop.cli import main; raise SystemExit(main())\n")
    res = subprocess.run([sys.executable, "-m", "cc2desktop", "--data-dir", str(tmp_path / "pc"), "usb", "prepare",
                          str(stick), "--app", str(build)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    target = stick / "Connexions-Citoyennes"
    assert (target / PORTABLE_MARKER).exists()
    env = {k: v for k, v in os.environ.items() if k != "CC2_DATA_DIR"}
    env["PYTHONPATH"] = str(ROOT)
    res = subprocess.run([sys.executable, str(target / "cc2desktop"), "doctor", "--json"],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["portable"] is True and info["data_dir"] == str(target / "cc2data")
    assert (target / "cc2data" / "cc2desktop.sqlite3").exists()
