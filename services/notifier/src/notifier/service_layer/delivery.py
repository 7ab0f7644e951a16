"""Sending emails and recording them, at least once, as each recipient chose.

Each email is sent before the unit of work commits, and its row is written in that unit of
work together with the consumer's processed-event id. SMTP has no transaction to join, so a
crash between sending and committing sends again on redelivery: a duplicate email is better
than a lost one. A row already recorded for (event id, address) skips that address. A
transient SMTP failure raises, nothing commits, and the platform retries the whole event
(recipients before the failure may then get it twice) before dead-lettering it. A permanent
refusal (5xx for the recipient) is recorded as failed and not retried.

A recipient who chose the digest for the email's topic has it held for the daily digest;
one who chose the tray only, or nothing, gets no email. An invited guest is not a user yet
and has no preferences: their invitation is always emailed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from custody_platform.unit_of_work import Actor, UnitOfWork

from notifier.adapters import digest_repository, preference_repository, repository
from notifier.adapters.orm import Notification
from notifier.domain import preferences
from notifier.domain.messages import Email, distinct_recipients, user_uuid
from notifier.service_layer.ports import DeliveryRefused, Post

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


async def deliver(uow: UnitOfWork, post: Post, delivery: Delivery, emails: Iterable[Email]) -> None:
    topic = preferences.EMAIL_TOPICS[delivery.kind]
    emails = distinct_recipients(emails)
    users = [u for u in (user_uuid(e.recipient) for e in emails) if u]
    saved = await preference_repository.stored(uow.session, users)
    for email in emails:
        user_id = user_uuid(email.recipient)
        wanted = preferences.choice(saved.get(user_id, {}) if user_id else {}, topic)
        if wanted == preferences.DIGEST and user_id:
            await digest_repository.hold(uow.session, delivery.event_id, user_id, email, topic)
        elif wanted == preferences.EMAIL:
            await deliver_one(uow, post, delivery, email)


async def deliver_one(uow: UnitOfWork, post: Post, delivery: Delivery, email: Email) -> None:
    """Sends one email whatever anyone chose: `deliver` asks preferences first; someone who
    is not a user yet (an invited guest) has none."""
    if await repository.recorded(uow.session, delivery.event_id, email.to):
        return
    notification = await _send(post, delivery, email)
    repository.add(uow.session, notification)
    _audit(uow, delivery, email, notification)


async def _send(post: Post, delivery: Delivery, email: Email) -> Notification:
    row = Notification(
        event_id=delivery.event_id,
        kind=delivery.kind,
        to_address=email.to,
        subject=email.subject,
        status="sent",
    )
    try:
        await post.mailer.send(post.writer.message(email))
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
