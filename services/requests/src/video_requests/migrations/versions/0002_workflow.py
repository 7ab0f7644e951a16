"""The full workflow: incident details, owner policy per line item (SLA, preservation,
approvers), the conversation, and form submissions.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "requests"


def _optional_timestamp(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def _request_columns() -> None:
    op.add_column(
        "video_requests",
        sa.Column("incident_type", sa.String(), nullable=False, server_default=""),
        schema=SCHEMA,
    )
    op.alter_column("video_requests", "incident_type", server_default=None, schema=SCHEMA)
    for name in ("incident_latitude", "incident_longitude"):
        op.add_column("video_requests", sa.Column(name, sa.Float(), nullable=True), schema=SCHEMA)
    op.add_column("video_requests", _optional_timestamp("incident_at"), schema=SCHEMA)
    op.create_index("video_requests_incident", "video_requests", ["incident_number"], schema=SCHEMA)


def _line_item_columns() -> None:
    columns = [
        sa.Column("camera_name", sa.String(), nullable=False, server_default=""),
        sa.Column("vms_camera_ref", sa.String(), nullable=True),
        sa.Column("warning", sa.String(), nullable=True),
        sa.Column("approver_user_ids", sa.ARRAY(sa.Uuid()), nullable=False, server_default="{}"),
        _optional_timestamp("due_at"),
        _optional_timestamp("remind_at"),
        _optional_timestamp("reminded_at"),
        sa.Column("preserve_export_id", sa.Uuid(), nullable=True),
        sa.Column("preserved_evidence_id", sa.Uuid(), nullable=True),
    ]
    for column in columns:
        op.add_column("line_items", column, schema=SCHEMA)
    for name in ("camera_name", "approver_user_ids"):
        op.alter_column("line_items", name, server_default=None, schema=SCHEMA)
    op.create_index(
        "line_items_preserve_export",
        "line_items",
        ["preserve_export_id"],
        unique=True,
        schema=SCHEMA,
    )
    op.create_index("line_items_due", "line_items", ["due_at"], schema=SCHEMA)
    op.create_index("line_items_camera", "line_items", ["camera_id"], schema=SCHEMA)


def _tables() -> None:
    def request_fk() -> sa.ForeignKey:
        return sa.ForeignKey(f"{SCHEMA}.video_requests.id")

    op.create_table(
        "messages",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("request_id", sa.Uuid(), request_fk(), nullable=False),
        sa.Column("owner_org_id", sa.Uuid(), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=False),
        sa.Column("author_party", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_index("messages_request", "messages", ["request_id", "created_at"], schema=SCHEMA)
    op.create_table(
        "form_submissions",
        sa.Column("request_id", sa.Uuid(), request_fk(), primary_key=True),
        sa.Column("owner_org_id", sa.Uuid(), primary_key=True),
        sa.Column("form_version_id", sa.Uuid(), nullable=False),
        sa.Column("answers_json", sa.Text(), nullable=False),
        schema=SCHEMA,
    )


def upgrade() -> None:
    _request_columns()
    _line_item_columns()
    _tables()


def downgrade() -> None:
    op.drop_table("form_submissions", schema=SCHEMA)
    op.drop_table("messages", schema=SCHEMA)
    for name in ("line_items_camera", "line_items_due", "line_items_preserve_export"):
        op.drop_index(name, table_name="line_items", schema=SCHEMA)
    for name in (
        "camera_name",
        "vms_camera_ref",
        "warning",
        "approver_user_ids",
        "due_at",
        "remind_at",
        "reminded_at",
        "preserve_export_id",
        "preserved_evidence_id",
    ):
        op.drop_column("line_items", name, schema=SCHEMA)
    op.drop_index("video_requests_incident", table_name="video_requests", schema=SCHEMA)
    for name in ("incident_type", "incident_latitude", "incident_longitude", "incident_at"):
        op.drop_column("video_requests", name, schema=SCHEMA)
