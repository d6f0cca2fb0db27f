from pathlib import Path

import pytest

from cc2desktop.core.errors import DataDirError
from cc2desktop.core.paths import PORTABLE_MARKER, resolve_data_paths
from cc2desktop.core.settings import Settings


def test_option_beats_env_and_portable(tmp_path):
    (tmp_path / PORTABLE_MARKER).write_text("")
    p = resolve_data_paths(tmp_path / "opt", environ={"CC2_DATA_DIR": str(tmp_path / "env")}, launcher=tmp_path)
    assert p.root == tmp_path / "opt" and p.source == "option" and not p.portable


def test_env_beats_portable(tmp_path):
    (tmp_path / PORTABLE_MARKER).write_text("")
    p = resolve_data_paths(None, environ={"CC2_DATA_DIR": str(tmp_path / "env")}, launcher=tmp_path)
    assert p.root == tmp_path / "env" and p.source == "env"


def test_portable_marker_puts_data_beside_launcher(tmp_path):
    stick = tmp_path / "USB"
    stick.mkdir()
    (stick / PORTABLE_MARKER).write_text("")
    p = resolve_data_paths(None, environ={}, launcher=stick)
    assert p.portable and p.root == stick / "cc2data"


def test_user_dir_without_marker(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    p = resolve_data_paths(None, environ={}, launcher=tmp_path)
    assert p.source == "user" and str(p.root).startswith(str(tmp_path / "xdg"))


def test_stored_paths_are_relative(tmp_path):
    p = resolve_data_paths(tmp_path / "d").ensure()
    f = p.store_dir / "ab" / "cd"
    assert p.relative(f) == "store/ab/cd"
    assert p.absolute("store/ab/cd") == f


def test_unwritable_data_dir_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataDirError) as err:
        resolve_data_paths(blocker / "sub").ensure()
    assert "\n" not in str(err.value)


def test_settings_roundtrip_and_defaults(tmp_path):
    s = Settings(tmp_path / "settings.ini")
    assert s.get("ui.language") == "fr" and s.get("ui.font_scale") == 100
    s.set("ui.language", "en")
    s.set("ui.high_contrast", True)
    s.save()
    s2 = Settings(tmp_path / "settings.ini")
    assert s2.get("ui.language") == "en" and s2.get("ui.high_contrast") is True


def test_broken_settings_file_falls_back_to_defaults(tmp_path):
    f = tmp_path / "settings.ini"
    f.write_text("[ui\nlanguage = en\n")
    s = Settings(f)
    assert s.get("ui.language") == "fr"
    assert Path(str(f) .replace(".ini", ".ini.broken")).exists()
