"""reports: running tallies of the event log for the dashboard (tables + triggers, filled from the log)

Revision ID: r002
Revises: r001, 0002
Create Date: 2026-12-04
"""
from alembic import op

revision = "r002"
down_revision = ("r001", "0002")  # after the events table is rebuilt in 0002 (a rebuilt table loses its triggers)
branch_labels = None
depends_on = None

_TABLES = ("tally_learners", "tally_learner_capsules", "tally_learner_quizzes", "tally_capsules", "tally_questions")
_TRIGGERS = ("tally_insert", "tally_delete", "tally_update")


def upgrade() -> None:
    # Not a frozen copy: the tallies are derived data, and `install` drops and re-creates the triggers
    # and refills the tables from the log, so a later revision that changes them calls it again.
    from cc2desktop.core.reports import tallies

    tallies.install(op.get_bind())


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in _TABLES:
        op.execute(f"DROP TABLE IF EXISTS {name}")
