"""Upload grants; uploads owned by a device or a grant; commands get a VMS camera reference
and the reason of their outcome (no video, expired).

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "device_gateway"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "upload_grants",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("org_id", sa.Uuid, nullable=False, index=True),
        sa.Column("case_id", sa.Uuid, nullable=False),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("token_hash", sa.String, nullable=False, unique=True),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("max_files", sa.Integer, nullable=False),
        sa.Column("max_bytes_per_file", sa.BigInteger, nullable=False),
        sa.Column("max_total_bytes", sa.BigInteger, nullable=False),
        sa.Column("allowed_media_types", JSONB, nullable=False),
        sa.Column("file_request_id", sa.Uuid),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
        sa.Column("files_uploaded", sa.Integer, nullable=False),
        sa.Column("bytes_uploaded", sa.BigInteger, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        schema=S,
    )
    op.alter_column("uploads", "device_id", nullable=True, schema=S)
    op.alter_column("uploads", "command_id", nullable=True, schema=S)
    op.alter_column("uploads", "sha256_declared", nullable=True, schema=S)
    op.add_column(
        "uploads",
        sa.Column("grant_id", sa.Uuid, sa.ForeignKey(f"{S}.upload_grants.id")),
        schema=S,
    )
    op.create_index("ix_device_gateway_uploads_grant_id", "uploads", ["grant_id"], schema=S)
    for name in ("uploaded_by", "contributor_name", "contributor_contact"):
        op.add_column("uploads", sa.Column(name, sa.String), schema=S)
    # An upload answers exactly one command or one grant.
    op.create_check_constraint(
        "uploads_one_owner", "uploads", "(command_id IS NULL) <> (grant_id IS NULL)", schema=S
    )
    op.add_column("commands", sa.Column("vms_camera_ref", sa.String), schema=S)
    op.add_column("commands", sa.Column("outcome_reason", sa.String), schema=S)
    op.add_column("devices", sa.Column("vms_base_url", sa.String), schema=S)


def downgrade() -> None:
    op.drop_column("devices", "vms_base_url", schema=S)
    op.drop_column("commands", "outcome_reason", schema=S)
    op.drop_column("commands", "vms_camera_ref", schema=S)
    op.drop_constraint("uploads_one_owner", "uploads", schema=S)
    for name in ("uploaded_by", "contributor_name", "contributor_contact", "grant_id"):
        op.drop_column("uploads", name, schema=S)
    op.drop_table("upload_grants", schema=S)
