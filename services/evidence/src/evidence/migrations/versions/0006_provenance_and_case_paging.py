"""Provenance of delivered exports on evidence items (the source camera's name, the device's
channel), and an index for GET /cases pages (org, newest first, keyset on created_at, id).
Decision 0036.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE evidence.evidence_items ADD COLUMN camera_name TEXT, "
        "ADD COLUMN channel INTEGER"
    )
    op.execute("CREATE INDEX ix_cases_org_created ON evidence.cases (org_id, created_at, id)")


def downgrade() -> None:
    op.execute("DROP INDEX evidence.ix_cases_org_created")
    op.execute("ALTER TABLE evidence.evidence_items DROP COLUMN channel, DROP COLUMN camera_name")
