"""Webhook endpoints and deliveries, always read through their organization."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from custody_platform.errors import NotFound
from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from notifier.adapters.orm import WebhookDelivery, WebhookEndpoint
from notifier.domain.webhooks import PENDING

E, D = WebhookEndpoint, WebhookDelivery


async def endpoints(session: AsyncSession, org_id: uuid.UUID) -> Sequence[WebhookEndpoint]:
    query = select(E).where(E.org_id == org_id).order_by(col(E.created_at), col(E.id))
    return (await session.exec(query)).all()


async def endpoint(
    session: AsyncSession, org_id: uuid.UUID, endpoint_id: uuid.UUID, *, lock: bool = False
) -> WebhookEndpoint:
    """The organization's endpoint; another organization's is NotFound."""
    query = select(E).where(E.id == endpoint_id, E.org_id == org_id)
    found = (await session.exec(query.with_for_update() if lock else query)).first()
    if found is None:
        raise NotFound("no such webhook endpoint")
    return found


async def subscribed(
    session: AsyncSession, org_id: uuid.UUID, event_type: str
) -> Sequence[WebhookEndpoint]:
    query = select(E).where(
        E.org_id == org_id, col(E.enabled).is_(True), col(E.event_types).contains([event_type])
    )
    return (await session.exec(query)).all()


async def add_deliveries(session: AsyncSession, rows: Sequence[WebhookDelivery]) -> None:
    """One per (endpoint, event): an event the consumer sees again adds nothing."""
    if not rows:
        return
    values = [row.model_dump() for row in rows]
    statement = (
        insert(D)
        .values(values)
        .on_conflict_do_nothing(index_elements=[col(D.endpoint_id), col(D.event_id)])
    )
    await session.exec(statement)  # type: ignore[call-overload]


async def delivery(
    session: AsyncSession, org_id: uuid.UUID, delivery_id: uuid.UUID, *, lock: bool = False
) -> WebhookDelivery:
    query = select(D).where(D.id == delivery_id, D.org_id == org_id)
    found = (await session.exec(query.with_for_update() if lock else query)).first()
    if found is None:
        raise NotFound("no such webhook delivery")
    return found


async def deliveries(
    session: AsyncSession, endpoint_id: uuid.UUID, limit: int, offset: int
) -> tuple[Sequence[WebhookDelivery], int]:
    where = D.endpoint_id == endpoint_id
    page = select(D).where(where).order_by(col(D.created_at).desc(), col(D.id)).limit(limit)
    total = select(func.count()).select_from(D).where(where)
    return (await session.exec(page.offset(offset))).all(), (await session.exec(total)).one()


async def claim_due(
    session: AsyncSession, now: datetime, limit: int
) -> Sequence[tuple[WebhookDelivery, WebhookEndpoint]]:
    """Due deliveries of enabled endpoints, locked so that two workers never send one."""
    query = (
        select(D, E)
        .join(E, col(E.id) == col(D.endpoint_id))
        .where(D.status == PENDING, col(D.next_attempt_at) <= now, col(E.enabled).is_(True))
        .order_by(col(D.next_attempt_at))
        .limit(limit)
        .with_for_update(of=D, skip_locked=True)
    )
    return (await session.exec(query)).all()  # type: ignore[return-value]


async def locked_pair(
    session: AsyncSession, delivery_id: uuid.UUID
) -> tuple[WebhookDelivery, WebhookEndpoint] | None:
    """A delivery and its endpoint, both locked, to record an attempt (None: deleted)."""
    query = (
        select(D, E)
        .join(E, col(E.id) == col(D.endpoint_id))
        .where(D.id == delivery_id)
        .with_for_update()
    )
    found = (await session.exec(query)).first()
    return None if found is None else (found[0], found[1])
