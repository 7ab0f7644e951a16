"""People's saved notification choices, read for many recipients at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from notifier.adapters.orm import NotificationPreference

P = NotificationPreference


async def stored(
    session: AsyncSession, user_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, dict[str, str]]:
    """Each user's saved choices by topic; users who saved none are absent."""
    wanted = list(set(user_ids))
    if not wanted:
        return {}
    rows = await session.exec(select(P).where(col(P.user_id).in_(wanted)))
    found: dict[uuid.UUID, dict[str, str]] = {}
    for row in rows:
        found.setdefault(row.user_id, {})[row.topic] = row.choice
    return found


async def save(session: AsyncSession, user_id: uuid.UUID, changes: Mapping[str, str]) -> None:
    now = datetime.now(UTC)
    for topic, choice in changes.items():
        stmt = insert(P).values(user_id=user_id, topic=topic, choice=choice, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=["user_id", "topic"],
            set_={"choice": choice, "updated_at": now},
        )
        await session.execute(stmt)
