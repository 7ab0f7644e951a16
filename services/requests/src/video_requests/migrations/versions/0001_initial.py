"""Video requests and their line items, with the outbox and processed-events tables.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from custody_platform.outbox import platform_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "requests"


def _timestamp(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    for ddl in platform_ddl(SCHEMA):
        op.execute(ddl)
    op.create_table(
        "video_requests",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("requester_org_id", sa.Uuid(), nullable=False),
        sa.Column("requester_user_id", sa.Uuid(), nullable=False),
        sa.Column("incident_number", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        _timestamp("created_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        schema=SCHEMA,
    )
    op.create_index(
        "video_requests_requester",
        "video_requests",
        ["requester_org_id", "created_at"],
        schema=SCHEMA,
    )
    op.create_table(
        "line_items",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "request_id", sa.Uuid(), sa.ForeignKey(f"{SCHEMA}.video_requests.id"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Uuid(), nullable=False),
        sa.Column("owner_org_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.Integer(), nullable=False),
        _timestamp("start"),
        _timestamp("end"),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("permission", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("evidence_id", sa.Uuid(), nullable=True),
        sa.Column("export_id", sa.Uuid(), nullable=True),
        _timestamp("updated_at"),
        sa.CheckConstraint('start < "end"', name="line_items_window"),
        schema=SCHEMA,
    )
    op.create_index("line_items_request", "line_items", ["request_id", "position"], schema=SCHEMA)
    op.create_index("line_items_owner", "line_items", ["owner_org_id"], schema=SCHEMA)
    op.create_index("line_items_export", "line_items", ["export_id"], unique=True, schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("line_items", schema=SCHEMA)
    op.drop_table("video_requests", schema=SCHEMA)
