"""events: known by (device, id), not by id alone: no PC can take the id of another PC's event

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = ("events",)
depends_on = None


def _rebuild(key: list[str]) -> None:
    """Recreate ``events`` with another primary key, keeping every index (the expression indexes of
    the reports, which the batch copy cannot reflect, are created again from their SQL)."""
    conn = op.get_bind()
    saved = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' "
                                 "AND sql IS NOT NULL").fetchall()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "skipped reflection of expression-based index": recreated below
        with op.batch_alter_table("events", recreate="always") as b:
            b.create_primary_key("pk_events", key)
    have = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE tbl_name = 'events'")}
    for name, sql in saved:
        if name not in have:
            conn.exec_driver_sql(sql)


def upgrade() -> None:
    _rebuild(["device_id", "id"])


def downgrade() -> None:
    _rebuild(["id"])
