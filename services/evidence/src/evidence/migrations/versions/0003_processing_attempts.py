"""Processing attempts: a failing item is retried a bounded number of times, after a delay.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """ALTER TABLE evidence.evidence_items
            ADD COLUMN processing_attempts INTEGER NOT NULL DEFAULT 0,
            ADD COLUMN processing_after TIMESTAMPTZ,
            ADD COLUMN processing_error TEXT"""
    )


def downgrade() -> None:
    op.execute(
        """ALTER TABLE evidence.evidence_items
            DROP COLUMN processing_error,
            DROP COLUMN processing_after,
            DROP COLUMN processing_attempts"""
    )
