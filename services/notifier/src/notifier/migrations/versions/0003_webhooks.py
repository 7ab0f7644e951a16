"""Outgoing webhooks: endpoints per organization and their deliveries.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = [
    """CREATE TABLE notifier.webhook_endpoints (
        id UUID PRIMARY KEY,
        org_id UUID NOT NULL,
        url TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        event_types TEXT[] NOT NULL,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        previous_secret_expires_at TIMESTAMPTZ,
        enabled BOOLEAN NOT NULL DEFAULT true,
        disabled_reason TEXT,
        failing_since TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX webhook_endpoints_org ON notifier.webhook_endpoints (org_id)",
    """CREATE TABLE notifier.webhook_deliveries (
        id UUID PRIMARY KEY,
        org_id UUID NOT NULL,
        endpoint_id UUID NOT NULL
            REFERENCES notifier.webhook_endpoints (id) ON DELETE CASCADE,
        event_id UUID NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TIMESTAMPTZ,
        last_attempt_at TIMESTAMPTZ,
        last_status_code INTEGER,
        last_error TEXT,
        delivered_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (endpoint_id, event_id)
    )""",
    # An endpoint's log, newest first; and the worker's queue of what is due.
    """CREATE INDEX webhook_deliveries_endpoint_newest
        ON notifier.webhook_deliveries (endpoint_id, created_at DESC)""",
    """CREATE INDEX webhook_deliveries_due
        ON notifier.webhook_deliveries (next_attempt_at) WHERE status = 'pending'""",
]


def upgrade() -> None:
    for ddl in TABLES:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP TABLE notifier.webhook_deliveries")
    op.execute("DROP TABLE notifier.webhook_endpoints")
