"""The TOTP second factor: each user's credential (secret, last step used, recovery code
digests), sign-ins waiting for their code, whether a session was opened with one, and whether
an organization requires it.

Revision ID: 0005_mfa
Revises: 0004_org_contact
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_mfa"
down_revision = "0004_org_contact"
branch_labels = None
depends_on = None

SCHEMA = "gateway"
TS = sa.DateTime(timezone=True)
USER = sa.ForeignKey(f"{SCHEMA}.users.id")


def upgrade() -> None:
    for table in ("organizations", "sessions"):
        column = "mfa_required" if table == "organizations" else "mfa_verified"
        op.add_column(
            table,
            sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()),
            schema=SCHEMA,
        )
    op.create_table(
        "totp_credentials",
        sa.Column("user_id", sa.Uuid(), USER, primary_key=True),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("confirmed_at", TS, nullable=True),
        sa.Column("last_used_step", sa.BigInteger(), nullable=True),
        sa.Column("recovery_sha256", sa.ARRAY(sa.Text()), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "mfa_challenges",
        sa.Column("token_sha256", sa.Text(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey(f"{SCHEMA}.users.id"), nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        schema=SCHEMA,
    )
    op.create_index("ix_mfa_challenges_expires_at", "mfa_challenges", ["expires_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("mfa_challenges", schema=SCHEMA)
    op.drop_table("totp_credentials", schema=SCHEMA)
    op.drop_column("sessions", "mfa_verified", schema=SCHEMA)
    op.drop_column("organizations", "mfa_required", schema=SCHEMA)
