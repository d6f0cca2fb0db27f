"""learning: capsule progress cache (rebuildable from events), per-learner preferences

Revision ID: l001
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "l001"
down_revision = "0001"
branch_labels = ("learning",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learning_capsule_progress",
        sa.Column("learner_id", sa.String(36),
                  sa.ForeignKey("learners.id", name="fk_learning_capsule_progress_learner_id_learners"),
                  primary_key=True),
        sa.Column("course_id", sa.String(128), primary_key=True),
        sa.Column("capsule_id", sa.String(128), primary_key=True),
        sa.Column("watched", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("watched_s", sa.Float(), nullable=False, server_default="0"),
        sa.Column("length_s", sa.Float(), nullable=False, server_default="0"),
        sa.Column("position_s", sa.Float(), nullable=False, server_default="0"),
        sa.Column("quiz_attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("quiz_best", sa.Float(), nullable=True),
        sa.Column("quiz_last", sa.Float(), nullable=True),
        sa.Column("time_spent_s", sa.Float(), nullable=False, server_default="0"),
        sa.Column("completed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("last_activity_at", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("learner_id", "course_id", "capsule_id", name="pk_learning_capsule_progress"),
    )
    op.create_table(
        "learner_prefs",
        sa.Column("learner_id", sa.String(36),
                  sa.ForeignKey("learners.id", name="fk_learner_prefs_learner_id_learners"), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", "key", name="pk_learner_prefs"),
    )


def downgrade() -> None:
    op.drop_table("learner_prefs")
    op.drop_table("learning_capsule_progress")
