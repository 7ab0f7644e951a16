"""The player's fields: a comment's time code in its media, and when a read last verified an
original's bytes against its block hashes.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE evidence.comments ADD COLUMN at_s DOUBLE PRECISION")
    op.execute("ALTER TABLE evidence.object_blocks ADD COLUMN verified_at TIMESTAMPTZ")


def downgrade() -> None:
    op.execute("ALTER TABLE evidence.object_blocks DROP COLUMN verified_at")
    op.execute("ALTER TABLE evidence.comments DROP COLUMN at_s")
