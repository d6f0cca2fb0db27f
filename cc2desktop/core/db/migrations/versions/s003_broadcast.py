"""sync: broadcast items held by this PC and the key of their origin

Revision ID: s003
Revises: s002
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "s003"
down_revision = "s002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as b:
        b.add_column(sa.Column("broadcast_key", sa.String(64)))
    op.create_table(
        "sync_broadcast",
        sa.Column("scope", sa.String(160), primary_key=True),
        sa.Column("n", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(128), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("h", sa.String(43), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("error", sa.Text(), nullable=True),
    )
    op.create_index("ix_sync_broadcast_kind", "sync_broadcast", ["kind"])
    op.create_index("ix_sync_broadcast_applied", "sync_broadcast", ["applied"])


def downgrade() -> None:
    op.drop_table("sync_broadcast")
    with op.batch_alter_table("sync_state") as b:
        b.drop_column("broadcast_key")
