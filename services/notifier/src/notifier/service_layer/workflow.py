"""Mail for the rest of a request's life: approvals, questions, no video, expiry, the
conversation and SLA reminders."""

from __future__ import annotations

import uuid

from custody_contracts.events.video_requests import (
    LineItemDueSoon,
    LineItemStatusChanged,
    RequestApproved,
    RequestMessagePosted,
)
from custody_platform.unit_of_work import UnitOfWork

from notifier.domain import messages
from notifier.service_layer.delivery import Delivery, deliver
from notifier.service_layer.notify import Notifier, approvers, tell_requester


async def request_approved(
    uow: UnitOfWork, notifier: Notifier, event: RequestApproved, event_id: uuid.UUID
) -> None:
    orgs = (event.requester_org_id, event.owner_org_id)
    delivery = Delivery(event_id, "request_approved", event.request_id, orgs)
    await tell_requester(uow, notifier, event, delivery, messages.request_approved)


async def status_changed(
    uow: UnitOfWork, notifier: Notifier, event: LineItemStatusChanged, event_id: uuid.UUID
) -> None:
    """More info asked, no video, expiry: the requester has to know; other moves are quiet."""
    if not messages.status_mail_wanted(event):
        return
    requester = await notifier.directory.user(event.requester_user_id)
    email = messages.status_changed(requester, event, notifier.public_base_url)
    orgs = (event.requester_org_id, event.owner_org_id)
    kind = f"line_item_{event.status}"
    await deliver(uow, notifier.post, Delivery(event_id, kind, event.request_id, orgs), [email])


async def message_posted(
    uow: UnitOfWork, notifier: Notifier, event: RequestMessagePosted, event_id: uuid.UUID
) -> None:
    """An owner's message goes to the requester; a requester's to the owner's approvers."""
    if event.author_party == "owner":
        recipients = [await notifier.directory.user(event.requester_user_id)]
    else:
        recipients = await approvers(notifier, event.owner_org_id, ())
    emails = [messages.message_posted(r, event, notifier.public_base_url) for r in recipients]
    orgs = (event.requester_org_id, event.owner_org_id)
    await deliver(
        uow, notifier.post, Delivery(event_id, "message_posted", event.request_id, orgs), emails
    )


async def due_soon(
    uow: UnitOfWork, notifier: Notifier, event: LineItemDueSoon, event_id: uuid.UUID
) -> None:
    found = await approvers(notifier, event.owner_org_id, event.approver_user_ids)
    emails = [messages.due_soon(a, event, notifier.public_base_url) for a in found]
    delivery = Delivery(event_id, "line_item_due_soon", event.request_id, (event.owner_org_id,))
    await deliver(uow, notifier.post, delivery, emails)
