"""server forum: the moderation queue (posts and edits awaiting a decision), banned learners

Revision ID: vm001
Revises: v001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "vm001"
down_revision = "v001"
branch_labels = ("forum",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forum_submissions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("post_id", sa.String(64), nullable=False, index=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("course_id", sa.String(128), nullable=False, index=True),
        sa.Column("thread_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("capsule_id", sa.String(64), nullable=True),
        sa.Column("learner_id", sa.String(36), nullable=True, index=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("state", sa.String(12), nullable=False, index=True),
        sa.Column("reason", sa.String(240), nullable=True),
        sa.Column("flags", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("flag_reasons", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "forum_bans",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(240), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("forum_bans")
    op.drop_table("forum_submissions")
