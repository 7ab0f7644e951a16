"""Background-video requests: one row per operator request, one command per channel. A
command of that kind carries no export, so the export columns become nullable.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

S = "device_gateway"
EXPORT_COLUMNS = (
    "export_id",
    "request_id",
    "line_item_id",
    "requester_org_id",
    "camera_id",
    "case_number",
    "permission",
)


def upgrade() -> None:
    op.create_table(
        "background_requests",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("device_id", sa.Uuid, sa.ForeignKey(f"{S}.devices.id"), nullable=False),
        sa.Column("org_id", sa.Uuid, nullable=False),
        sa.Column("requested_by", sa.Uuid, nullable=False),
        sa.Column("case_id", sa.Uuid, nullable=False),
        sa.Column("case_named", sa.Boolean, nullable=False),
        sa.Column("channels", JSONB, nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("reason", sa.String),
        sa.Column("files", sa.Integer, nullable=False),
        sa.Column("total_bytes", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        schema=S,
    )
    op.create_index(
        "ix_device_gateway_background_requests_device_id",
        "background_requests",
        ["device_id"],
        schema=S,
    )
    op.create_index(
        "ix_device_gateway_background_requests_org_id", "background_requests", ["org_id"], schema=S
    )
    for column in EXPORT_COLUMNS:
        op.alter_column("commands", column, nullable=True, schema=S)
    op.add_column(
        "commands",
        sa.Column(
            "background_request_id",
            sa.Uuid,
            sa.ForeignKey(f"{S}.background_requests.id"),
            nullable=True,
        ),
        schema=S,
    )
    op.create_index(
        "ix_device_gateway_commands_background_request_id",
        "commands",
        ["background_request_id"],
        schema=S,
    )
    op.add_column("commands", sa.Column("outcome_detail", sa.String), schema=S)


def downgrade() -> None:
    op.drop_column("commands", "outcome_detail", schema=S)
    op.drop_index("ix_device_gateway_commands_background_request_id", "commands", schema=S)
    op.drop_column("commands", "background_request_id", schema=S)
    op.execute(
        f'DELETE FROM "{S}".uploads WHERE command_id IN '
        f'(SELECT id FROM "{S}".commands WHERE export_id IS NULL)'
    )
    op.execute(f'DELETE FROM "{S}".commands WHERE export_id IS NULL')
    for column in EXPORT_COLUMNS:
        op.alter_column("commands", column, nullable=False, schema=S)
    op.drop_table("background_requests", schema=S)
