"""server initial: devices, enrolment codes, learners, links, events, items, rejections, bundles

Revision ID: v001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "v001"
down_revision = None
branch_labels = None
depends_on = None

S = sa.String
POS = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table("server_meta", sa.Column("key", S(64), primary_key=True),
                    sa.Column("value", sa.Text(), nullable=False))
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", S(64), primary_key=True),
        sa.Column("created_at", S(32), nullable=False),
        sa.Column("expires_at", S(32), nullable=False),
        sa.Column("uses_left", sa.Integer(), nullable=False),
        sa.Column("label", S(120)),
    )
    op.create_table(
        "devices",
        sa.Column("id", S(36), primary_key=True),
        sa.Column("token_hash", S(64)),
        sa.Column("public_key", S(64), nullable=False),
        sa.Column("name", S(120)),
        sa.Column("code_hash", S(64)),
        sa.Column("enrolled_at", S(32), nullable=False),
        sa.Column("revoked_at", S(32)),
        sa.Column("last_seen_at", S(32)),
    )
    op.create_table(
        "learners",
        sa.Column("id", S(36), primary_key=True),
        sa.Column("code", S(16)),
        sa.Column("display_name", S(255), nullable=False),
        sa.Column("pin_hash", S(255)),
        sa.Column("gender", S(255)),
        sa.Column("country", S(255)),
        sa.Column("age_band", S(255)),
        sa.Column("category", S(255)),
        sa.Column("created_at", S(255)),
        sa.Column("origin_device", S(36), nullable=False),
        sa.Column("received_at", S(32), nullable=False),
        sa.Column("claim_failures", sa.Integer(), nullable=False),
        sa.Column("claim_locked_until", S(32)),
        sa.UniqueConstraint("code", name="uq_learners_code"),
    )
    op.create_table(
        "device_learners",
        sa.Column("device_id", S(36), sa.ForeignKey("devices.id", name="fk_device_learners_device_id_devices"),
                  primary_key=True),
        sa.Column("learner_id", S(36), sa.ForeignKey("learners.id", name="fk_device_learners_learner_id_learners"),
                  primary_key=True),
        sa.Column("linked_at", S(32), nullable=False),
    )
    op.create_index("ix_device_learners_learner", "device_learners", ["learner_id"])
    op.create_table(
        "events",
        sa.Column("pos", POS, primary_key=True, autoincrement=True),
        sa.Column("id", S(36), nullable=False),
        sa.Column("learner_id", S(36), nullable=False),
        sa.Column("device_id", S(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("type", S(64), nullable=False),
        sa.Column("course_id", S(128)),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", S(32), nullable=False),
        sa.Column("received_at", S(32), nullable=False),
        sa.Column("body_hash", S(32), nullable=False),
        sa.UniqueConstraint("id", name="uq_events_id"),
    )
    op.create_index("ix_events_learner_pos", "events", ["learner_id", "pos"])
    op.create_table(
        "items",
        sa.Column("pos", POS, primary_key=True, autoincrement=True),
        sa.Column("kind", S(64), nullable=False),
        sa.Column("learner_id", S(36)),
        sa.Column("device_id", S(36)),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", S(32), nullable=False),
    )
    op.create_index("ix_items_learner_id", "items", ["learner_id"])
    op.create_index("ix_items_device_id", "items", ["device_id"])
    op.create_table(
        "rejections",
        sa.Column("pos", POS, primary_key=True, autoincrement=True),
        sa.Column("event_id", S(36), nullable=False),
        sa.Column("device_id", S(36), nullable=False),
        sa.Column("reason", S(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", S(32), nullable=False),
    )
    op.create_index("ix_rejections_event_id", "rejections", ["event_id"])
    op.create_table(
        "used_bundles",
        sa.Column("digest", S(64), primary_key=True),
        sa.Column("device_id", S(36), nullable=False),
        sa.Column("imported_at", S(32), nullable=False),
    )


def downgrade() -> None:
    for t in ("used_bundles", "rejections", "items", "events", "device_learners", "learners", "devices",
              "enrolment_codes", "server_meta"):
        op.drop_table(t)
