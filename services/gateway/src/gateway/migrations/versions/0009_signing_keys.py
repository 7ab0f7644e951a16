"""PLACEHOLDER (session 9): JWT signing keys that rotate.

Revision ID: 0009_signing_keys
Revises: 0008_api_keys
"""

from alembic import op  # noqa: F401

revision = "0009_signing_keys"
down_revision = "0008_api_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
