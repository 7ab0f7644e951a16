"""The public halves of every key that has signed tree heads (decision 0046), insert-only: a
head names its key by id, and this list keeps each key's PEM and when it first signed, so
heads signed before a rotation still verify and the keys can be published with their dates.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WRITER_ROLE = "audit_ledger"


def upgrade() -> None:
    op.execute(
        """CREATE TABLE audit.signing_keys (
            key_id TEXT PRIMARY KEY,
            algorithm TEXT NOT NULL,
            public_key_pem TEXT NOT NULL,
            first_used_ms BIGINT NOT NULL
        )"""
    )
    op.execute(
        "CREATE INDEX ix_audit_signing_keys_first_used ON audit.signing_keys (first_used_ms)"
    )
    op.execute(
        """CREATE TRIGGER signing_keys_append_only BEFORE UPDATE OR DELETE ON audit.signing_keys
            FOR EACH ROW EXECUTE FUNCTION audit.refuse_ledger_change()"""
    )
    op.execute(f"GRANT SELECT, INSERT ON audit.signing_keys TO {WRITER_ROLE}")


def downgrade() -> None:
    op.execute("DROP TABLE audit.signing_keys")
