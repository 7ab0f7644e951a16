"""A line item keeps its camera's position as the registry reported it at submission: the
delivered video's provenance (decision 0036).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "requests"
COLUMNS = ("camera_latitude", "camera_longitude")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("line_items", sa.Column(name, sa.Float(), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    for name in COLUMNS:
        op.drop_column("line_items", name, schema=SCHEMA)
