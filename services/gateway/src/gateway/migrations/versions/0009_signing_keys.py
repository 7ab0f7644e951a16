"""The ring of keys that sign access tokens (decision 0046): each key sealed under a key
derived from JWT_SECRET, the time it signs from, and when it was retired (its secret erased).

Revision ID: 0009_signing_keys
Revises: 0008_api_keys
"""

from alembic import op

revision = "0009_signing_keys"
down_revision = "0008_api_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """CREATE TABLE gateway.jwt_signing_keys (
            kid TEXT PRIMARY KEY,
            sealed_key BYTEA,
            created_at TIMESTAMPTZ NOT NULL,
            signs_from TIMESTAMPTZ NOT NULL,
            retired_at TIMESTAMPTZ
        )"""
    )


def downgrade() -> None:
    op.execute("DROP TABLE gateway.jwt_signing_keys")
