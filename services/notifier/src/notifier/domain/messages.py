"""The emails the notifier writes: who gets them and what they say. No I/O."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from custody_contracts.events.video_requests import (
    LineItemDueSoon,
    LineItemStatusChanged,
    RequestApproved,
    RequestFulfilled,
    RequestMessagePosted,
    RequestRejected,
    RequestSubmitted,
)


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


def awaiting_decision(event: RequestSubmitted) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Owner org -> the approvers its policy names (empty: the org's approvers), for the
    owners with something to decide; partner requests approved at once need no one."""
    wanted: dict[uuid.UUID, list[uuid.UUID]] = {}
    for item in event.line_items:
        if item.status == "exporting":
            continue
        approvers = wanted.setdefault(item.owner_org_id, [])
        approvers += [a for a in item.approver_user_ids if a not in approvers]
    return wanted


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


def request_approved(
    requester: Recipient, event: RequestApproved, label: str, base_url: str
) -> Email:
    allowed = "view and download" if event.permission == "download" else "view (not download)"
    body = (
        f"{_greeting(requester)}\n\nThe camera owner approved part of request {label}; "
        f"you may {allowed} the video once it is exported.\n"
        f"See the request: {request_link(base_url, event.request_id)}\n"
    )
    return Email(requester, f"Video request {label} approved", body)


# What the requester is told when a line item moves on its own or at the owner's word.
_STATUS_MAIL = {
    "more_info_requested": ("More information needed for {label}", "the owner needs more"),
    "video_unavailable": ("No video available for {label}", "the device has no video for it"),
    "expired": ("Video request {label} expired", "no decision was made in time"),
}


def status_mail_wanted(event: LineItemStatusChanged) -> bool:
    return event.status in _STATUS_MAIL


def status_changed(requester: Recipient, event: LineItemStatusChanged, base_url: str) -> Email:
    subject, lead = _STATUS_MAIL[event.status]
    label = event.incident_number
    body = (
        f"{_greeting(requester)}\n\nRequest {label}: {lead}.\nReason: {event.reason or '-'}\n"
        f"See the request: {request_link(base_url, event.request_id)}\n"
    )
    return Email(requester, subject.format(label=label), body)


def message_posted(recipient: Recipient, event: RequestMessagePosted, base_url: str) -> Email:
    sender = "The camera owner" if event.author_party == "owner" else "The requester"
    body = (
        f"{_greeting(recipient)}\n\n{sender} wrote about request {event.incident_number}:\n\n"
        f"{event.body}\n\nReply: {request_link(base_url, event.request_id)}\n"
    )
    return Email(recipient, f"New message on video request {event.incident_number}", body)


def due_soon(approver: Recipient, event: LineItemDueSoon, base_url: str) -> Email:
    body = (
        f"{_greeting(approver)}\n\nVideo request {event.incident_number} needs a decision "
        f"before {event.due_at:%Y-%m-%d %H:%M} UTC, or it expires.\n"
        f"Review it: {request_link(base_url, event.request_id)}\n"
    )
    return Email(approver, f"Decision due soon: {event.incident_number}", body)
