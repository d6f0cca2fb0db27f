"""sync: the enrolment code a USB-only PC exported its first bundle with (its reply is checked against it)

Revision ID: s003
Revises: s002
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "s003"
down_revision = "s002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as b:
        b.add_column(sa.Column("enrol_code", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as b:
        b.drop_column("enrol_code")
