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

# Frozen copy of cc2desktop.core.reports.dashboard.REPORT_INDEX_COLUMNS at this revision.
_CAPSULE = "COALESCE(json_extract(payload, '$.capsule_id'), json_extract(payload, '$.capsule'))"
REPORT_INDEX_COLUMNS = [
    "type", "learner_id", _CAPSULE,
    "COALESCE(json_extract(payload, '$.question_id'), json_extract(payload, '$.item'))",
    "json_extract(payload, '$.success')",
    f"COALESCE(json_extract(payload, '$.quiz_id'), {_CAPSULE})",
    "json_extract(payload, '$.scaled')",
    "created_at",
]
QUESTION_INDEX_COLUMNS = [
    "type", _CAPSULE, REPORT_INDEX_COLUMNS[3], REPORT_INDEX_COLUMNS[4], "learner_id", "created_at",
]


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
    # Reports aggregate the log by event type over 5,000 learners x 30 capsules: index the payload
    # fields they read (SQLite indexes on expressions; the queries in core/reports/dashboard.py spell
    # the very same expressions), so that no aggregate parses the JSON of every event again.
    op.execute("CREATE INDEX ix_events_report ON events (" + ", ".join(REPORT_INDEX_COLUMNS) + ")")
    op.execute("CREATE INDEX ix_events_report_q ON events (" + ", ".join(QUESTION_INDEX_COLUMNS) + ")")
    op.create_index("ix_events_learner_created", "events", ["learner_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_events_learner_created", table_name="events")
    op.execute("DROP INDEX IF EXISTS ix_events_report")
    op.execute("DROP INDEX IF EXISTS ix_events_report_q")
    op.drop_table("fac_attendance")
    op.drop_table("fac_sessions")
    op.drop_table("fac_group_members")
    op.drop_table("fac_groups")
    op.drop_table("facilitators")
