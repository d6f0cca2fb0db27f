"""Backups of a PC's data: ``backup --out`` / ``restore`` (SQLite online backup, integrity checked),
the automatic daily copy kept N days (in the app, off the GUI thread, a setting), and ``doctor
--repair`` on a really corrupted file after a power cut."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading

import pytest

from cc2desktop.cli import main
from cc2desktop.core import backup
from cc2desktop.core.kit import Kit
from cc2desktop.core.paths import resolve_data_paths
from tests.sync.conftest import add_events, add_learner


def _events(db) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT device_id, id, seq, payload FROM events ORDER BY device_id, seq").fetchall()
    finally:
        con.close()


def test_backup_and_restore_from_the_command_line(tmp_path, capsys):
    paths = resolve_data_paths(tmp_path / "pc")
    kit = Kit(paths)
    lid = add_learner(kit)
    add_events(kit, lid, 20)
    out = tmp_path / "stick" / "pc.sqlite3"
    # taken while the app holds the database open
    assert main(["--data-dir", str(paths.root), "backup", "--out", str(out), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["events"] == 20 and backup.integrity(out) == "ok"
    add_events(kit, lid, 5)
    kit.close()
    assert main(["--data-dir", str(paths.root), "restore", str(out), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert len(_events(paths.db_path)) == 20
    assert len(_events(rep["previous"])) == 25  # the data replaced is kept
    # a damaged file is refused, nothing changes
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(out.read_bytes()[:4096] + b"\x00" * 8192)
    assert main(["--data-dir", str(paths.root), "restore", str(bad)]) == 1
    assert "not a usable backup" in capsys.readouterr().err
    assert len(_events(paths.db_path)) == 20


def test_daily_copies_are_kept_n_days(tmp_path):
    paths = resolve_data_paths(tmp_path / "pc")
    kit = Kit(paths)
    add_events(kit, add_learner(kit), 3)
    start = dt.date(2026, 12, 1)
    for i in range(10):
        made = backup.daily_backup(paths, 3, today=start + dt.timedelta(days=i))
        assert made is not None and made.name == backup.daily_name(start + dt.timedelta(days=i))
    assert backup.daily_backup(paths, 3, today=start + dt.timedelta(days=9)) is None  # once a day
    assert [p.name for p in backup.daily_backups(paths)] == [
        backup.daily_name(start + dt.timedelta(days=d)) for d in (9, 8, 7)]
    assert backup.daily_backup(paths, 0, today=start + dt.timedelta(days=20)) is None  # 0 = off
    assert len(backup.daily_backups(paths)) == 3
    kit.close()


def test_the_app_makes_its_daily_copy_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    from cc2desktop.app import App
    from cc2desktop.core.settings import Settings
    from cc2desktop.ui.shell.settings_dialog import SettingsDialog

    paths = resolve_data_paths(tmp_path / "pc").ensure()
    settings = Settings(paths.settings_path)
    settings.set("sync.auto", False)
    app = App(paths, settings, course_dirs=[])
    qtbot.addWidget(app.window)
    with qtbot.waitSignal(app.core_ready, timeout=20_000):
        app.open_core()
    threads = []
    real = backup.daily_backup
    monkeypatch.setattr(backup, "daily_backup",
                        lambda *a, **kw: (threads.append(threading.current_thread()), real(*a, **kw))[1])
    with qtbot.waitSignal(app.backup_done, timeout=20_000) as sig:
        app._maintenance()
    assert sig.args[0] is not None and sig.args[0].exists()
    assert threads and threads[0] is not threading.main_thread()
    # the setting is in the settings dialog
    dlg = SettingsDialog(app.window.current_settings(), app.window)
    assert dlg.values()["backup.keep_days"] == 7
    dlg.backup_days.setValue(0)
    app.window.apply_settings(dlg.values())
    assert Settings(paths.settings_path).get("backup.keep_days") == 0
    app.shutdown()


def _zero_pages(db, pages: list[int]) -> None:
    size = sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0]
    with open(db, "r+b") as fh:
        for p in pages:
            fh.seek((p - 1) * size)
            fh.write(b"\x00" * size)


def _pages(db, name: str) -> list[int]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                                          "ORDER BY pageno", (name,))]
    finally:
        con.close()


def test_doctor_repair_after_a_power_cut_restores_the_backup_and_what_only_the_damaged_file_holds(tmp_path, capsys):
    paths = resolve_data_paths(tmp_path / "pc")
    kit = Kit(paths)
    aicha = add_learner(kit, "Aïcha")
    add_events(kit, aicha, 150)
    backup.daily_backup(paths, 7)
    in_backup = set(_events(paths.db_path))
    add_events(kit, aicha, 200)
    kofi = add_learner(kit, "Kofi")  # a profile created after the last copy
    add_events(kit, kofi, 30)
    kit.close()
    before = {e[:2]: e for e in _events(paths.db_path)}
    # the power cut: a page of the events table and a page of one of its indexes are lost
    events_pages = _pages(paths.db_path, "events")
    index_pages = _pages(paths.db_path, "ix_events_learner_course_type")
    _zero_pages(paths.db_path, [events_pages[len(events_pages) // 2], index_pages[0]])
    assert backup.integrity(paths.db_path) != "ok"

    assert main(["--data-dir", str(paths.root), "doctor", "--repair", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)["repair"]
    assert rep["status"] == "repaired" and rep["integrity"] == "ok" and rep["backup"]
    after = _events(paths.db_path)
    keys = [e[:2] for e in after]
    assert len(keys) == len(set(keys))  # nothing twice
    assert in_backup <= set(after)  # nothing of the copy lost
    assert all(before[e[:2]] == e for e in after)  # nothing invented
    recovered = len(after) - len(in_backup)
    assert rep["events_recovered"] == recovered and recovered >= 230 - 60  # at most ~2 pages of rows lost
    with sqlite3.connect(paths.db_path) as con:
        assert con.execute("SELECT display_name FROM learners WHERE id = ?", (kofi,)).fetchone()[0] == "Kofi"
    # the PC works again: a new event gets the next sequence number
    kit = Kit(paths)
    add_events(kit, kofi, 1)
    kit.close()
    assert main(["--data-dir", str(paths.root), "doctor", "--repair", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["repair"]["status"] == "ok"


@pytest.mark.parametrize("damage", ["header", "all"])
def test_repair_without_any_good_copy_keeps_what_can_be_read(tmp_path, capsys, damage):
    paths = resolve_data_paths(tmp_path / "pc")
    kit = Kit(paths)
    add_events(kit, add_learner(kit), 40)
    kit.close()
    if damage == "header":
        _zero_pages(paths.db_path, _pages(paths.db_path, "ix_events_unsynced")[:1])
    else:
        paths.db_path.write_bytes(b"\x00" * 8192)
    assert main(["--data-dir", str(paths.root), "doctor", "--repair", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)["repair"]
    assert rep["integrity"] == "ok" and rep["backup"] is None
    assert len(_events(paths.db_path)) == (40 if damage == "header" else 0)
