"""Stored subtree hashes, signed tree heads, query indexes, and the insert-and-select role.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from audit.domain.merkle import grow

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The role the running service logs in as (AUDIT_WRITER_DATABASE_URL); migrations run as the
# owner. Roles are cluster-wide, so it is created once and granted per schema.
WRITER_ROLE = "audit_ledger"
APPEND_ONLY = ("ledger_entries", "ledger_nodes", "tree_heads")

TABLES = [
    """CREATE OR REPLACE FUNCTION audit.refuse_ledger_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP;
    END
    $$""",
    # Node (level, idx) is the hash of the complete subtree over leaves
    # [idx * 2^level, (idx + 1) * 2^level); level 0 is ledger_entries.leaf_hash itself.
    """CREATE TABLE audit.ledger_nodes (
        level SMALLINT NOT NULL CHECK (level >= 1 AND level < 64),
        idx BIGINT NOT NULL CHECK (idx >= 0),
        hash BYTEA NOT NULL CHECK (octet_length(hash) = 32),
        PRIMARY KEY (level, idx)
    )""",
    """CREATE TABLE audit.tree_heads (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tree_size BIGINT NOT NULL CHECK (tree_size >= 0),
        root_hash BYTEA NOT NULL CHECK (octet_length(root_hash) = 32),
        timestamp_ms BIGINT NOT NULL,
        key_id TEXT NOT NULL,
        signature BYTEA NOT NULL
    )""",
    "CREATE INDEX ix_tree_heads_tree_size ON audit.tree_heads (tree_size)",
    # ISO 8601 with an explicit offset reads the same whatever the session settings.
    """CREATE FUNCTION audit.record_time(record JSONB) RETURNS TIMESTAMPTZ
        LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT (record->>'occurred_at')::timestamptz $$""",
    "CREATE INDEX ix_ledger_entries_actor ON audit.ledger_entries ((record->>'actor_id'), idx)",
    """CREATE INDEX ix_ledger_entries_case
        ON audit.ledger_entries ((record->'details'->>'case_id'), idx)""",
    "CREATE INDEX ix_ledger_entries_time ON audit.ledger_entries (audit.record_time(record), idx)",
]


def _append_only(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON audit.{table}
            FOR EACH ROW EXECUTE FUNCTION audit.refuse_ledger_change()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON audit.{table}
            FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_ledger_change()""",
    ]


ROLE = [
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{WRITER_ROLE}') THEN
            CREATE ROLE {WRITER_ROLE} LOGIN;
        END IF;
    END $$""",
    f"GRANT USAGE ON SCHEMA audit TO {WRITER_ROLE}",
    f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA audit TO {WRITER_ROLE}",
    f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA audit TO {WRITER_ROLE}",
    # The outbox relay marks rows sent: the only UPDATE the service may do.
    f"GRANT UPDATE ON audit.outbox TO {WRITER_ROLE}",
    f"GRANT EXECUTE ON FUNCTION audit.record_time(JSONB) TO {WRITER_ROLE}",
]


def upgrade() -> None:
    for ddl in TABLES:
        op.execute(ddl)
    for table in APPEND_ONLY[1:]:
        for ddl in _append_only(table):
            op.execute(ddl)
    for ddl in ROLE:
        op.execute(ddl)
    _store_nodes_of_existing_leaves()


def _store_nodes_of_existing_leaves() -> None:
    """Entries appended before this revision get their subtree hashes now."""
    bind = op.get_bind()
    leaves = bind.execute(sa.text("SELECT leaf_hash FROM audit.ledger_entries ORDER BY idx"))
    nodes = [n for n in grow(0, {}, [bytes(row[0]) for row in leaves]) if n[0] > 0]
    if nodes:
        bind.execute(
            sa.text("INSERT INTO audit.ledger_nodes (level, idx, hash) VALUES (:l, :i, :h)"),
            [{"l": level, "i": index, "h": node} for level, index, node in nodes],
        )


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA audit FROM {WRITER_ROLE}")
    op.execute(f"REVOKE ALL ON SCHEMA audit FROM {WRITER_ROLE}")
    for name in ("actor", "case", "time"):
        op.execute(f"DROP INDEX audit.ix_ledger_entries_{name}")
    op.execute("DROP FUNCTION audit.record_time(JSONB)")
    op.execute("DROP TABLE audit.tree_heads")
    op.execute("DROP TABLE audit.ledger_nodes")
