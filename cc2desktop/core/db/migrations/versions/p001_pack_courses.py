"""packs: pack_courses (installed courses, one row each)

Revision ID: p001
Revises: 0001
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "p001"
down_revision = "0001"
branch_labels = ("packs",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_courses",
        sa.Column("course_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("manifest_json", sa.Text(), nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("signature_json", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("total_size", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("previous_version", sa.String(32), nullable=True),
        sa.Column("changes_json", sa.Text(), nullable=True),
        sa.Column("installed_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pack_courses")
