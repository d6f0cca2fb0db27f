"""Engine and migrations of the server database (SQLite file by default, PostgreSQL by URL)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DEFAULT_FILE = "server.sqlite3"


def resolve_db_url(value: str | None, data_dir: Path | str | None = None) -> str:
    """The database URL of a ``--db`` option: a SQLAlchemy URL (``sqlite:///…``,
    ``postgresql+psycopg://…``) as given, or a plain file path (relative to the working directory,
    or absolute) for a SQLite file; nothing: ``server.sqlite3`` in ``data_dir``.

    A path whose folder does not exist is refused (a typo must not create a database elsewhere)."""
    from cc2desktop.core.errors import ValidationError

    if not value:
        if data_dir is None:
            raise ValidationError("no server database: pass --db FILE or --db URL", code="bad_db")
        from cc2desktop.core import filemodes

        root = filemodes.private_dir(data_dir)
        return f"sqlite:///{root.resolve() / DEFAULT_FILE}"
    value = value.strip()
    if "://" in value:
        return value
    path = Path(value).expanduser()
    if path.is_dir():
        path = path / DEFAULT_FILE
    path = path.absolute()
    if not path.parent.is_dir():
        raise ValidationError(f"--db {value}: the folder {path.parent} does not exist", code="bad_db")
    return f"sqlite:///{path}"


def make_server_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        from cc2desktop.core import filemodes

        file = make_url(url).database
        if file and file != ":memory:":  # the database holds the server's private keys: 0600
            filemodes.private_sqlite(file)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False},
                               pool_size=8, max_overflow=16)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _rec) -> None:  # noqa: ANN001
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")  # an acknowledged event is on disk
            cur.execute("PRAGMA busy_timeout=60000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:  # noqa: ANN001 - take the write lock up front: no upgrade deadlocks
            # read-only work (authentication, pull) never waits for a writer: WAL gives it a snapshot
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("cc2_read") else "BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)


def make_sessionmaker(engine: Engine, *, read_only: bool = False) -> sessionmaker:
    """Sessions on the server database; ``read_only`` ones take no write lock (SQLite: a deferred
    ``BEGIN``; they must not write)."""
    return sessionmaker(engine.execution_options(cc2_read=True) if read_only else engine, expire_on_commit=False)


def insert(conn):  # noqa: ANN001, ANN201
    """The dialect's INSERT (with ``on_conflict_do_nothing``)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as ins
    else:
        from sqlalchemy.dialects.sqlite import insert as ins
    return ins


def alembic_config(connection=None):  # noqa: ANN001, ANN201
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    from alembic import command

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # several server processes may start at once
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(80032601)")
        command.upgrade(alembic_config(conn), revision)
