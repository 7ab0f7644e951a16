"""Each camera's last change (``updated_at``), for its organization's camera list; cameras
that existed before count their creation as their last change. The list pages by name.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "registry"


def upgrade() -> None:
    op.add_column(
        "cameras", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True), schema=SCHEMA
    )
    op.execute(f"UPDATE {SCHEMA}.cameras SET updated_at = created_at")
    op.alter_column(
        "cameras", "updated_at", nullable=False, server_default=sa.text("now()"), schema=SCHEMA
    )
    op.execute(f"CREATE INDEX cameras_org_name ON {SCHEMA}.cameras (org_id, lower(name), id)")


def downgrade() -> None:
    op.drop_index("cameras_org_name", "cameras", schema=SCHEMA)
    op.drop_column("cameras", "updated_at", schema=SCHEMA)
