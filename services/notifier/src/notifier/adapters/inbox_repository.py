"""In-app notifications, always read through their owner: a user of an organization."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from notifier.adapters.orm import InAppNotification
from notifier.domain.inbox import Notice

N = InAppNotification


@dataclass(frozen=True)
class Owner:
    user_id: uuid.UUID
    org_id: uuid.UUID


def _owned(owner: Owner) -> tuple[Any, ...]:
    return (N.user_id == owner.user_id, N.org_id == owner.org_id)


async def add(session: AsyncSession, event_id: uuid.UUID, notices: Sequence[Notice]) -> None:
    """One row per (event, user); a redelivered event's rows are already there."""
    if not notices:
        return
    rows = [
        {
            "id": uuid.uuid4(),
            "event_id": event_id,
            "user_id": n.user_id,
            "org_id": n.org_id,
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "link": n.link,
        }
        for n in notices
    ]
    stmt = insert(N).values(rows).on_conflict_do_nothing(index_elements=["event_id", "user_id"])
    await session.execute(stmt)


async def page(
    session: AsyncSession, owner: Owner, read: bool | None, limit: int, offset: int
) -> tuple[list[InAppNotification], int]:
    where = [*_owned(owner)]
    if read is not None:
        where.append(col(N.read_at).is_not(None) if read else col(N.read_at).is_(None))
    query = (
        select(N)
        .where(*where)
        .order_by(col(N.created_at).desc(), col(N.id).desc())
        .limit(limit)
        .offset(offset)
    )
    items = list((await session.exec(query)).all())
    total = (await session.exec(select(func.count()).select_from(N).where(*where))).one()
    return items, int(total)


async def count_unread(session: AsyncSession, owner: Owner) -> int:
    query = select(func.count()).select_from(N).where(*_owned(owner), col(N.read_at).is_(None))
    return int((await session.exec(query)).one())


async def get(
    session: AsyncSession, owner: Owner, notification_id: uuid.UUID
) -> InAppNotification | None:
    query = select(N).where(N.id == notification_id, *_owned(owner)).with_for_update()
    return (await session.exec(query)).first()


async def mark_all_read(session: AsyncSession, owner: Owner, when: datetime) -> int:
    stmt = update(N).where(*_owned(owner), col(N.read_at).is_(None)).values(read_at=when)
    result = await session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)
