"""Cases and the evidence items in them, plus the platform's outbox and processed events.

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
    """CREATE TABLE evidence.cases (
        id UUID PRIMARY KEY,
        org_id UUID NOT NULL,
        number TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'archived')),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (org_id, number)
    )""",
    "CREATE INDEX ix_cases_org_id ON evidence.cases (org_id)",
    """CREATE TABLE evidence.evidence_items (
        id UUID PRIMARY KEY,
        case_id UUID NOT NULL REFERENCES evidence.cases (id),
        org_id UUID NOT NULL,
        object_key TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size BIGINT NOT NULL CHECK (size >= 0),
        filename TEXT NOT NULL,
        content_type TEXT NOT NULL,
        source TEXT NOT NULL
            CHECK (source IN ('device', 'vms', 'public', 'mobile', 'upload', 'derived')),
        permission_for_requester TEXT NOT NULL DEFAULT 'download'
            CHECK (permission_for_requester IN ('view', 'download')),
        request_id UUID,
        line_item_id UUID,
        upload_id UUID UNIQUE,
        capture_start TIMESTAMPTZ,
        capture_end TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_evidence_items_case_id ON evidence.evidence_items (case_id)",
    "CREATE INDEX ix_evidence_items_org_id ON evidence.evidence_items (org_id)",
]


def upgrade() -> None:
    for ddl in platform_ddl("evidence"):
        op.execute(ddl)
    for ddl in TABLES:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP TABLE evidence.evidence_items")
    op.execute("DROP TABLE evidence.cases")
