"""What the notifier reacts to, and the use case each event runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.audit import DisclosureCreated
from custody_contracts.events.device_gateway import BackgroundVideoFinished
from custody_contracts.events.evidence import PublicEvidenceReceived, RedactionRequested
from custody_contracts.events.gateway import GuestInvited
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
from custody_platform.consumer import Handler
from custody_platform.unit_of_work import UnitOfWork

from notifier.domain.webhook_messages import MESSAGES
from notifier.service_layer import (
    device_notices,
    evidence_notices,
    inbox,
    invitations,
    notify,
    webhook_deliveries,
    work_notices,
    workflow,
)

UseCase = Callable[..., Awaitable[None]]

USE_CASES: Mapping[type[Event], UseCase] = {
    RequestSubmitted: notify.request_submitted,
    RequestFulfilled: notify.request_fulfilled,
    RequestRejected: notify.request_rejected,
    RequestApproved: workflow.request_approved,
    LineItemStatusChanged: workflow.status_changed,  # more info, no video, expired
    RequestMessagePosted: workflow.message_posted,
    LineItemDueSoon: workflow.due_soon,
    PublicEvidenceReceived: evidence_notices.public_evidence_received,
    BackgroundVideoFinished: device_notices.background_video_finished,
    RedactionRequested: work_notices.redaction_requested,
    RedactionCompleted: work_notices.redaction_ready,
    DisclosureCreated: work_notices.disclosure_ready,
    GuestInvited: invitations.guest_invited,  # the invitee is not a user: email only
}


def build_handlers(notifier: notify.Notifier) -> dict[type[Event], Handler]:
    """The mailer's handler map, each use case bound to the directory and mailer bootstrap
    built."""
    return {event_type: _bind(use_case, notifier) for event_type, use_case in USE_CASES.items()}


def build_inbox_handlers(notifier: notify.Notifier) -> dict[type[Event], Handler]:
    """The in-app notifications' handler map: every event someone is told of in the tray."""
    return {event_type: _bind(inbox.receive, notifier) for event_type in inbox.WRITERS}


def build_webhook_handlers() -> dict[type[Event], Handler]:
    """The webhooks' handler map: each event an organization may subscribe to becomes its
    endpoints' deliveries, written with the consumer's processed-event record."""

    async def handle(event: Any, uow: UnitOfWork, envelope: Envelope) -> None:
        await webhook_deliveries.enqueue(uow, event, envelope.id)

    return dict.fromkeys(MESSAGES, handle)


def _bind(use_case: UseCase, notifier: notify.Notifier) -> Handler:
    async def handle(event: Any, uow: UnitOfWork, envelope: Envelope) -> None:
        await use_case(uow, notifier, event, envelope.id)

    return handle
