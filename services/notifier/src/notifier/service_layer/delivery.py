"""Sending emails and recording them, at least once.

Each email is sent before the unit of work commits, and its row is written in that unit of
work together with the consumer's processed-event id. SMTP has no transaction to join, so a
crash between sending and committing sends again on redelivery: a duplicate email is better
than a lost one. A row already recorded for (event id, address) skips that address. A
transient SMTP failure raises, nothing commits, and the platform retries the whole event
(recipients before the failure may then get it twice) before dead-lettering it. A permanent
refusal (5xx for the recipient) is recorded as failed and not retried.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from custody_platform.unit_of_work import Actor, UnitOfWork

from notifier.adapters import repository
from notifier.adapters.orm import Notification
from notifier.domain.messages import Email, distinct_recipients
from notifier.service_layer.ports import DeliveryRefused, Mailer

ACTOR = Actor.service("notifier")


@dataclass(frozen=True)
class Delivery:
    """Why the emails go out: the event, and the object (a request, or an evidence item) and
    organizations it is about."""

    event_id: uuid.UUID
    kind: str
    object_id: uuid.UUID
    org_ids: tuple[uuid.UUID, ...]
    object_type: str = "request"


async def deliver(
    uow: UnitOfWork, mailer: Mailer, delivery: Delivery, emails: Iterable[Email]
) -> None:
    for email in distinct_recipients(emails):
        if await repository.recorded(uow.session, delivery.event_id, email.to):
            continue
        notification = await _send(mailer, delivery, email)
        repository.add(uow.session, notification)
        _audit(uow, delivery, email, notification)


async def _send(mailer: Mailer, delivery: Delivery, email: Email) -> Notification:
    row = Notification(
        event_id=delivery.event_id,
        kind=delivery.kind,
        to_address=email.to,
        subject=email.subject,
        status="sent",
    )
    try:
        await mailer.send(email)
    except DeliveryRefused as exc:
        row.status, row.error = "failed", str(exc)
        return row
    row.sent_at = datetime.now(UTC)
    return row


def _audit(uow: UnitOfWork, delivery: Delivery, email: Email, row: Notification) -> None:
    """Recorded without the address: the ledger keeps records forever, so no email in it."""
    orgs = (*delivery.org_ids, *((email.recipient.org_id,) if email.recipient.org_id else ()))
    uow.audit(
        ACTOR,
        f"notification.{row.status}",
        object_type=delivery.object_type,
        object_id=delivery.object_id,
        org_ids=tuple(dict.fromkeys(orgs)),
        reason=row.error,
        notification_id=str(row.id),
        kind=delivery.kind,
        recipient_user_id=email.recipient.user_id,
    )
