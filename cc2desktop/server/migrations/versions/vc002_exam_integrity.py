"""server certification: draws' seeds, sheets waiting for a co-signature, answer patterns and
answer-sharing flags, revocation lists

Revision ID: vc002
Revises: vc001
Create Date: 2026-12-14
"""
import sqlalchemy as sa
from alembic import op

revision = "vc002"
down_revision = "vc001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cert_seeds",
        sa.Column("course_id", sa.String(128), primary_key=True),
        sa.Column("exam_id", sa.String(128), primary_key=True),
        sa.Column("seed", sa.BigInteger(), primary_key=True),
        sa.Column("attempt_id", sa.String(36), nullable=False),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("used_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "cert_held",
        sa.Column("claim_id", sa.String(36), primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("course_id", sa.String(128), nullable=False),
        sa.Column("session_code", sa.String(16), nullable=False),
        sa.Column("held_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "cert_patterns",
        sa.Column("claim_id", sa.String(36), primary_key=True),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("course_id", sa.String(128), nullable=False),
        sa.Column("exam_id", sa.String(128), nullable=False),
        sa.Column("centre", sa.String(160), nullable=False),
        sa.Column("submitted_at", sa.String(32), nullable=False),
        sa.Column("responses", sa.Text(), nullable=False),
        sa.Column("wrong", sa.Text(), nullable=False),
    )
    op.create_index("ix_cert_patterns_exam_centre_time", "cert_patterns",
                    ["course_id", "exam_id", "centre", "submitted_at"])
    op.create_table(
        "cert_response_counts",
        sa.Column("course_id", sa.String(128), primary_key=True),
        sa.Column("exam_id", sa.String(128), primary_key=True),
        sa.Column("question_id", sa.String(128), primary_key=True),
        sa.Column("response", sa.String(200), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_table(
        "cert_sharing_flags",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("course_id", sa.String(128), nullable=False),
        sa.Column("exam_id", sa.String(128), nullable=False),
        sa.Column("centre", sa.String(160), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("claims", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reviewed_at", sa.String(32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_table(
        "cert_revocation_lists",
        sa.Column("issuer", sa.String(16), primary_key=True),
        sa.Column("issued_at", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("certificates") as t:
        t.add_column(sa.Column("revoke_reason", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificates") as t:
        t.drop_column("revoke_reason")
    for name in ("cert_revocation_lists", "cert_sharing_flags", "cert_response_counts", "cert_patterns",
                 "cert_held", "cert_seeds"):
        op.drop_table(name)
