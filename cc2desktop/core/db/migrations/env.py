"""Alembic environment for the client database. Run through :func:`cc2desktop.core.db.migrate`;
the connection is handed in through ``config.attributes['connection']``."""

from alembic import context

from cc2desktop.core.db import models  # noqa: F401 - fills the metadata
from cc2desktop.core.db.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER through table copies
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
