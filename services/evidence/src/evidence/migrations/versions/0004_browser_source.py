"""Evidence uploaded from the web app's upload page has its own source, "browser".

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SOURCES_BEFORE = "'device', 'vms', 'public', 'mobile', 'upload', 'derived'"
SOURCES_AFTER = "'device', 'vms', 'public', 'mobile', 'upload', 'browser', 'derived'"


def _check(sources: str) -> None:
    op.execute(
        "ALTER TABLE evidence.evidence_items DROP CONSTRAINT evidence_items_source_check, "
        f"ADD CONSTRAINT evidence_items_source_check CHECK (source IN ({sources}))"
    )


def upgrade() -> None:
    _check(SOURCES_AFTER)


def downgrade() -> None:
    op.execute("UPDATE evidence.evidence_items SET source = 'upload' WHERE source = 'browser'")
    _check(SOURCES_BEFORE)
