"""The full camera model (view, contact, retention, VMS binding, partner visibility, group,
thumbnail), camera groups, per-org request settings and versioned request forms; the search's
box prefilter moves from a (latitude, longitude) btree to a 2-D GiST index on the position.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "registry"


def _uuid_array(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.ARRAY(sa.Uuid()), nullable=False, server_default="{}")


def _camera_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("heading", sa.Float(), nullable=True),
        sa.Column("field_of_view", sa.Float(), nullable=True),
        sa.Column("contact", sa.String(), nullable=False, server_default=""),
        sa.Column("retention_days", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("vms_device_id", sa.Uuid(), nullable=True),
        sa.Column("vms_camera_ref", sa.String(), nullable=False, server_default=""),
        _uuid_array("partner_org_ids"),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("thumbnail_key", sa.String(), nullable=True),
    ]


def upgrade() -> None:
    for column in _camera_columns():
        op.add_column("cameras", column, schema=SCHEMA)
    op.drop_constraint("cameras_visibility", "cameras", schema=SCHEMA)
    op.create_check_constraint(
        "cameras_visibility",
        "cameras",
        "visibility IN ('registry', 'partners', 'private')",
        schema=SCHEMA,
    )
    op.create_index("cameras_group", "cameras", ["group_id"], schema=SCHEMA)
    # The box prefilter of the search: a 2-D index instead of a btree over latitude first.
    op.execute(
        f"CREATE INDEX cameras_position ON {SCHEMA}.cameras USING gist (point(longitude, latitude))"
    )
    op.drop_index("cameras_lat_lon", "cameras", schema=SCHEMA)
    op.create_table(
        "camera_groups",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        _uuid_array("approver_user_ids"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_index(
        "camera_groups_org_name", "camera_groups", ["org_id", "name"], unique=True, schema=SCHEMA
    )
    op.create_table(
        "request_settings",
        sa.Column("org_id", sa.Uuid(), primary_key=True),
        _uuid_array("approver_user_ids"),
        _uuid_array("auto_approve_org_ids"),
        sa.Column("export_before_approval", sa.Boolean(), nullable=False),
        sa.Column("max_span_hours", sa.Integer(), nullable=False),
        sa.Column("sla_hours", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "request_form_versions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("fields", postgresql.JSONB(), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_index(
        "request_form_versions_org_version",
        "request_form_versions",
        ["org_id", "version"],
        unique=True,
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("request_form_versions", schema=SCHEMA)
    op.drop_table("request_settings", schema=SCHEMA)
    op.drop_table("camera_groups", schema=SCHEMA)
    op.drop_index("cameras_group", "cameras", schema=SCHEMA)
    op.create_index("cameras_lat_lon", "cameras", ["latitude", "longitude"], schema=SCHEMA)
    op.drop_index("cameras_position", "cameras", schema=SCHEMA)
    op.drop_constraint("cameras_visibility", "cameras", schema=SCHEMA)
    # Without partner lists, a camera shared with partners may only stay with its owner.
    op.execute(f"UPDATE {SCHEMA}.cameras SET visibility = 'private' WHERE visibility = 'partners'")
    op.create_check_constraint(
        "cameras_visibility", "cameras", "visibility IN ('registry', 'private')", schema=SCHEMA
    )
    for column in _camera_columns():
        op.drop_column("cameras", column.name, schema=SCHEMA)
