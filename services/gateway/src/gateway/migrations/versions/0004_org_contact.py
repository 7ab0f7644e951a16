"""An organization's public contact (name, email, phone), shown to other organizations with
its cameras and in the directory.

Revision ID: 0004_org_contact
Revises: 0003_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_org_contact"
down_revision = "0003_sessions"
branch_labels = None
depends_on = None

SCHEMA = "gateway"
COLUMNS = ("contact_name", "contact_email", "contact_phone")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column(
            "organizations",
            sa.Column(name, sa.Text(), nullable=False, server_default=""),
            schema=SCHEMA,
        )


def downgrade() -> None:
    for name in COLUMNS:
        op.drop_column("organizations", name, schema=SCHEMA)
