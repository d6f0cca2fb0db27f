"""three tiers: a centre's hub relays to the central server (hub side: upstream state, what the
central server acknowledged, learners to back-fill; central side: centres and the devices they relay);
items that came down from the central server keep its position

Revision ID: vr001
Revises: v001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "vr001"
down_revision = "v001"
branch_labels = ("relay",)
depends_on = None


def upgrade() -> None:
    # central side: a centre's hub is a device of role "centre"; the PCs it relays name it in "via"
    with op.batch_alter_table("devices") as t:
        t.add_column(sa.Column("role", sa.String(16), nullable=True))
        t.add_column(sa.Column("via", sa.String(36), nullable=True))
    with op.batch_alter_table("enrolment_codes") as t:
        t.add_column(sa.Column("role", sa.String(16), nullable=True))
    # hub side: an item that came down keeps the central server's position (applied once)
    with op.batch_alter_table("items") as t:
        t.add_column(sa.Column("origin_pos", sa.BigInteger(), nullable=True))
        t.create_index("ix_items_origin_pos", ["origin_pos"], unique=True)
    op.create_table(
        "relay_upstream",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("centre_id", sa.String(36), nullable=False),
        sa.Column("token", sa.String(200), nullable=False),
        sa.Column("server_key", sa.String(64), nullable=False),
        sa.Column("origin_key", sa.String(64), nullable=True),
        sa.Column("issuers", sa.Text(), nullable=True),
        sa.Column("enrolled_at", sa.String(32), nullable=False),
        sa.Column("up_pos", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("down_cursor", sa.String(48), nullable=False, server_default="0.0"),
        sa.Column("last_attempt_at", sa.String(32), nullable=True),
        sa.Column("last_success_at", sa.String(32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_code", sa.String(64), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("sent_total", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("received_total", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("backlog_down", sa.BigInteger(), nullable=True),
        sa.Column("last_round", sa.Text(), nullable=True),
    )
    op.create_table(
        "relay_sent",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("hash", sa.String(32), nullable=False),
    )
    op.create_table(
        "relay_backfill",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("cursor", sa.String(48), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("relay_backfill")
    op.drop_table("relay_sent")
    op.drop_table("relay_upstream")
    with op.batch_alter_table("items") as t:
        t.drop_index("ix_items_origin_pos")
        t.drop_column("origin_pos")
    with op.batch_alter_table("enrolment_codes") as t:
        t.drop_column("role")
    with op.batch_alter_table("devices") as t:
        t.drop_column("via")
        t.drop_column("role")
