"""facilitation: facilitator accounts, groups, group sessions, attendance; event index for reports

Revision ID: f001
Revises: 0001
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "f001"
down_revision = "0001"
branch_labels = ("facilitation",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facilitators",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("name", name="uq_facilitators_name"),
    )
    op.create_table(
        "fac_groups",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("name", name="uq_fac_groups_name"),
    )
    op.create_table(
        "fac_group_members",
        sa.Column("group_id", sa.String(36), sa.ForeignKey("fac_groups.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("learner_id", sa.String(36), sa.ForeignKey("learners.id"), primary_key=True),
        sa.Column("since", sa.String(32), nullable=False),
    )
    op.create_index("ix_fac_group_members_learner_id", "fac_group_members", ["learner_id"])
    op.create_table(
        "fac_sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("group_id", sa.String(36), sa.ForeignKey("fac_groups.id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("capsules", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("facilitator", sa.String(120), nullable=False, server_default=""),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_fac_sessions_group_id", "fac_sessions", ["group_id"])
    op.create_table(
        "fac_attendance",
        sa.Column("session_id", sa.String(36), sa.ForeignKey("fac_sessions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("learner_id", sa.String(36), sa.ForeignKey("learners.id"), primary_key=True),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_fac_attendance_learner", "fac_attendance", ["learner_id", "present"])
    # Reports aggregate the log by event type (dashboard over 5,000 learners x 30 capsules).
    op.create_index("ix_events_type_learner", "events", ["type", "learner_id"])


def downgrade() -> None:
    op.drop_index("ix_events_type_learner", table_name="events")
    op.drop_table("fac_attendance")
    op.drop_table("fac_sessions")
    op.drop_table("fac_group_members")
    op.drop_table("fac_groups")
    op.drop_table("facilitators")
