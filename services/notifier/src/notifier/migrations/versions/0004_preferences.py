"""Notification preferences and the daily digest: each person's choice per topic; what waits
for a person's digest; one digest per person per day (its unique key makes the scheduler
idempotent across restarts and replicas); and who asked for each redaction, remembered from
RedactionRequested so the notifier can tell them when it is ready.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = [
    """CREATE TABLE notifier.notification_preferences (
        user_id UUID NOT NULL,
        topic TEXT NOT NULL,
        choice TEXT NOT NULL CHECK (choice IN ('email', 'in_app', 'digest', 'off')),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, topic)
    )""",
    """CREATE TABLE notifier.digests (
        id UUID PRIMARY KEY,
        user_id UUID NOT NULL,
        day DATE NOT NULL,
        to_address TEXT NOT NULL,
        entries INTEGER NOT NULL DEFAULT 0,
        sent_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (user_id, day)
    )""",
    """CREATE TABLE notifier.digest_entries (
        id UUID PRIMARY KEY,
        event_id UUID NOT NULL,
        user_id UUID NOT NULL,
        to_address TEXT NOT NULL,
        display_name TEXT NOT NULL DEFAULT '',
        topic TEXT NOT NULL,
        subject TEXT NOT NULL,
        summary TEXT NOT NULL,
        link TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        digest_id UUID REFERENCES notifier.digests (id) ON DELETE SET NULL,
        UNIQUE (event_id, user_id)
    )""",
    """CREATE INDEX digest_entries_waiting
        ON notifier.digest_entries (user_id, created_at) WHERE digest_id IS NULL""",
    """CREATE TABLE notifier.redaction_requests (
        job_id UUID PRIMARY KEY,
        requested_by UUID NOT NULL,
        org_id UUID NOT NULL,
        case_id UUID NOT NULL,
        evidence_id UUID NOT NULL,
        filename TEXT NOT NULL DEFAULT '',
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
]


def upgrade() -> None:
    for ddl in TABLES:
        op.execute(ddl)


def downgrade() -> None:
    for table in ("redaction_requests", "digest_entries", "digests", "notification_preferences"):
        op.execute(f"DROP TABLE notifier.{table}")
