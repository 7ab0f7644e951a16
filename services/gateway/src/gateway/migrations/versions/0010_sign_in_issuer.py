"""Which identity provider a session (and a sign-in waiting for its second factor) was opened
through, so that signing out can also end the session at that provider (decision 0047).

Revision ID: 0010_sign_in_issuer
Revises: 0009_signing_keys
"""

from alembic import op

revision = "0010_sign_in_issuer"
down_revision = "0009_signing_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE gateway.sessions ADD COLUMN oidc_issuer TEXT")
    op.execute("ALTER TABLE gateway.mfa_challenges ADD COLUMN oidc_issuer TEXT")


def downgrade() -> None:
    op.execute("ALTER TABLE gateway.mfa_challenges DROP COLUMN oidc_issuer")
    op.execute("ALTER TABLE gateway.sessions DROP COLUMN oidc_issuer")
