"""The custody ledger: an append-only table of Merkle leaves.

Revision ID: 0001
Revises:
"""

from alembic import op
from custody_platform.outbox import platform_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = [
    """CREATE TABLE audit.ledger_entries (
        idx BIGINT PRIMARY KEY CHECK (idx >= 0),
        event_id UUID NOT NULL UNIQUE,
        record JSONB NOT NULL,
        canonical TEXT NOT NULL,
        leaf_hash BYTEA NOT NULL CHECK (octet_length(leaf_hash) = 32),
        object_id TEXT NOT NULL,
        appended_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_ledger_entries_object_id ON audit.ledger_entries (object_id, idx)",
    # Entries are evidence: once appended, nothing may change or remove them.
    """CREATE FUNCTION audit.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit.ledger_entries is append-only: % refused', TG_OP;
    END
    $$""",
    """CREATE TRIGGER ledger_entries_append_only
        BEFORE UPDATE OR DELETE ON audit.ledger_entries
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_ledger_change()""",
    """CREATE TRIGGER ledger_entries_no_truncate
        BEFORE TRUNCATE ON audit.ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_ledger_change()""",
]


def upgrade() -> None:
    for ddl in platform_ddl("audit"):
        op.execute(ddl)
    for ddl in TABLES:
        op.execute(ddl)


def downgrade() -> None:
    op.execute("DROP TABLE audit.ledger_entries")
    op.execute("DROP FUNCTION audit.refuse_ledger_change()")
