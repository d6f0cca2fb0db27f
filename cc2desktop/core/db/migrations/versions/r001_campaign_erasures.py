"""reports: a learner's campaign code; erasures waiting to reach the server

Revision ID: r001
Revises: 0001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "r001"
down_revision = "0001"
branch_labels = ("reports",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learners") as b:
        b.add_column(sa.Column("campaign", sa.String(64)))
    op.create_table(
        "learner_erasures",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("requested_at", sa.String(32), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("sent_at", sa.String(32), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("learner_erasures")
    with op.batch_alter_table("learners") as b:
        b.drop_column("campaign")
