"""Devices, export commands, upload sessions; the platform's outbox and processed events.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from custody_platform.outbox import platform_ddl
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

S = "device_gateway"
TS = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Uuid, primary_key=True)


def upgrade() -> None:
    for ddl in platform_ddl(S):
        op.execute(ddl)
    op.create_table(
        "devices",
        _id(),
        sa.Column("org_id", sa.Uuid, nullable=False, index=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("channels", sa.Integer, nullable=False),
        sa.Column("background_recording", sa.Boolean, nullable=False),
        sa.Column("enrollment_code_hash", sa.String, unique=True),
        sa.Column("enrolled_at", TS),
        sa.Column("secret_hash", sa.String),
        sa.Column("revoked", sa.Boolean, nullable=False),
        sa.Column("last_seen_at", TS),
        sa.Column("seen_reported_at", TS),
        sa.Column("status", JSONB, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        schema=S,
    )
    op.create_table(
        "commands",
        _id(),
        sa.Column("device_id", sa.Uuid, sa.ForeignKey(f"{S}.devices.id"), nullable=False),
        sa.Column("org_id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("export_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("request_id", sa.Uuid, nullable=False),
        sa.Column("line_item_id", sa.Uuid, nullable=False),
        sa.Column("requester_org_id", sa.Uuid, nullable=False),
        sa.Column("camera_id", sa.Uuid, nullable=False),
        sa.Column("case_number", sa.String, nullable=False),
        sa.Column("permission", sa.String, nullable=False),
        sa.Column("channel", sa.Integer, nullable=False),
        sa.Column("start", TS, nullable=False),
        sa.Column("end", TS, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("delivered_at", TS),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("expires_at", TS, nullable=False, index=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        schema=S,
    )
    op.create_index("commands_pending", "commands", ["device_id", "status"], schema=S)
    op.create_table(
        "uploads",
        _id(),
        sa.Column(
            "device_id", sa.Uuid, sa.ForeignKey(f"{S}.devices.id"), nullable=False, index=True
        ),
        sa.Column(
            "command_id", sa.Uuid, sa.ForeignKey(f"{S}.commands.id"), nullable=False, index=True
        ),
        sa.Column("length", sa.BigInteger, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("sha256_declared", sa.String, nullable=False),
        sa.Column("filename", sa.String, nullable=False),
        sa.Column("content_type", sa.String, nullable=False),
        sa.Column("staging_name", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("object_key", sa.String),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False, index=True),
        sa.Column("completed_at", TS),
        schema=S,
    )


def downgrade() -> None:
    for table in ("uploads", "commands", "devices"):
        op.drop_table(table, schema=S)
