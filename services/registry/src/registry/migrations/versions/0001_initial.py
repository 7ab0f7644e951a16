"""Cameras, with the outbox and processed-events tables every service has.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from custody_platform.outbox import platform_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "registry"


def upgrade() -> None:
    for ddl in platform_ddl(SCHEMA):
        op.execute(ddl)
    op.create_table(
        "cameras",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="cameras_latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="cameras_longitude_range"),
        sa.CheckConstraint("visibility IN ('registry', 'private')", name="cameras_visibility"),
        sa.CheckConstraint("status IN ('active', 'retired')", name="cameras_status"),
        schema=SCHEMA,
    )
    op.create_index("cameras_lat_lon", "cameras", ["latitude", "longitude"], schema=SCHEMA)
    op.create_index("cameras_org", "cameras", ["org_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("cameras", schema=SCHEMA)
