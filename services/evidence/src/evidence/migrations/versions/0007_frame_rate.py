"""The media's frame rate: no schema change. An item's media facts are one JSONB document
(`evidence.items.media`), which now carries `frame_rate` for items probed from here on; items
probed before read it as null (the player then steps 1/30 s), as a photo or audio file does.
The revision stays so the chain reserved for this session is kept.

Revision ID: 0007
Revises: 0006
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
