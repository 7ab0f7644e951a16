"""The emails the notifier writes: who gets them and what they say. No I/O."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from custody_contracts.events import RequestFulfilled, RequestRejected, RequestSubmitted


@dataclass(frozen=True)
class Recipient:
    user_id: str
    org_id: uuid.UUID | None
    email: str
    display_name: str = ""


@dataclass(frozen=True)
class Email:
    recipient: Recipient
    subject: str
    body: str

    @property
    def to(self) -> str:
        return self.recipient.email


def request_link(base_url: str, request_id: uuid.UUID) -> str:
    return f"{base_url.rstrip('/')}/requests/{request_id}"


def owner_orgs(event: RequestSubmitted) -> list[uuid.UUID]:
    """Each organization whose cameras the request names, once, in line-item order."""
    return list(dict.fromkeys(item.owner_org_id for item in event.line_items))


def distinct_recipients(emails: Iterable[Email]) -> list[Email]:
    """One email per address: an approver of two owner orgs is told once."""
    seen: dict[str, Email] = {}
    for email in emails:
        seen.setdefault(email.to.strip().lower(), email)
    return list(seen.values())


def _greeting(recipient: Recipient) -> str:
    return f"Hello {recipient.display_name or recipient.email},"


def request_submitted(approver: Recipient, event: RequestSubmitted, base_url: str) -> Email:
    cameras = sum(1 for item in event.line_items if item.owner_org_id == approver.org_id)
    body = (
        f"{_greeting(approver)}\n\nA new video request for incident {event.incident_number} "
        f"asks for footage from {cameras or len(event.line_items)} of your cameras.\n"
        f"Review it: {request_link(base_url, event.request_id)}\n"
    )
    return Email(approver, f"New video request {event.incident_number}", body)


def request_fulfilled(
    requester: Recipient, event: RequestFulfilled, label: str, base_url: str
) -> Email:
    body = (
        f"{_greeting(requester)}\n\nVideo for request {label} is now evidence in your case.\n"
        f"See the request: {request_link(base_url, event.request_id)}\n"
    )
    return Email(requester, f"Video available for {label}", body)


def request_rejected(
    requester: Recipient, event: RequestRejected, label: str, base_url: str
) -> Email:
    body = (
        f"{_greeting(requester)}\n\nThe camera owner rejected part of request {label}.\n"
        f"Reason: {event.reason}\nSee the request: {request_link(base_url, event.request_id)}\n"
    )
    return Email(requester, f"Video request {label} rejected", body)


def no_video(
    requester: Recipient, request_id: uuid.UUID, reason: str, label: str, base_url: str
) -> Email:
    body = (
        f"{_greeting(requester)}\n\nThe device has no video for part of request {label}.\n"
        f"Reason: {reason}\nSee the request: {request_link(base_url, request_id)}\n"
    )
    return Email(requester, f"No video available for {label}", body)
