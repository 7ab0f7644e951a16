"""PLACEHOLDER (session 9): API keys for service accounts.

Revision ID: 0008_api_keys
Revises: 0007_user_lifecycle
"""

from alembic import op  # noqa: F401

revision = "0008_api_keys"
down_revision = "0007_user_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
