"""facilitation: fac_paired_pcs (the centre's PCs whose USB bundles this PC accepts)

Revision ID: f003
Revises: f002
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "f003"
down_revision = "f002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fac_paired_pcs",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("paired_at", sa.String(32), nullable=False),
        sa.Column("paired_by", sa.String(36), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("fac_paired_pcs")
