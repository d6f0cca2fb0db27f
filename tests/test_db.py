import json
import sqlite3

from sqlalchemy import select

from cc2desktop.core import db, events
from cc2desktop.core.db.engine import make_engine
from cc2desktop.core.db.models import Event, Learner


def _revisions():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_engine_pragmas(tmp_path):
    eng = make_engine(tmp_path / "x.sqlite3")
    with eng.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_first_migration_filled_then_upgraded_to_head(tmp_path):
    path = tmp_path / "old.sqlite3"
    eng = make_engine(path)
    first = _revisions()[0]
    db.upgrade(eng, first)
    assert db.current_revision(eng) == first
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO learners (id, display_name, pin_failures, local, created_at) "
                "VALUES ('L1', 'Aïcha', 0, 1, '2026-01-01T00:00:00.000Z')")
    raw.execute("INSERT INTO events (id, learner_id, device_id, seq, type, payload, created_at, synced) "
                "VALUES ('E1', 'L1', 'D1', 1, 'video.watched', '{\"segments\": [[0, 10]]}', "
                "'2026-01-01T00:00:01.000Z', 0)")
    raw.commit()
    raw.close()
    db.upgrade(eng)
    assert db.current_revision(eng) == db.head_revision()
    with eng.connect() as c:
        assert c.exec_driver_sql("SELECT display_name FROM learners WHERE id='L1'").scalar() == "Aïcha"
        payload = c.exec_driver_sql("SELECT payload FROM events WHERE id='E1'").scalar()
        assert json.loads(payload) == {"segments": [[0, 10]]}
    eng.dispose()


def test_kit_upgrades_on_open_and_events_are_sequenced(kit):
    assert db.current_revision(kit.engine) == db.head_revision()
    with kit.session() as s:
        s.add(Learner(id="L1", display_name="Kofi"))
        s.flush()
        e1 = events.append(s, "L1", "video.watched", {"segments": [[0, 5]]}, course_id="c")
        e2 = events.append(s, "L1", "quiz.answered", {"response": "a"}, course_id="c")
    assert (e1.seq, e2.seq) == (1, 2) and e1.device_id == e2.device_id and e1.id != e2.id
    with kit.session() as s:
        rows = s.scalars(select(Event).order_by(Event.seq)).all()
        assert [r.type for r in rows] == ["video.watched", "quiz.answered"]
        assert all(not r.synced for r in rows)
        assert [e.type for e in events.for_learner(s, "L1", types=("quiz.answered",))] == ["quiz.answered"]
