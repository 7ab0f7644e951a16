"""Users' lifecycle: an admin's password reset makes the user change it at next sign-in
(``password_change_required``); when a user was deactivated is kept for the people list.

Revision ID: 0007_user_lifecycle
Revises: 0006_oidc
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_user_lifecycle"
down_revision = "0006_oidc"
branch_labels = None
depends_on = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("password_change_required", sa.Boolean(), nullable=False, server_default="false"),
        schema=SCHEMA,
    )
    op.add_column(
        "users",
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_column("users", "deactivated_at", schema=SCHEMA)
    op.drop_column("users", "password_change_required", schema=SCHEMA)
