"""Case management, evidence metadata, sharing, file requests and retention.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATEMENTS = [
    """ALTER TABLE evidence.cases
        ADD COLUMN description TEXT NOT NULL DEFAULT '',
        ADD COLUMN incident_at TIMESTAMPTZ,
        ADD COLUMN incident_location TEXT NOT NULL DEFAULT '',
        ADD COLUMN incident_type TEXT NOT NULL DEFAULT '',
        ADD COLUMN department TEXT NOT NULL DEFAULT '',
        ADD COLUMN assignees UUID[] NOT NULL DEFAULT '{}',
        ADD COLUMN tags TEXT[] NOT NULL DEFAULT '{}',
        ADD COLUMN categories TEXT[] NOT NULL DEFAULT '{}',
        ADD COLUMN custom_fields JSONB NOT NULL DEFAULT '{}',
        ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT false,
        ADD COLUMN created_by UUID,
        ADD COLUMN closed_at TIMESTAMPTZ,
        ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now()""",
    """ALTER TABLE evidence.evidence_items
        ADD COLUMN description TEXT NOT NULL DEFAULT '',
        ADD COLUMN categories TEXT[] NOT NULL DEFAULT '{}',
        ADD COLUMN tags TEXT[] NOT NULL DEFAULT '{}',
        ADD COLUMN latitude DOUBLE PRECISION,
        ADD COLUMN longitude DOUBLE PRECISION,
        ADD COLUMN device_id UUID,
        ADD COLUMN camera_id UUID,
        ADD COLUMN uploaded_by TEXT NOT NULL DEFAULT '',
        ADD COLUMN contributor_name TEXT,
        ADD COLUMN contributor_contact TEXT,
        ADD COLUMN file_request_id UUID,
        ADD COLUMN original_id UUID REFERENCES evidence.evidence_items (id),
        ADD COLUMN derived_key TEXT UNIQUE,
        ADD COLUMN processing TEXT NOT NULL DEFAULT 'pending'
            CHECK (processing IN ('pending', 'done', 'failed')),
        ADD COLUMN media JSONB,
        ADD COLUMN thumbnail_key TEXT,
        ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT false,
        ADD COLUMN deleted_at TIMESTAMPTZ,
        ADD COLUMN deleted_by TEXT,
        ADD COLUMN purged_at TIMESTAMPTZ""",
    "CREATE INDEX ix_evidence_items_sha256 ON evidence.evidence_items (sha256)",
    "CREATE INDEX ix_evidence_items_processing ON evidence.evidence_items (processing)",
    """CREATE TABLE evidence.case_items (
        case_id UUID NOT NULL REFERENCES evidence.cases (id),
        evidence_id UUID NOT NULL REFERENCES evidence.evidence_items (id),
        added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, evidence_id)
    )""",
    "CREATE INDEX ix_case_items_evidence_id ON evidence.case_items (evidence_id)",
    """INSERT INTO evidence.case_items (case_id, evidence_id, added_at)
        SELECT case_id, id, created_at FROM evidence.evidence_items""",
    """CREATE TABLE evidence.object_blocks (
        sha256 TEXT PRIMARY KEY,
        block_size INTEGER NOT NULL CHECK (block_size > 0),
        hashes BYTEA NOT NULL
    )""",
    """CREATE TABLE evidence.comments (
        id UUID PRIMARY KEY,
        evidence_id UUID NOT NULL REFERENCES evidence.evidence_items (id),
        author_id UUID NOT NULL,
        body TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_comments_evidence_id ON evidence.comments (evidence_id)",
    """CREATE TABLE evidence.grants (
        id UUID PRIMARY KEY,
        org_id UUID NOT NULL,
        object_type TEXT NOT NULL CHECK (object_type IN ('case', 'evidence')),
        object_id UUID NOT NULL,
        grantee_type TEXT NOT NULL CHECK (grantee_type IN ('user', 'org', 'guest')),
        grantee_id UUID NOT NULL,
        permission TEXT NOT NULL CHECK (permission IN ('view', 'download', 'contribute')),
        expires_at TIMESTAMPTZ,
        revoked_at TIMESTAMPTZ,
        created_by UUID NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_grants_grantee_id ON evidence.grants (grantee_id)",
    "CREATE INDEX ix_grants_object_id ON evidence.grants (object_id)",
    """CREATE TABLE evidence.share_links (
        id UUID PRIMARY KEY,
        org_id UUID NOT NULL,
        object_type TEXT NOT NULL CHECK (object_type IN ('case', 'evidence')),
        object_id UUID NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        permission TEXT NOT NULL CHECK (permission IN ('view', 'download')),
        label TEXT NOT NULL DEFAULT '',
        expires_at TIMESTAMPTZ NOT NULL,
        revoked_at TIMESTAMPTZ,
        created_by UUID NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE evidence.file_requests (
        id UUID PRIMARY KEY,
        org_id UUID NOT NULL,
        case_id UUID NOT NULL REFERENCES evidence.cases (id),
        grant_id UUID NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        instructions TEXT NOT NULL DEFAULT '',
        consent_text TEXT NOT NULL DEFAULT '',
        expires_at TIMESTAMPTZ NOT NULL,
        max_files INTEGER NOT NULL DEFAULT 0,
        max_bytes_per_file BIGINT NOT NULL DEFAULT 0,
        max_total_bytes BIGINT NOT NULL DEFAULT 0,
        allowed_media_types TEXT[] NOT NULL DEFAULT '{}',
        ask_contributor BOOLEAN NOT NULL DEFAULT false,
        revoked_at TIMESTAMPTZ,
        created_by UUID NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_file_requests_case_id ON evidence.file_requests (case_id)",
    """CREATE TABLE evidence.retention_policies (
        org_id UUID NOT NULL,
        category TEXT NOT NULL,
        days INTEGER NOT NULL CHECK (days >= 0),
        PRIMARY KEY (org_id, category)
    )""",
]


def upgrade() -> None:
    for ddl in STATEMENTS:
        op.execute(ddl)


CASE_COLUMNS = (
    "description incident_at incident_location incident_type department assignees tags"
    " categories custom_fields legal_hold created_by closed_at updated_at"
)
ITEM_COLUMNS = (
    "description categories tags latitude longitude device_id camera_id uploaded_by"
    " contributor_name contributor_contact file_request_id original_id derived_key processing"
    " media thumbnail_key legal_hold deleted_at deleted_by purged_at"
)
NEW_TABLES = "retention_policies file_requests share_links grants comments object_blocks case_items"


def downgrade() -> None:
    for table in NEW_TABLES.split():
        op.execute(f"DROP TABLE evidence.{table}")
    for table, columns in (("cases", CASE_COLUMNS), ("evidence_items", ITEM_COLUMNS)):
        drops = ", ".join(f"DROP COLUMN {c}" for c in columns.split())
        op.execute(f"ALTER TABLE evidence.{table} {drops}")
