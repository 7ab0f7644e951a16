"""Who is told what, for each event the notifier reacts to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from custody_contracts.events import (
    NoVideoAvailable,
    RequestFulfilled,
    RequestRejected,
    RequestSubmitted,
)
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import UnitOfWork

from notifier.adapters import repository
from notifier.adapters.orm import RequestContact
from notifier.domain import messages
from notifier.domain.messages import Email
from notifier.service_layer.delivery import Delivery, deliver
from notifier.service_layer.ports import Directory, Mailer


@dataclass(frozen=True)
class Notifier:
    directory: Directory
    mailer: Mailer
    public_base_url: str


async def request_submitted(
    uow: UnitOfWork, notifier: Notifier, event: RequestSubmitted, event_id: uuid.UUID
) -> None:
    """Every approver of every organization whose cameras are asked for."""
    await repository.remember_requester(uow.session, event)
    emails: list[Email] = []
    for org_id in messages.owner_orgs(event):
        for approver in await notifier.directory.approvers(org_id):
            emails.append(messages.request_submitted(approver, event, notifier.public_base_url))
    delivery = Delivery(event_id, "request_submitted", event.request_id, (event.requester_org_id,))
    await deliver(uow, notifier.mailer, delivery, emails)


async def request_fulfilled(
    uow: UnitOfWork, notifier: Notifier, event: RequestFulfilled, event_id: uuid.UUID
) -> None:
    requester = await notifier.directory.user(event.requester_user_id)
    label = await _label(uow, event.request_id)
    email = messages.request_fulfilled(requester, event, label, notifier.public_base_url)
    delivery = Delivery(event_id, "request_fulfilled", event.request_id, (event.requester_org_id,))
    await deliver(uow, notifier.mailer, delivery, [email])


async def request_rejected(
    uow: UnitOfWork, notifier: Notifier, event: RequestRejected, event_id: uuid.UUID
) -> None:
    requester = await notifier.directory.user(event.requester_user_id)
    label = await _label(uow, event.request_id)
    email = messages.request_rejected(requester, event, label, notifier.public_base_url)
    orgs = (event.requester_org_id, event.owner_org_id)
    delivery = Delivery(event_id, "request_rejected", event.request_id, orgs)
    await deliver(uow, notifier.mailer, delivery, [email])


async def no_video_available(
    uow: UnitOfWork, notifier: Notifier, event: NoVideoAvailable, event_id: uuid.UUID
) -> None:
    export = event.export
    contact = await _requester_of(uow, export.request_id)
    requester = await notifier.directory.user(contact.requester_user_id)
    label, base_url = contact.incident_number, notifier.public_base_url
    email = messages.no_video(requester, export.request_id, event.reason, label, base_url)
    orgs = (export.requester_org_id, export.owner_org_id)
    delivery = Delivery(event_id, "no_video_available", export.request_id, orgs)
    await deliver(uow, notifier.mailer, delivery, [email])


async def _requester_of(uow: UnitOfWork, request_id: uuid.UUID) -> RequestContact:
    """Known from the request's RequestSubmitted; until that is handled this raises, so the
    platform retries and then dead-letters the event for a replay."""
    contact = await repository.contact(uow.session, request_id)
    if contact is None:
        raise NotFound(f"the requester of request {request_id} is not known yet")
    return contact


async def _label(uow: UnitOfWork, request_id: uuid.UUID) -> str:
    """The incident number people know the request by, else its id."""
    contact = await repository.contact(uow.session, request_id)
    return contact.incident_number if contact else str(request_id)
