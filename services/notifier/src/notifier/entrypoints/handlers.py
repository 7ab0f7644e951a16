"""What the notifier reacts to, and the use case each event runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.evidence import PublicEvidenceReceived
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

from notifier.service_layer import evidence_notices, notify, workflow

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
}


def build_handlers(notifier: notify.Notifier) -> dict[type[Event], Handler]:
    """The handler map, each use case bound to the directory and mailer bootstrap built."""

    def bind(use_case: UseCase) -> Handler:
        async def handle(event: Any, uow: UnitOfWork, envelope: Envelope) -> None:
            await use_case(uow, notifier, event, envelope.id)

        return handle

    return {event_type: bind(use_case) for event_type, use_case in USE_CASES.items()}
