"""Sign-in with an organization's own OpenID Connect provider (decision 0037): each
organization's provider settings, the sign-ins waiting for the provider's answer, and the
provider's subject of each user who signed in through it.

Revision ID: 0006_oidc
Revises: 0005_mfa
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006_oidc"
down_revision = "0005_mfa"
branch_labels = None
depends_on = None

SCHEMA = "gateway"
TS = sa.DateTime(timezone=True)
ORG = f"{SCHEMA}.organizations.id"


def upgrade() -> None:
    op.create_table(
        "identity_providers",
        sa.Column("org_id", sa.Uuid(), sa.ForeignKey(ORG), primary_key=True),
        sa.Column("issuer", sa.Text(), nullable=False),
        sa.Column("client_id", sa.Text(), nullable=False),
        sa.Column("client_secret", sa.Text(), nullable=False),
        sa.Column("scopes", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("role_claim", sa.Text(), nullable=False),
        sa.Column("role_mapping", JSONB(), nullable=False),
        sa.Column("email_domains", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("password_sign_in", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "oidc_flows",
        sa.Column("state_sha256", sa.Text(), primary_key=True),
        sa.Column("org_id", sa.Uuid(), sa.ForeignKey(ORG), nullable=False),
        sa.Column("nonce", sa.Text(), nullable=False),
        sa.Column("code_verifier", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        schema=SCHEMA,
    )
    op.create_index("ix_oidc_flows_expires_at", "oidc_flows", ["expires_at"], schema=SCHEMA)
    op.add_column("users", sa.Column("oidc_issuer", sa.Text(), nullable=True), schema=SCHEMA)
    op.add_column("users", sa.Column("oidc_subject", sa.Text(), nullable=True), schema=SCHEMA)
    op.create_index(
        "ux_users_oidc_subject",
        "users",
        ["oidc_issuer", "oidc_subject"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("oidc_subject IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ux_users_oidc_subject", table_name="users", schema=SCHEMA)
    op.drop_column("users", "oidc_subject", schema=SCHEMA)
    op.drop_column("users", "oidc_issuer", schema=SCHEMA)
    op.drop_table("oidc_flows", schema=SCHEMA)
    op.drop_table("identity_providers", schema=SCHEMA)
