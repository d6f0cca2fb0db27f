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


def script_heads() -> set[str]:
    """The heads of the migration tree read from the revision files' ``revision`` and
    ``down_revision`` lines, without importing Alembic (it costs ~10 MB and ~0.2 s at start-up)."""
    import ast
    import re

    revisions: set[str] = set()
    parents: set[str] = set()
    for f in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*(.+)$", text, re.M)
        down = re.search(r"^down_revision\s*=\s*(.+)$", text, re.M)
        if rev is None:
            continue
        revisions.add(ast.literal_eval(rev.group(1).split("#")[0].strip()))
        d = ast.literal_eval(down.group(1).split("#")[0].strip()) if down else None
        parents.update([d] if isinstance(d, str) else list(d or ()))
    return revisions - parents


def at_heads(engine: Engine) -> bool:
    """Whether the database already stands at every head (then :func:`upgrade` has nothing to do)."""
    try:
        with engine.execution_options(cc2_read=True).connect() as conn:  # a read: no write lock
            have = {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
            conn.rollback()
    except Exception:  # noqa: BLE001 - no table yet, or unreadable: let Alembic decide
        return False
    try:
        return bool(have) and have == script_heads()
    except (OSError, ValueError, SyntaxError):
        return False


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database to ``revision`` (the app calls this on every start). When the database
    is already at the heads, Alembic is not even imported."""
    if revision == "heads" and at_heads(engine):
        return
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(engine, conn), revision)
