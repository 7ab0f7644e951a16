"""Email deliveries and the requesters of requests seen.

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
    """CREATE TABLE notifier.notifications (
        id UUID PRIMARY KEY,
        event_id UUID NOT NULL,
        kind TEXT NOT NULL,
        to_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
        error TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        sent_at TIMESTAMPTZ,
        UNIQUE (event_id, to_address)
    )""",
    """CREATE TABLE notifier.request_contacts (
        request_id UUID PRIMARY KEY,
        requester_user_id UUID NOT NULL,
        requester_org_id UUID NOT NULL,
        incident_number TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
]


def upgrade() -> None:
    for ddl in platform_ddl("notifier"):
        op.execute(ddl)
    for ddl in TABLES:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP TABLE notifier.request_contacts")
    op.execute("DROP TABLE notifier.notifications")
