"""In-app notifications: the tray of each user in the web app.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = [
    """CREATE TABLE notifier.in_app_notifications (
        id UUID PRIMARY KEY,
        event_id UUID NOT NULL,
        user_id UUID NOT NULL,
        org_id UUID NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        read_at TIMESTAMPTZ,
        UNIQUE (event_id, user_id)
    )""",
    # A user's tray, newest first; and the unread count, asked every few seconds per open page.
    """CREATE INDEX in_app_notifications_user_newest
        ON notifier.in_app_notifications (user_id, created_at DESC, id DESC)""",
    """CREATE INDEX in_app_notifications_user_unread
        ON notifier.in_app_notifications (user_id) WHERE read_at IS NULL""",
]


def upgrade() -> None:
    for ddl in TABLES:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP TABLE notifier.in_app_notifications")
