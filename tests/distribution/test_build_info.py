"""The build-time switch "this build ships the demo course", read from assets/build-info.json."""

import json

from cc2desktop.core import build_info


def test_source_checkout_ships_the_demo(tmp_path):
    info = build_info.read(tmp_path, frozen=False)  # no build-info.json: a source checkout
    assert info.demo and not info.frozen
    assert info.describe().endswith("(source)")


def test_a_build_says_whether_it_ships_the_demo(tmp_path):
    (tmp_path / build_info.FILENAME).write_text(json.dumps(
        {"version": "9.9.9", "commit": "abcdef0123456789", "built_at": "2026-01-02T03:04:05Z",
         "platform": "win32-amd64", "demo": False}), encoding="utf-8")
    info = build_info.read(tmp_path, frozen=True)
    assert info.frozen and not info.demo and info.version == "9.9.9"
    assert info.describe() == "9.9.9 (build, abcdef0123, 2026-01-02T03:04:05Z, win32-amd64)"
    (tmp_path / build_info.FILENAME).write_text(json.dumps({"demo": True}), encoding="utf-8")
    assert build_info.read(tmp_path, frozen=True).demo


def test_a_frozen_app_without_the_file_or_with_a_bad_one_ships_no_demo(tmp_path):
    assert not build_info.read(tmp_path, frozen=True).demo
    (tmp_path / build_info.FILENAME).write_text("[1, 2", encoding="utf-8")
    assert not build_info.read(tmp_path, frozen=True).demo
    (tmp_path / build_info.FILENAME).write_text(json.dumps({"demo": "yes"}), encoding="utf-8")
    assert not build_info.read(tmp_path, frozen=True).demo  # only a JSON true switches it on
