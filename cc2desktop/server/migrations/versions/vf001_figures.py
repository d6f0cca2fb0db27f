"""server figures: learners' campaign, devices' centre, erased learners

Revision ID: vf001
Revises: v001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "vf001"
down_revision = "v001"
branch_labels = ("figures",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learners") as b:
        b.add_column(sa.Column("campaign", sa.String(64)))
    with op.batch_alter_table("devices") as b:
        b.add_column(sa.Column("centre", sa.String(120)))
    with op.batch_alter_table("enrolment_codes") as b:
        b.add_column(sa.Column("centre", sa.String(120)))
    op.create_table(
        "erased_learners",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("erased_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("erased_learners")
    for table, column in (("enrolment_codes", "centre"), ("devices", "centre"), ("learners", "campaign")):
        with op.batch_alter_table(table) as b:
            b.drop_column(column)
