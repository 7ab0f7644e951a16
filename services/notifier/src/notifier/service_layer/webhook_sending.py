"""The delivery worker's two steps, each in its own transaction around the HTTP call:
claim what is due (signed, with a lease so a crash sends it again later, never loses it),
then record how the attempt went, retrying with backoff or giving up, and disabling an
endpoint that has failed for too long."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from custody_platform.unit_of_work import Actor, UnitOfWork

from notifier.adapters import inbox_repository
from notifier.adapters import webhook_repository as repo
from notifier.adapters.orm import WebhookDelivery, WebhookEndpoint
from notifier.adapters.webhook_sender import Attempt
from notifier.domain import webhook_messages, webhooks
from notifier.domain.inbox import notice
from notifier.domain.webhooks import DELIVERED, FAILED, RetryPolicy
from notifier.service_layer.ports import Directory
from notifier.service_layer.webhook_endpoints import live_secrets

WORKER = Actor.service("notifier.webhooks")


@dataclass(frozen=True)
class Outgoing:
    delivery_id: uuid.UUID
    url: str
    headers: dict[str, str]
    body: str


@dataclass(frozen=True)
class Schedule:
    retry: RetryPolicy
    lease: timedelta  # a claimed delivery is due again after this, should its worker die
    disable_after: timedelta  # an endpoint failing this long is disabled


async def claim(uow: UnitOfWork, limit: int, lease: timedelta) -> list[Outgoing]:
    now = datetime.now(UTC)
    found = []
    for delivery, endpoint in await repo.claim_due(uow.session, now, limit):
        delivery.next_attempt_at = now + lease
        headers = webhook_messages.signed_headers(
            live_secrets(endpoint, now), str(delivery.event_id), now, delivery.body
        )
        found.append(Outgoing(delivery.id, endpoint.url, headers, delivery.body))
    return found


async def record(
    uow: UnitOfWork,
    directory: Directory,
    delivery_id: uuid.UUID,
    attempt: Attempt,
    schedule: Schedule,
) -> str | None:
    """The attempt's outcome (delivered, retrying, failed), or None for a deleted endpoint."""
    pair = await repo.locked_pair(uow.session, delivery_id)
    if pair is None:
        return None
    delivery, endpoint = pair
    now = datetime.now(UTC)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code, delivery.last_error = attempt.status_code, attempt.error
    if webhooks.succeeded(attempt.status_code):
        return _delivered(uow, delivery, endpoint, now)
    endpoint.failing_since = endpoint.failing_since or now
    delivery.next_attempt_at = schedule.retry.next_attempt(delivery.attempts, now)
    if delivery.next_attempt_at is not None:
        return "retrying"
    delivery.status = FAILED
    _audit(uow, "webhook.delivery_failed", delivery, attempts=delivery.attempts)
    if now - endpoint.failing_since >= schedule.disable_after and endpoint.enabled:
        await _disable(uow, directory, endpoint, now)
    return FAILED


def _delivered(
    uow: UnitOfWork, delivery: WebhookDelivery, endpoint: WebhookEndpoint, now: datetime
) -> str:
    delivery.status, delivery.delivered_at, delivery.next_attempt_at = DELIVERED, now, None
    endpoint.failing_since = None
    _audit(uow, "webhook.delivered", delivery, status_code=delivery.last_status_code)
    return DELIVERED


async def _disable(
    uow: UnitOfWork, directory: Directory, endpoint: WebhookEndpoint, now: datetime
) -> None:
    """Disabled, audited, and its organization's admins told in their tray."""
    endpoint.enabled, endpoint.updated_at = False, now
    endpoint.disabled_reason = (
        f"every delivery failed since {endpoint.failing_since:%Y-%m-%d %H:%M} UTC"
    )
    uow.audit(
        WORKER,
        "webhook.disabled",
        object_type="webhook_endpoint",
        object_id=endpoint.id,
        org_ids=(endpoint.org_id,),
        reason=endpoint.disabled_reason,
    )
    title = "A webhook endpoint was disabled"
    body = f"{endpoint.url} failed every delivery for too long. Fix it, then enable it again."
    notices = [
        notice(
            uuid.UUID(admin.user_id),
            endpoint.org_id,
            "webhook_disabled",
            title,
            body,
            f"/admin/webhooks/{endpoint.id}",
        )
        for admin in await directory.admins(endpoint.org_id)
    ]
    await inbox_repository.add(uow.session, uuid.uuid5(endpoint.id, str(now)), notices)


def _audit(uow: UnitOfWork, action: str, delivery: WebhookDelivery, **details: object) -> None:
    uow.audit(
        WORKER,
        action,
        object_type="webhook_delivery",
        object_id=delivery.id,
        org_ids=(delivery.org_id,),
        endpoint_id=str(delivery.endpoint_id),
        event_id=str(delivery.event_id),
        event_type=delivery.event_type,
        **details,
    )
