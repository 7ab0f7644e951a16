"""Redaction jobs.

Revision ID: 0001
Revises:
"""

from alembic import op
from custody_platform.outbox import platform_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = [
    """CREATE TABLE redaction.jobs (
        id UUID PRIMARY KEY,
        evidence_id UUID NOT NULL,
        case_id UUID NOT NULL,
        org_id UUID NOT NULL,
        object_key TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        requested_by UUID NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_jobs_evidence_id ON redaction.jobs (evidence_id)",
    "CREATE INDEX ix_jobs_queued ON redaction.jobs (created_at) WHERE status = 'queued'",
]


def upgrade() -> None:
    for ddl in platform_ddl("redaction"):
        op.execute(ddl)
    for ddl in TABLES:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP TABLE redaction.jobs")
