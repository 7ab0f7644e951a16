"""A submitted request keeps the client's Idempotency-Key and what was asked with it, so a
retry returns the request first made (decision 0052).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "requests"


def upgrade() -> None:
    for name in ("idempotency_key", "idempotency_sha256"):
        op.add_column("video_requests", sa.Column(name, sa.String(), nullable=True), schema=SCHEMA)
    op.create_index(
        "video_requests_idempotency",
        "video_requests",
        ["requester_user_id", "idempotency_key"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("video_requests_idempotency", "video_requests", schema=SCHEMA)
    for name in ("idempotency_key", "idempotency_sha256"):
        op.drop_column("video_requests", name, schema=SCHEMA)
