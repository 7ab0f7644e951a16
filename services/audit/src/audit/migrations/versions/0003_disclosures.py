"""Disclosure packages and their one-time acknowledgements (both insert-only).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WRITER_ROLE = "audit_ledger"

TABLES = [
    """CREATE TABLE audit.disclosures (
        id UUID PRIMARY KEY,
        org_id UUID NOT NULL,
        case_id UUID NOT NULL,
        evidence_ids JSONB NOT NULL,
        recipient_name TEXT NOT NULL,
        recipient_email TEXT NOT NULL,
        note TEXT NOT NULL,
        created_by UUID NOT NULL,
        object_key TEXT NOT NULL,
        size BIGINT NOT NULL,
        sha256 TEXT NOT NULL,
        tree_head_id BIGINT NOT NULL,
        token_hash BYTEA NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL
    )""",
    "CREATE INDEX ix_audit_disclosures_case_id ON audit.disclosures (case_id)",
    """CREATE TABLE audit.disclosure_acknowledgements (
        disclosure_id UUID PRIMARY KEY REFERENCES audit.disclosures (id),
        name TEXT NOT NULL,
        source_address TEXT,
        acknowledged_at TIMESTAMPTZ NOT NULL
    )""",
]


def upgrade() -> None:
    for ddl in TABLES:
        op.execute(ddl)
    for table in ("disclosures", "disclosure_acknowledgements"):
        op.execute(
            f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON audit.{table}
                FOR EACH ROW EXECUTE FUNCTION audit.refuse_ledger_change()"""
        )
        op.execute(f"GRANT SELECT, INSERT ON audit.{table} TO {WRITER_ROLE}")


def downgrade() -> None:
    op.execute("DROP TABLE audit.disclosure_acknowledgements")
    op.execute("DROP TABLE audit.disclosures")
