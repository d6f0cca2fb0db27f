"""Client database: one SQLite file per data directory, schema changed only by Alembic."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None, connection=None):  # noqa: ANN001
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", str(engine.url))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The head(s) of the migration tree, e.g. ``"0001"`` or ``"p002+s003"`` while each domain
    keeps its own branch (see docs/architecture.md)."""
    from alembic.script import ScriptDirectory

    return "+".join(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return "+".join(sorted(heads)) if heads else None


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database to ``revision`` (the app calls this on every start; a no-op when current)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(engine, conn), revision)
