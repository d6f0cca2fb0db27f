"""sync: a USB-only PC's enrolment code (its first reply is checked against it), the server's device certificate

Revision ID: s004
Revises: s003
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "s004"
down_revision = "s003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as b:
        b.add_column(sa.Column("enrol_code", sa.String(32)))
        b.add_column(sa.Column("device_cert", sa.String(200)))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as b:
        b.drop_column("device_cert")
        b.drop_column("enrol_code")
