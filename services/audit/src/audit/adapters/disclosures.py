"""Disclosure rows: insert-only, read by id (within an organization) or by token hash."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from audit.adapters.orm import Disclosure, DisclosureAcknowledgement


async def add(session: AsyncSession, disclosure: Disclosure) -> None:
    session.add(disclosure)
    await session.flush()


async def get(
    session: AsyncSession, disclosure_id: uuid.UUID, org_id: uuid.UUID | None
) -> Disclosure | None:
    found = await session.get(Disclosure, disclosure_id)
    if found is None or (org_id is not None and found.org_id != org_id):
        return None
    return found


async def by_token_hash(session: AsyncSession, token_hash: bytes) -> Disclosure | None:
    query = select(Disclosure).where(Disclosure.token_hash == token_hash)
    return (await session.exec(query)).first()


async def acknowledgement(
    session: AsyncSession, disclosure_id: uuid.UUID
) -> DisclosureAcknowledgement | None:
    return await session.get(DisclosureAcknowledgement, disclosure_id)


async def acknowledge(session: AsyncSession, ack: DisclosureAcknowledgement) -> bool:
    """False when the disclosure was acknowledged already (the primary key says so)."""
    try:
        async with session.begin_nested():
            session.add(ack)
            await session.flush()
    except IntegrityError:
        return False
    return True
