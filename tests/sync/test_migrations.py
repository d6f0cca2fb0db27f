"""A data dir created at an older sync revision keeps its enrolment when upgraded."""

import sqlite3

from cc2desktop.core import db
from cc2desktop.core.db.engine import make_engine


def test_s001_data_dir_upgrades_and_keeps_its_state(tmp_path):
    path = tmp_path / "old.sqlite3"
    eng = make_engine(path)
    db.upgrade(eng, "s001")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO sync_state (id, server_url, token, cursor, batch_size) "
                "VALUES (1, 'http://hub', 'D.T', '5.2', 800)")
    con.commit()
    con.close()
    db.upgrade(eng)
    assert db.current_revision(eng) == db.head_revision()
    row = sqlite3.connect(path).execute(
        "SELECT server_url, token, cursor, batch_size, server_box_key FROM sync_state").fetchone()
    assert row == ("http://hub", "D.T", "5.2", 800, None)
    eng.dispose()
