"""Sign-in sessions (refresh tokens), failed sign-ins per email (lockout) and the attempt
limits per source address (custody_platform.ratelimit).

Revision ID: 0003_sessions
Revises: 0002_guests
"""

import sqlalchemy as sa
from alembic import op
from custody_platform.ratelimit import rate_limit_ddl

revision = "0003_sessions"
down_revision = "0002_guests"
branch_labels = None
depends_on = None

SCHEMA = "gateway"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey(f"{SCHEMA}.users.id"), nullable=False),
        sa.Column("refresh_sha256", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        schema=SCHEMA,
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"], schema=SCHEMA)
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"], schema=SCHEMA)
    op.create_table(
        "sign_in_failures",
        sa.Column("email", sa.Text(), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", TS, nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_sign_in_failures_last_failed_at",
        "sign_in_failures",
        ["last_failed_at"],
        schema=SCHEMA,
    )
    for ddl in rate_limit_ddl(SCHEMA):
        op.execute(ddl)


def downgrade() -> None:
    op.execute(f'DROP TABLE IF EXISTS "{SCHEMA}".rate_limits')
    op.drop_table("sign_in_failures", schema=SCHEMA)
    op.drop_table("sessions", schema=SCHEMA)
