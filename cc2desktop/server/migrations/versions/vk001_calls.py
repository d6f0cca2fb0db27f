"""server calls for projects: calls, applications, reviewers' scores

Revision ID: vk001
Revises: v001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "vk001"
down_revision = "v001"
branch_labels = ("calls",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("course_id", sa.String(128), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "call_applications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("call_id", sa.String(40), nullable=False, index=True),
        sa.Column("learner_id", sa.String(36), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200)),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.String(40)),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36)),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("decided_at", sa.String(32)),
    )
    op.create_table(
        "call_scores",
        sa.Column("application_id", sa.String(36), primary_key=True),
        sa.Column("reviewer", sa.String(80), primary_key=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("call_scores")
    op.drop_table("call_applications")
    op.drop_table("calls")
