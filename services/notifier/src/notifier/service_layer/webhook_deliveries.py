"""Deliveries: made from consumed events (in the consumer's transaction, so an event makes
each of its deliveries exactly once), listed, sent again on demand, and a test ping."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from custody_contracts.events import Event
from custody_contracts.principal import Principal
from custody_platform.unit_of_work import Actor, UnitOfWork

from notifier.adapters import webhook_repository as repo
from notifier.adapters.orm import WebhookDelivery, WebhookEndpoint
from notifier.domain import webhook_messages
from notifier.domain.webhook_messages import Message
from notifier.domain.webhooks import PENDING
from notifier.service_layer.webhook_endpoints import org_admin

MAX_PAGE = 500


async def enqueue(uow: UnitOfWork, event: Event, event_id: uuid.UUID) -> int:
    """A pending delivery to every enabled endpoint subscribed to what the event tells each
    organization; returns how many were made."""
    now = datetime.now(UTC)
    rows = []
    for message in webhook_messages.messages(event):
        for endpoint in await repo.subscribed(uow.session, message.org_id, message.type):
            rows.append(_delivery(endpoint, event_id, message, now))
    await repo.add_deliveries(uow.session, rows)
    return len(rows)


def _delivery(
    endpoint: WebhookEndpoint, event_id: uuid.UUID, message: Message, now: datetime
) -> WebhookDelivery:
    return WebhookDelivery(
        org_id=endpoint.org_id,
        endpoint_id=endpoint.id,
        event_id=event_id,
        event_type=message.type,
        body=webhook_messages.body(message, now),
        next_attempt_at=now,
    )


async def list_for(
    uow: UnitOfWork, principal: Principal, endpoint_id: uuid.UUID, limit: int, offset: int
) -> tuple[Sequence[WebhookDelivery], int]:
    endpoint = await repo.endpoint(uow.session, org_admin(principal), endpoint_id)
    page = min(limit or 50, MAX_PAGE)
    return await repo.deliveries(uow.session, endpoint.id, page, max(offset, 0))


async def redeliver(
    uow: UnitOfWork, principal: Principal, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """Pending again, due now, with a fresh attempt count; the log keeps the last outcome."""
    row = await repo.delivery(uow.session, org_admin(principal), delivery_id, lock=True)
    row.status, row.attempts, row.next_attempt_at = PENDING, 0, datetime.now(UTC)
    row.delivered_at = None
    _audit(uow, principal, "webhook.redelivery_requested", row)
    return row


async def send_test(
    uow: UnitOfWork, principal: Principal, endpoint_id: uuid.UUID
) -> WebhookDelivery:
    """A `webhook.ping` to this endpoint, delivered by the worker like any other message."""
    endpoint = await repo.endpoint(uow.session, org_admin(principal), endpoint_id)
    now = datetime.now(UTC)
    message = webhook_messages.ping(endpoint.org_id, endpoint.id)
    row = _delivery(endpoint, uuid.uuid4(), message, now)
    uow.session.add(row)
    _audit(uow, principal, "webhook.test_requested", row)
    return row


def _audit(uow: UnitOfWork, principal: Principal, action: str, row: WebhookDelivery) -> None:
    uow.audit(
        Actor.of(principal),
        action,
        object_type="webhook_delivery",
        object_id=row.id,
        org_ids=(row.org_id,),
        endpoint_id=str(row.endpoint_id),
        event_id=str(row.event_id),
    )
