"""hub hardening: an event is unique by (device, id); wrong-PIN claims counted per (learner, device)

Revision ID: vh001
Revises: v001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "vh001"
down_revision = "v001"
branch_labels = ("hub",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as t:
        t.drop_constraint("uq_events_id", type_="unique")
        t.create_unique_constraint("uq_events_device_id", ["device_id", "id"])
    op.create_table(
        "claim_failures",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.String(32), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("claim_failures")
    with op.batch_alter_table("events") as t:
        t.drop_constraint("uq_events_device_id", type_="unique")
        t.create_unique_constraint("uq_events_id", ["id"])
