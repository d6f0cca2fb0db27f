"""Erasing a learner from this PC, and telling the server (docs/figures.md, "Erasure").

A facilitator erases a learner (``cc2desktop learner erase ID``): every row that names her (every
table with a ``learner_id`` column, whatever domain made it, and her profile) is deleted, her id is
kept in ``learner_erasures`` (an id, nothing else) and goes to the server with the next push or USB
bundle. The server erases her everywhere and tells every PC that had her; such a PC erases her the
same way (``origin`` ``server``). Events or profiles of hers that still arrive (a stick from a PC
that had not heard) are dropped. Then the database file is compacted (``VACUUM``, WAL truncated):
no deleted page keeps her name.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import NotFoundError

ERASURE_ITEM = "erasure"  # the sync item kind by which the server tells a PC


def _learner_tables(session: Session) -> list[str]:
    """Every table of this database with a ``learner_id`` column (the log last: others may refer to it;
    then the dashboard's tallies, which follow the log's deletions to take the learner out of the totals)."""
    conn = session.connection()
    names = [r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    out = []
    for name in names:
        if name in ("learner_erasures", "events"):
            continue
        cols = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')}
        if "learner_id" in cols:
            out.append(name)
    derived = sorted(n for n in out if n.startswith("tally_"))
    return sorted(set(out) - set(derived)) + ["events"] + derived


def erase_here(session: Session, learner_ids: Iterable[str], *, origin: str) -> list[str]:
    """Delete everything of these learners on this PC (in the caller's transaction); returns the ids
    that were on this PC. ``origin``: ``here`` (to be sent to the server) or ``server``."""
    ids = tuple(sorted(set(learner_ids)))
    if not ids:
        return []
    conn = session.connection()
    marks = ",".join("?" * len(ids))
    present = [r[0] for r in conn.exec_driver_sql(f"SELECT id FROM learners WHERE id IN ({marks})", ids)]
    conn.exec_driver_sql(f"DELETE FROM sync_rejected WHERE event_id IN (SELECT id FROM events WHERE learner_id "
                         f"IN ({marks}))", ids)
    for table in _learner_tables(session):
        conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE learner_id IN ({marks})', ids)
    conn.exec_driver_sql(f"DELETE FROM learners WHERE id IN ({marks})", ids)
    now = utcnow_iso()
    conn.exec_driver_sql(
        "INSERT INTO learner_erasures (learner_id, requested_at, origin, sent_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (learner_id) DO NOTHING",
        [(lid, now, origin, None if origin == "here" else now) for lid in ids])
    return present


def erased_ids(session: Session, candidates: Iterable[str] | None = None) -> set[str]:
    """Learners erased on this PC (among ``candidates``)."""
    conn = session.connection()
    if candidates is None:
        return {r[0] for r in conn.exec_driver_sql("SELECT learner_id FROM learner_erasures")}
    ids = list(set(candidates))
    out: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = tuple(ids[i:i + 500])
        out |= {r[0] for r in conn.exec_driver_sql(
            f"SELECT learner_id FROM learner_erasures WHERE learner_id IN ({','.join('?' * len(chunk))})", chunk)}
    return out


def pending(session: Session) -> list[str]:
    """Erasures made here that the server has not acknowledged yet."""
    return [r[0] for r in session.connection().exec_driver_sql(
        "SELECT learner_id FROM learner_erasures WHERE origin = 'here' AND sent_at IS NULL ORDER BY learner_id")]


def mark_sent(session: Session, learner_ids: Iterable[Any]) -> None:
    ids = [str(x) for x in learner_ids if isinstance(x, str)]
    if ids:
        session.connection().exec_driver_sql(
            "UPDATE learner_erasures SET sent_at = ? WHERE sent_at IS NULL AND learner_id = ?",
            [(utcnow_iso(), lid) for lid in ids])


def compact(engine: Any) -> None:
    """Rewrite the database file without its free pages and empty the WAL (nothing deleted stays on
    disk). Runs outside any transaction; waits for readers like any checkpoint."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase(kit: Any, fs: object, learner_id: str) -> dict[str, Any]:
    """A facilitator erases a learner on this PC; the server is told at the next sync (or USB)."""
    from cc2desktop.core.facilitation.accounts import require

    require(fs)
    with kit.write() as s:
        if s.execute(text("SELECT 1 FROM learners WHERE id = :i"), {"i": learner_id}).first() is None:
            raise NotFoundError(f"no learner {learner_id} on this PC", code="learner_not_found")
        events = s.execute(text("SELECT COUNT(*) FROM events WHERE learner_id = :i"), {"i": learner_id}).scalar()
        erase_here(s, [learner_id], origin="here")
    compact(kit.engine)
    return {"learner": learner_id, "events": int(events or 0)}
