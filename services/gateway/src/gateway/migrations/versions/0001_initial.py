"""Identity: organizations and users, plus the platform's outbox tables.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from custody_platform.outbox import platform_ddl
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "gateway"


def upgrade() -> None:
    for ddl in platform_ddl(SCHEMA):
        op.execute(ddl)
    op.create_table(
        "organizations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name="organizations_name_key"),
        schema=SCHEMA,
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("org_id", sa.Uuid(), sa.ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("roles", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("email", name="users_email_key"),
        sa.CheckConstraint("email = lower(email)", name="users_email_lowercase"),
        schema=SCHEMA,
    )
    op.create_index("ix_users_org_id", "users", ["org_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("users", schema=SCHEMA)
    op.drop_table("organizations", schema=SCHEMA)
