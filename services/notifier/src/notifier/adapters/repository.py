"""Notification records and the requesters of requests seen so far."""

from __future__ import annotations

import uuid

from custody_contracts.events.video_requests import RequestSubmitted
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from notifier.adapters.orm import Notification, RequestContact


async def recorded(session: AsyncSession, event_id: uuid.UUID, to_address: str) -> bool:
    query = select(Notification.id).where(
        Notification.event_id == event_id, Notification.to_address == to_address
    )
    return (await session.exec(query)).first() is not None


def add(session: AsyncSession, notification: Notification) -> None:
    session.add(notification)


async def remember_requester(session: AsyncSession, event: RequestSubmitted) -> None:
    stmt = (
        insert(RequestContact)
        .values(
            request_id=event.request_id,
            requester_user_id=event.requester_user_id,
            requester_org_id=event.requester_org_id,
            incident_number=event.incident_number,
        )
        .on_conflict_do_nothing(index_elements=["request_id"])
    )
    await session.execute(stmt)


async def contact(session: AsyncSession, request_id: uuid.UUID) -> RequestContact | None:
    return await session.get(RequestContact, request_id)
