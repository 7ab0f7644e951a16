"""What each domain event tells which organization's webhooks, and the signed bytes sent.

The body is `{"type", "timestamp", "data"}` as Standard Webhooks suggests; each organization
is told only its part (an owner sees its own line items of a request, never another
owner's). No I/O.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from custody_contracts.events import Event
from custody_contracts.events.audit import DisclosureCreated
from custody_contracts.events.evidence import EvidenceIngested
from custody_contracts.events.redaction import RedactionCompleted
from custody_contracts.events.video_requests import (
    RequestApproved,
    RequestFulfilled,
    RequestRejected,
    RequestSubmitted,
)
from standardwebhooks import Webhook

from notifier.domain.webhooks import PING


@dataclass(frozen=True)
class Message:
    org_id: uuid.UUID
    type: str
    data: dict[str, Any]


def _data(event: Event, **extra: Any) -> dict[str, Any]:
    return event.model_dump(mode="json", exclude={"type"}) | extra


def _submitted(event: RequestSubmitted) -> list[Message]:
    whole = Message(event.requester_org_id, "request.submitted", _data(event))
    owners = {item.owner_org_id for item in event.line_items} - {event.requester_org_id}
    return [whole] + [_owner_part(event, owner) for owner in sorted(owners)]


def _owner_part(event: RequestSubmitted, owner: uuid.UUID) -> Message:
    items = [i.model_dump(mode="json") for i in event.line_items if i.owner_org_id == owner]
    return Message(owner, "request.submitted", _data(event, line_items=items))


def _decided(event: RequestApproved | RequestRejected) -> list[Message]:
    decision = "approved" if isinstance(event, RequestApproved) else "rejected"
    data = _data(event, decision=decision)
    orgs = sorted({event.requester_org_id, event.owner_org_id})
    return [Message(org, "request.decided", data) for org in orgs]


def _own(kind: str) -> Callable[[Any], list[Message]]:
    def told(event: Any) -> list[Message]:
        org = getattr(event, "org_id", None) or event.requester_org_id
        return [Message(org, kind, _data(event))]

    return told


MESSAGES: dict[type[Event], Callable[[Any], list[Message]]] = {
    RequestSubmitted: _submitted,
    RequestApproved: _decided,
    RequestRejected: _decided,
    RequestFulfilled: _own("request.fulfilled"),
    EvidenceIngested: _own("evidence.ingested"),
    RedactionCompleted: _own("redaction.completed"),
    DisclosureCreated: _own("disclosure.ready"),
}


def messages(event: Event) -> list[Message]:
    return MESSAGES[type(event)](event)


def ping(org_id: uuid.UUID, endpoint_id: uuid.UUID) -> Message:
    return Message(org_id, PING, {"endpoint_id": str(endpoint_id)})


def body(message: Message, at: datetime) -> str:
    """The exact text that is signed and sent, stored with the delivery."""
    document = {"type": message.type, "timestamp": at.isoformat(), "data": message.data}
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


def signed_headers(secrets: list[str], message_id: str, at: datetime, text: str) -> dict[str, str]:
    """Standard Webhooks headers; one signature per live secret, so a receiver that still
    holds the previous secret verifies during a rotation."""
    signatures = [Webhook(secret).sign(message_id, at, text) for secret in secrets]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
    }
