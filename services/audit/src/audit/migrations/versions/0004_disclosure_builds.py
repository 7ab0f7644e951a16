"""Disclosure builds: the package is built in the background. A build's row is the one
mutable table of the audit schema (state, progress, lease); the disclosure itself is still
written once, insert-only, when its package is complete.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WRITER_ROLE = "audit_ledger"

TABLE = """CREATE TABLE audit.disclosure_builds (
    id UUID PRIMARY KEY,
    org_id UUID NOT NULL,
    case_id UUID NOT NULL,
    evidence_ids JSONB NOT NULL,
    recipient_name TEXT NOT NULL,
    recipient_email TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by UUID NOT NULL,
    principal JSONB NOT NULL,
    source_address TEXT,
    token TEXT,
    state TEXT NOT NULL,
    failure_reason TEXT NOT NULL DEFAULT '',
    items_done INTEGER NOT NULL DEFAULT 0,
    items_total INTEGER NOT NULL,
    bytes_done BIGINT NOT NULL DEFAULT 0,
    bytes_total BIGINT NOT NULL,
    items JSONB NOT NULL DEFAULT '[]',
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
)"""

# Packages built before builds existed are ready ones.
BACKFILL = """INSERT INTO audit.disclosure_builds (
    id, org_id, case_id, evidence_ids, recipient_name, recipient_email, note, created_by,
    principal, state, items_done, items_total, bytes_done, bytes_total, created_at, updated_at)
SELECT id, org_id, case_id, evidence_ids, recipient_name, recipient_email, note, created_by,
    '{}'::jsonb, 'ready', jsonb_array_length(evidence_ids), jsonb_array_length(evidence_ids),
    size, size, created_at, created_at
FROM audit.disclosures"""


def upgrade() -> None:
    op.execute(TABLE)
    op.execute(
        "CREATE INDEX ix_audit_disclosure_builds_case ON audit.disclosure_builds "
        "(case_id, created_at)"
    )
    op.execute(
        "CREATE INDEX ix_audit_disclosure_builds_building ON audit.disclosure_builds "
        "(lease_until) WHERE state = 'building'"
    )
    op.execute(BACKFILL)
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON audit.disclosure_builds TO {WRITER_ROLE}")


def downgrade() -> None:
    op.execute("DROP TABLE audit.disclosure_builds")
