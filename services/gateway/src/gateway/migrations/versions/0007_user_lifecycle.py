"""PLACEHOLDER (session 9): users' lifecycle — reactivation, a password change forced by an admin's reset.

Revision ID: 0007_user_lifecycle
Revises: 0006_oidc
"""

from alembic import op  # noqa: F401

revision = "0007_user_lifecycle"
down_revision = "0006_oidc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
