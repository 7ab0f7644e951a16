"""Job flow: analyse -> review -> render with leases, progress, tracks and outputs.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATUSES = (
    "'queued', 'analysing', 'awaiting_review', 'rendering', 'completed', 'failed', 'cancelled'"
)

UPGRADE = [
    "ALTER TABLE redaction.jobs DROP CONSTRAINT IF EXISTS jobs_status_check",
    "UPDATE redaction.jobs SET status = 'analysing' WHERE status = 'running'",
    f"ALTER TABLE redaction.jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ({STATUSES}))",
    "DROP INDEX IF EXISTS redaction.ix_jobs_queued",
    """CREATE INDEX ix_jobs_runnable ON redaction.jobs (created_at)
        WHERE status IN ('queued', 'analysing', 'rendering')""",
    """ALTER TABLE redaction.jobs
        ADD COLUMN filename TEXT NOT NULL DEFAULT '',
        ADD COLUMN content_type TEXT NOT NULL DEFAULT '',
        ADD COLUMN reason TEXT,
        ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        ADD COLUMN step TEXT,
        ADD COLUMN frames_done BIGINT NOT NULL DEFAULT 0,
        ADD COLUMN frames_total BIGINT NOT NULL DEFAULT 0,
        ADD COLUMN fps DOUBLE PRECISION NOT NULL DEFAULT 0,
        ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT false,
        ADD COLUMN lease_owner TEXT,
        ADD COLUMN lease_expires_at TIMESTAMPTZ,
        ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN media JSONB,
        ADD COLUMN plan JSONB,
        ADD COLUMN reviewed_by UUID,
        ADD COLUMN reviewed_at TIMESTAMPTZ,
        ADD COLUMN output_key TEXT,
        ADD COLUMN output_sha256 TEXT,
        ADD COLUMN output_size BIGINT,
        ADD COLUMN manifest_key TEXT,
        ADD COLUMN manifest_sha256 TEXT,
        ADD COLUMN derived_evidence_id UUID""",
    """CREATE TABLE redaction.tracks (
        job_id UUID NOT NULL REFERENCES redaction.jobs (id),
        track_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        first_frame BIGINT NOT NULL,
        last_frame BIGINT NOT NULL,
        frame_count BIGINT NOT NULL,
        boxes JSONB NOT NULL,
        thumbnail_key TEXT,
        PRIMARY KEY (job_id, track_id)
    )""",
]


def upgrade() -> None:
    for ddl in UPGRADE:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP TABLE redaction.tracks")
    op.execute("DROP INDEX redaction.ix_jobs_runnable")
    for column in [
        "filename",
        "content_type",
        "reason",
        "updated_at",
        "step",
        "frames_done",
        "frames_total",
        "fps",
        "cancel_requested",
        "lease_owner",
        "lease_expires_at",
        "attempts",
        "media",
        "plan",
        "reviewed_by",
        "reviewed_at",
        "output_key",
        "output_sha256",
        "output_size",
        "manifest_key",
        "manifest_sha256",
        "derived_evidence_id",
    ]:
        op.execute(f"ALTER TABLE redaction.jobs DROP COLUMN {column}")
    op.execute("ALTER TABLE redaction.jobs DROP CONSTRAINT jobs_status_check")
    op.execute(
        "ALTER TABLE redaction.jobs ADD CONSTRAINT jobs_status_check "
        "CHECK (status IN ('queued', 'running', 'completed', 'failed'))"
    )
    op.execute("CREATE INDEX ix_jobs_queued ON redaction.jobs (created_at) WHERE status = 'queued'")
