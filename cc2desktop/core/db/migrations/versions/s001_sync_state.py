"""sync: state, rejected events, acknowledged learner profiles, back-fills, pulled items, ack times

Revision ID: s001
Revises: 0001
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "s001"
down_revision = "0001"
branch_labels = ("sync",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("server_url", sa.String(255)),
        sa.Column("token", sa.String(128)),
        sa.Column("server_public_key", sa.String(64)),
        sa.Column("enrolled_at", sa.String(32)),
        sa.Column("cursor", sa.String(48)),
        sa.Column("last_sync", sa.String(32)),
        sa.Column("last_error", sa.Text()),
        sa.Column("last_error_code", sa.String(64)),
        sa.Column("batch_size", sa.Integer(), nullable=False, server_default="500"),
    )
    op.create_table(
        "sync_rejected",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_table(
        "sync_learner_sent",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("profile_hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "sync_backfill",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("cursor", sa.String(48), nullable=False),
    )
    op.create_table(
        "sync_items",
        sa.Column("pos", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("learner_id", sa.String(36)),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "sync_acks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_sync_items_kind", "sync_items", ["kind"])
    op.create_index("ix_sync_items_learner_id", "sync_items", ["learner_id"])


def downgrade() -> None:
    for t in ("sync_acks", "sync_items", "sync_backfill", "sync_learner_sent", "sync_rejected", "sync_state"):
        op.drop_table(t)
