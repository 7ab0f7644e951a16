"""In-app notifications, kept per user: who is told of each event, in the tray.

A consumer group of its own ("inbox"), apart from the mailer's: a mail server that is down
delays and may dead-letter emails, never the tray. A redelivered event adds nothing: the
consumer's processed-event record, and one row per (event, user) at most.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from custody_contracts.events import Event
from custody_contracts.events.audit import DisclosureCreated
from custody_contracts.events.device_gateway import BackgroundVideoFinished
from custody_contracts.events.evidence import PublicEvidenceReceived, RedactionRequested
from custody_contracts.events.redaction import RedactionCompleted
from custody_contracts.events.video_requests import (
    LineItemDueSoon,
    LineItemStatusChanged,
    RequestApproved,
    RequestFulfilled,
    RequestMessagePosted,
    RequestRejected,
    RequestSubmitted,
)
from custody_platform.unit_of_work import UnitOfWork

from notifier.adapters import (
    inbox_repository,
    preference_repository,
    redaction_repository,
    repository,
)
from notifier.domain import inbox, preferences
from notifier.domain.inbox import Notice
from notifier.domain.messages import Recipient, awaiting_decision
from notifier.service_layer import work_notices
from notifier.service_layer.notify import Notifier, approvers, label_of, members_of

Writer = Callable[[UnitOfWork, Notifier, Any], Awaitable[list[Notice]]]


async def receive(uow: UnitOfWork, notifier: Notifier, event: Event, event_id: uuid.UUID) -> None:
    """The event's notifications, stored for their users who did not turn its topic off."""
    notices = inbox.one_per_user(await WRITERS[type(event)](uow, notifier, event))
    saved = await preference_repository.stored(uow.session, [n.user_id for n in notices])
    topic = TOPICS[type(event)]
    wanted = [n for n in notices if preferences.in_tray(saved.get(n.user_id, {}), topic)]
    await inbox_repository.add(uow.session, event_id, wanted)


async def _submitted(uow: UnitOfWork, notifier: Notifier, event: RequestSubmitted) -> list[Notice]:
    """The approvers of each owner with something to decide (as the mailer tells them)."""
    await repository.remember_requester(uow.session, event)
    found = []
    for org_id, approver_ids in awaiting_decision(event).items():
        for person in await approvers(notifier, org_id, approver_ids):
            found.append(inbox.review(_user(person), org_id, event))
    return found


async def _approved(uow: UnitOfWork, notifier: Notifier, event: RequestApproved) -> list[Notice]:
    return [inbox.approved(event, await label_of(uow, event.request_id))]


async def _rejected(uow: UnitOfWork, notifier: Notifier, event: RequestRejected) -> list[Notice]:
    return [inbox.rejected(event, await label_of(uow, event.request_id))]


async def _fulfilled(uow: UnitOfWork, notifier: Notifier, event: RequestFulfilled) -> list[Notice]:
    return [inbox.fulfilled(event, await label_of(uow, event.request_id))]


async def _status(
    uow: UnitOfWork, notifier: Notifier, event: LineItemStatusChanged
) -> list[Notice]:
    return [inbox.status_changed(event)] if inbox.status_wanted(event) else []


async def _message(
    uow: UnitOfWork, notifier: Notifier, event: RequestMessagePosted
) -> list[Notice]:
    """An owner's message to the requester; a requester's answer to the owner's approvers."""
    if event.author_party == "owner":
        return [inbox.message(event.requester_user_id, event.requester_org_id, event)]
    found = await approvers(notifier, event.owner_org_id, ())
    return [inbox.message(_user(a), event.owner_org_id, event) for a in found]


async def _due_soon(uow: UnitOfWork, notifier: Notifier, event: LineItemDueSoon) -> list[Notice]:
    found = await approvers(notifier, event.owner_org_id, event.approver_user_ids)
    return [inbox.due_soon(_user(a), event) for a in found]


async def _public_upload(
    uow: UnitOfWork, notifier: Notifier, event: PublicEvidenceReceived
) -> list[Notice]:
    found = await members_of(notifier, event.org_id, event.notify_user_ids)
    return [inbox.public_upload(_user(r), event) for r in found]


async def _background_video(
    uow: UnitOfWork, notifier: Notifier, event: BackgroundVideoFinished
) -> list[Notice]:
    return [inbox.background_video(event)]


async def _redaction_requested(
    uow: UnitOfWork, notifier: Notifier, event: RedactionRequested
) -> list[Notice]:
    await redaction_repository.remember(uow.session, event)  # nothing to tell yet
    return []


async def _redaction_ready(
    uow: UnitOfWork, notifier: Notifier, event: RedactionCompleted
) -> list[Notice]:
    return [told for _, told in await work_notices.redaction_told(uow, notifier, event)]


async def _disclosure_ready(
    uow: UnitOfWork, notifier: Notifier, event: DisclosureCreated
) -> list[Notice]:
    return [told for _, told in await work_notices.disclosure_told(uow, notifier, event)]


def _user(recipient: Recipient) -> uuid.UUID:
    return uuid.UUID(recipient.user_id)


WRITERS: Mapping[type[Event], Writer] = {
    RequestSubmitted: _submitted,
    RequestApproved: _approved,
    RequestRejected: _rejected,
    RequestFulfilled: _fulfilled,
    LineItemStatusChanged: _status,
    RequestMessagePosted: _message,
    LineItemDueSoon: _due_soon,
    PublicEvidenceReceived: _public_upload,
    BackgroundVideoFinished: _background_video,
    RedactionRequested: _redaction_requested,
    RedactionCompleted: _redaction_ready,
    DisclosureCreated: _disclosure_ready,
}

# The preference topic of each event's notices.
TOPICS: Mapping[type[Event], str] = {
    RequestSubmitted: "review_requested",
    RequestApproved: "request_decided",
    RequestRejected: "request_decided",
    RequestFulfilled: "request_fulfilled",
    LineItemStatusChanged: "request_status",
    RequestMessagePosted: "request_message",
    LineItemDueSoon: "decision_due",
    PublicEvidenceReceived: "public_upload",
    BackgroundVideoFinished: "background_video",
    RedactionRequested: "redaction_ready",  # remembered only: no notice
    RedactionCompleted: "redaction_ready",
    DisclosureCreated: "disclosure_ready",
}
