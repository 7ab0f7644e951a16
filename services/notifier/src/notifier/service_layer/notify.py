"""Who is told what, for each event the notifier reacts to."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from custody_contracts.events.video_requests import (
    RequestApproved,
    RequestFulfilled,
    RequestRejected,
    RequestSubmitted,
)
from custody_platform.errors import NotFound
from custody_platform.logging import get_logger
from custody_platform.unit_of_work import UnitOfWork

from notifier.adapters import repository
from notifier.domain import messages
from notifier.domain.messages import Email, Recipient
from notifier.service_layer.delivery import Delivery, deliver
from notifier.service_layer.ports import Directory, Post

log = get_logger()

# The events that answer a requester: each names the request and who asked.
E = TypeVar("E", RequestFulfilled, RequestRejected, RequestApproved)
Writer = Callable[[Recipient, E, str, str], Email]


@dataclass(frozen=True)
class Notifier:
    directory: Directory
    post: Post
    public_base_url: str


async def request_submitted(
    uow: UnitOfWork, notifier: Notifier, event: RequestSubmitted, event_id: uuid.UUID
) -> None:
    """The approvers the owner's policy names (else every approver of the owner org), for
    each owner with something to decide."""
    await repository.remember_requester(uow.session, event)
    emails: list[Email] = []
    for org_id, approver_ids in messages.awaiting_decision(event).items():
        for approver in await approvers(notifier, org_id, approver_ids):
            emails.append(messages.request_submitted(approver, event, notifier.public_base_url))
    delivery = Delivery(event_id, "request_submitted", event.request_id, (event.requester_org_id,))
    await deliver(uow, notifier.post, delivery, emails)


async def request_fulfilled(
    uow: UnitOfWork, notifier: Notifier, event: RequestFulfilled, event_id: uuid.UUID
) -> None:
    delivery = Delivery(event_id, "request_fulfilled", event.request_id, (event.requester_org_id,))
    await tell_requester(uow, notifier, event, delivery, messages.request_fulfilled)


async def request_rejected(
    uow: UnitOfWork, notifier: Notifier, event: RequestRejected, event_id: uuid.UUID
) -> None:
    orgs = (event.requester_org_id, event.owner_org_id)
    delivery = Delivery(event_id, "request_rejected", event.request_id, orgs)
    await tell_requester(uow, notifier, event, delivery, messages.request_rejected)


async def tell_requester(
    uow: UnitOfWork, notifier: Notifier, event: E, delivery: Delivery, write: Writer[E]
) -> None:
    """One email to the requester, naming the request by its label."""
    requester = await notifier.directory.user(event.requester_user_id)
    label = await label_of(uow, event.request_id)
    email = write(requester, event, label, notifier.public_base_url)
    await deliver(uow, notifier.post, delivery, [email])


async def approvers(
    notifier: Notifier, org_id: uuid.UUID, approver_ids: Sequence[uuid.UUID]
) -> list[Recipient]:
    """The approvers named for the owner's cameras (else every approver of the owner)."""
    if not approver_ids:
        return await notifier.directory.approvers(org_id)
    return await members_of(notifier, org_id, approver_ids)


async def members_of(
    notifier: Notifier, org_id: uuid.UUID, user_ids: Sequence[uuid.UUID]
) -> list[Recipient]:
    """Those of ``user_ids`` who are users of ``org_id``. A policy or case saved before
    references were checked may name another organization's user, or one who no longer
    exists: they are told nothing about this organization's business."""
    found: list[Recipient] = []
    for user_id in user_ids:
        try:
            found.append(await notifier.directory.user(user_id))
        except NotFound:
            found.append(Recipient(str(user_id), None, ""))
    if strangers := [r.user_id for r in found if r.org_id != org_id]:
        log.warning("notifier.recipients_outside_org", org_id=str(org_id), user_ids=strangers)
    return [r for r in found if r.org_id == org_id]


async def label_of(uow: UnitOfWork, request_id: uuid.UUID) -> str:
    """The incident number people know the request by, else its id."""
    contact = await repository.contact(uow.session, request_id)
    return contact.incident_number if contact else str(request_id)
