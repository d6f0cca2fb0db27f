"""server broadcast scope: items for every PC of a course or of the programme

Revision ID: vb001
Revises: v001
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "vb001"
down_revision = "v001"
branch_labels = ("broadcast",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "broadcast_items",
        sa.Column("scope", sa.String(160), primary_key=True),
        sa.Column("n", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(128), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("h", sa.String(43), nullable=False),
        sa.Column("sig", sa.String(88), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("broadcast_items")
