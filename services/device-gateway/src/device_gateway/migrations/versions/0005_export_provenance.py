"""An export command keeps the request's provenance (camera name and position, incident) to
pass on with the upload, and an organization's commands are listed newest first (GET /exports;
decision 0036).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

S = "device_gateway"


def upgrade() -> None:
    op.add_column("commands", sa.Column("provenance", JSONB(), nullable=True), schema=S)
    op.create_index("commands_org_created", "commands", ["org_id", "created_at", "id"], schema=S)


def downgrade() -> None:
    op.drop_index("commands_org_created", "commands", schema=S)
    op.drop_column("commands", "provenance", schema=S)
