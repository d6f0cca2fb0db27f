"""certification: the revocation lists this PC holds (offline checks say REVOKED)

Revision ID: c001
Revises: 0001
Create Date: 2026-12-14
"""
import sqlalchemy as sa
from alembic import op

revision = "c001"
down_revision = "0001"
branch_labels = ("certification",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cert_revocation_lists",
        sa.Column("issuer", sa.String(16), primary_key=True),
        sa.Column("issued_at", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("cert_revocation_lists")
