"""Notices held for digests, and the one digest per person per day."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from notifier.adapters.orm import Digest, DigestEntry
from notifier.domain.messages import Email

E = DigestEntry


async def hold(
    session: AsyncSession, event_id: uuid.UUID, user_id: uuid.UUID, email: Email, topic: str
) -> None:
    """Keeps the email for the person's next digest; a redelivered event adds nothing."""
    stmt = insert(E).values(
        id=uuid.uuid4(),
        event_id=event_id,
        user_id=user_id,
        to_address=email.to,
        display_name=email.recipient.display_name,
        topic=topic,
        subject=email.subject,
        summary=email.text,
        link=email.link,
    )
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["event_id", "user_id"]))


async def waiting_users(session: AsyncSession, before: datetime) -> list[uuid.UUID]:
    """The people with notices held since before ``before`` and not yet in a digest."""
    query = (
        select(E.user_id).where(col(E.digest_id).is_(None), col(E.created_at) < before).distinct()
    )
    return list(await session.exec(query))


async def claim(session: AsyncSession, user_id: uuid.UUID, day: date, to: str) -> uuid.UUID | None:
    """The person's digest of ``day``, recorded; None when one already is (a restart, or
    another replica). Its unique key makes a concurrent claim wait, then find it."""
    stmt = (
        insert(Digest)
        .values(id=uuid.uuid4(), user_id=user_id, day=day, to_address=to)
        .on_conflict_do_nothing(index_elements=["user_id", "day"])
        .returning(col(Digest.id))
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def entries(
    session: AsyncSession, user_id: uuid.UUID, before: datetime
) -> Sequence[DigestEntry]:
    query = (
        select(E)
        .where(E.user_id == user_id, col(E.digest_id).is_(None), col(E.created_at) < before)
        .order_by(col(E.created_at), col(E.id))
        .with_for_update()
    )
    return list(await session.exec(query))


async def close(session: AsyncSession, digest_id: uuid.UUID, held: Sequence[DigestEntry]) -> None:
    ids = [entry.id for entry in held]
    await session.execute(update(E).where(col(E.id).in_(ids)).values(digest_id=digest_id))
    await session.execute(
        update(Digest).where(col(Digest.id) == digest_id).values(entries=len(ids))
    )
