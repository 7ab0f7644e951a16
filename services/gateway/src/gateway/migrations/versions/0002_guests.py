"""Guest invitations: an owner organization invites an outside investigator by email.

Revision ID: 0002_guests
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_guests"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "guest_invitations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("org_id", sa.Uuid(), sa.ForeignKey(f"{SCHEMA}.organizations.id"), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("agency", sa.Text(), nullable=False),
        sa.Column("token_sha256", sa.Text(), nullable=False),
        sa.Column("invited_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.UniqueConstraint("token_sha256", name="guest_invitations_token_sha256_key"),
        sa.CheckConstraint("email = lower(email)", name="guest_invitations_email_lowercase"),
        schema=SCHEMA,
    )
    op.create_index("ix_guest_invitations_org_id", "guest_invitations", ["org_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("guest_invitations", schema=SCHEMA)
