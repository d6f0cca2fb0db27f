"""server admin page: sign-in sessions, revocable enrolment codes, each device's last pull cursor

Revision ID: va001
Revises: v001
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "va001"
down_revision = "v001"
branch_labels = ("admin",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.Column("client", sa.String(64), nullable=True),
    )
    with op.batch_alter_table("enrolment_codes") as t:
        t.add_column(sa.Column("revoked_at", sa.String(32), nullable=True))
    with op.batch_alter_table("devices") as t:
        t.add_column(sa.Column("pull_cursor", sa.String(48), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as t:
        t.drop_column("pull_cursor")
    with op.batch_alter_table("enrolment_codes") as t:
        t.drop_column("revoked_at")
    op.drop_table("admin_sessions")
