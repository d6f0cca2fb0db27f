"""The one engine factory for the client's SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # FULL: a commit is on disk when it returns. The event log is the learner's work: an event must
    # be durable before the UI says it happened.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(db_path: Path | str) -> Engine:
    """Engine on a SQLite file: WAL, foreign keys on, busy timeout, synchronous=FULL. The file (and
    so its WAL and SHM, which SQLite creates with the database's mode) is private: ``0600``."""
    from cc2desktop.core import filemodes

    filemodes.private_sqlite(db_path)
    engine = create_engine(
        f"sqlite:///{Path(db_path)}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    # pysqlite's implicit transactions would defer BEGIN. A write transaction takes the write lock at
    # its start (BEGIN IMMEDIATE: waits up to the busy timeout for another writer, never fails later
    # with SQLITE_BUSY_SNAPSHOT on a read-then-append); a read-only one (execution option
    # ``cc2_read``, see :func:`make_sessionmaker`) takes a WAL snapshot and never waits for a writer.
    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("cc2_read") else "BEGIN IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _no_autobegin(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None

    return engine


def make_sessionmaker(engine: Engine, *, read_only: bool = False) -> sessionmaker:
    """Sessions on the client file; ``read_only`` ones start a deferred ``BEGIN`` (they must not write)."""
    return sessionmaker(engine.execution_options(cc2_read=True) if read_only else engine, expire_on_commit=False)
