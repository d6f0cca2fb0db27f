"""Alembic environment of the server database (its own history, apart from the client's)."""

from alembic import context

from cc2desktop.server.models import ServerBase

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(connection=connection, target_metadata=ServerBase.metadata,
                  render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
                  version_table="server_alembic_version")
with context.begin_transaction():
    context.run_migrations()
