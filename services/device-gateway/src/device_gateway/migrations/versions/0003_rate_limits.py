"""The attempt limits (custody_platform.ratelimit): public uploads per source address, counted
in Postgres by every instance.

Revision ID: 0003
"""

from alembic import op
from custody_platform.ratelimit import rate_limit_ddl

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

S = "device_gateway"


def upgrade() -> None:
    for ddl in rate_limit_ddl(S):
        op.execute(ddl)


def downgrade() -> None:
    op.execute(f'DROP TABLE IF EXISTS "{S}".rate_limits')
