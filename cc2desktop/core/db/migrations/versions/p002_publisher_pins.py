"""packs: pack_publisher_pins (the publisher key each course id is pinned to)

Revision ID: p002
Revises: p001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "p002"
down_revision = "p001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_publisher_pins",
        sa.Column("course_id", sa.String(64), primary_key=True),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("pinned_at", sa.String(32), nullable=False),
        sa.Column("previous_key_id", sa.String(16), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("pack_publisher_pins")
