"""server certification: decisions on exam claims (certificates and refusals)

Revision ID: vc001
Revises: v001
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "vc001"
down_revision = "v001"
branch_labels = ("certification",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("claim_id", sa.String(36), nullable=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("course_id", sa.String(128), nullable=False),
        sa.Column("code", sa.String(20), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("learner_name", sa.String(255), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32), nullable=True),
        sa.UniqueConstraint("claim_id", name="uq_certificates_claim_id"),
        sa.UniqueConstraint("code", name="uq_certificates_code"),
    )
    op.create_index("ix_certificates_learner_course", "certificates", ["learner_id", "course_id"])


def downgrade() -> None:
    op.drop_table("certificates")
