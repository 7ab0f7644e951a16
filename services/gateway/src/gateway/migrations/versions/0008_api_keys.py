"""API keys of service accounts (decision 0043): named, scoped to operations, rate-limited,
expiring; only the key's sha256 is kept, found by its visible prefix.

Revision ID: 0008_api_keys
Revises: 0007_user_lifecycle
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_api_keys"
down_revision = "0007_user_lifecycle"
branch_labels = None
depends_on = None

SCHEMA = "gateway"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("org_id", sa.Uuid(), sa.ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False, unique=True),
        sa.Column("secret_sha256", sa.Text(), nullable=False),
        sa.Column("scopes", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("requests_per_minute", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Uuid(), sa.ForeignKey(f"{SCHEMA}.users.id"), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("last_used_at", TS, nullable=True),
        schema=SCHEMA,
    )
    op.create_index("ix_api_keys_org_id", "api_keys", ["org_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("api_keys", schema=SCHEMA)
