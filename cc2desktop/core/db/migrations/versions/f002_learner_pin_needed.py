"""facilitation: a profile a facilitator made must get a PIN before its first use

Revision ID: f002
Revises: f001
"""
import sqlalchemy as sa
from alembic import op

revision = "f002"
down_revision = "f001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("learners", sa.Column("pin_needed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.drop_column("pin_needed")
