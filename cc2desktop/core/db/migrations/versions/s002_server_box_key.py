"""sync: the server's X25519 key (seals learners' PINs in USB bundles)

Revision ID: s002
Revises: s001
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "s002"
down_revision = "s001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as b:
        b.add_column(sa.Column("server_box_key", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as b:
        b.drop_column("server_box_key")
