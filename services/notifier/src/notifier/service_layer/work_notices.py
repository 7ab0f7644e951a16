"""Work someone asked for is done: a redacted copy, a disclosure package. The person who
asked is told, by email and in the tray (each as they chose), if still a user of the
organization. The email says what the tray says, with a link into the web app."""

from __future__ import annotations

import uuid

from custody_contracts.events.audit import DisclosureCreated
from custody_contracts.events.evidence import RedactionRequested
from custody_contracts.events.redaction import RedactionCompleted
from custody_platform.logging import get_logger
from custody_platform.unit_of_work import UnitOfWork

from notifier.adapters import redaction_repository
from notifier.domain import inbox
from notifier.domain.inbox import Notice
from notifier.domain.messages import Email, Recipient, compose, user_uuid
from notifier.service_layer.delivery import Delivery, deliver
from notifier.service_layer.notify import Notifier, members_of

log = get_logger()


async def redaction_requested(
    uow: UnitOfWork, notifier: Notifier, event: RedactionRequested, event_id: uuid.UUID
) -> None:
    """Remembers who asked: RedactionCompleted does not say."""
    await redaction_repository.remember(uow.session, event)


Told = list[tuple[Recipient, Notice]]


async def redaction_told(uow: UnitOfWork, notifier: Notifier, event: RedactionCompleted) -> Told:
    asked = await redaction_repository.asked(uow.session, event.job_id)
    if asked is None:  # requested before the notifier remembered requests
        log.info("redaction requester unknown", job_id=str(event.job_id))
        return []
    found = await members_of(notifier, event.org_id, (asked.requested_by,))
    return [(r, inbox.redaction_ready(_id(r), event, asked.filename)) for r in found]


async def disclosure_told(uow: UnitOfWork, notifier: Notifier, event: DisclosureCreated) -> Told:
    if event.created_by is None:  # built before the event named who asked
        return []
    found = await members_of(notifier, event.org_id, (event.created_by,))
    return [(r, inbox.disclosure_ready(_id(r), event)) for r in found]


async def redaction_ready(
    uow: UnitOfWork, notifier: Notifier, event: RedactionCompleted, event_id: uuid.UUID
) -> None:
    told = await redaction_told(uow, notifier, event)
    delivery = Delivery(event_id, "redaction_ready", event.evidence_id, (event.org_id,), "evidence")
    await deliver(uow, notifier.post, delivery, emails(told, notifier.public_base_url))


async def disclosure_ready(
    uow: UnitOfWork, notifier: Notifier, event: DisclosureCreated, event_id: uuid.UUID
) -> None:
    told = await disclosure_told(uow, notifier, event)
    delivery = Delivery(
        event_id, "disclosure_ready", event.disclosure_id, (event.org_id,), "disclosure"
    )
    await deliver(uow, notifier.post, delivery, emails(told, notifier.public_base_url))


def emails(told: Told, base_url: str) -> list[Email]:
    link = base_url.rstrip("/")
    return [compose(r, n.title, n.body, "See it", link + n.link) for r, n in told]


def _id(recipient: Recipient) -> uuid.UUID:
    found = user_uuid(recipient)
    assert found is not None, "members_of answers users only"
    return found
