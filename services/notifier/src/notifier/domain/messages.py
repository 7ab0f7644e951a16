"""The emails the notifier writes: who gets them and what they say. No I/O."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from custody_contracts.events.gateway import GuestInvited
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
    user_id: str  # "" for someone who is not a user yet (an invited guest)
    org_id: uuid.UUID | None
    email: str
    display_name: str = ""


@dataclass(frozen=True)
class Email:
    """What one email says; adapters/email_templates renders it as text and HTML."""

    recipient: Recipient
    subject: str
    text: str  # what happened, in plain text
    action: str = ""  # what the link does: "Review it"
    link: str = ""  # a page of the web app

    @property
    def to(self) -> str:
        return self.recipient.email

    @property
    def greeting(self) -> str:
        return f"Hello {self.recipient.display_name or self.recipient.email},"


@dataclass(frozen=True)
class Letter:
    """An email as sent: both parts of a multipart/alternative message."""

    to: str
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class DigestLine:
    """One notice held for a digest."""

    subject: str
    summary: str
    link: str


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


def compose(recipient: Recipient, subject: str, text: str, action: str, link: str) -> Email:
    """Every email has one shape: a greeting, what happened, and a link to act on it."""
    return Email(recipient, subject, text, action, link)


def request_submitted(approver: Recipient, event: RequestSubmitted, base_url: str) -> Email:
    cameras = sum(1 for item in event.line_items if item.owner_org_id == approver.org_id)
    text = (
        f"A new video request for incident {event.incident_number} "
        f"asks for footage from {cameras or len(event.line_items)} of your cameras."
    )
    link = request_link(base_url, event.request_id)
    return compose(approver, f"New video request {event.incident_number}", text, "Review it", link)


def request_fulfilled(
    requester: Recipient, event: RequestFulfilled, label: str, base_url: str
) -> Email:
    text = f"Video for request {label} is now evidence in your case."
    link = request_link(base_url, event.request_id)
    return compose(requester, f"Video available for {label}", text, "See the request", link)


def request_rejected(
    requester: Recipient, event: RequestRejected, label: str, base_url: str
) -> Email:
    text = f"The camera owner rejected part of request {label}.\nReason: {event.reason}"
    link = request_link(base_url, event.request_id)
    return compose(requester, f"Video request {label} rejected", text, "See the request", link)


def request_approved(
    requester: Recipient, event: RequestApproved, label: str, base_url: str
) -> Email:
    allowed = "view and download" if event.permission == "download" else "view (not download)"
    text = (
        f"The camera owner approved part of request {label}; "
        f"you may {allowed} the video once it is exported."
    )
    link = request_link(base_url, event.request_id)
    return compose(requester, f"Video request {label} approved", text, "See the request", link)


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
    text = f"Request {label}: {lead}.\nReason: {event.reason or '-'}"
    link = request_link(base_url, event.request_id)
    return compose(requester, subject.format(label=label), text, "See the request", link)


def message_posted(recipient: Recipient, event: RequestMessagePosted, base_url: str) -> Email:
    sender = "The camera owner" if event.author_party == "owner" else "The requester"
    text = f"{sender} wrote about request {event.incident_number}:\n\n{event.body}\n"
    subject = f"New message on video request {event.incident_number}"
    return compose(recipient, subject, text, "Reply", request_link(base_url, event.request_id))


def due_soon(approver: Recipient, event: LineItemDueSoon, base_url: str) -> Email:
    text = (
        f"Video request {event.incident_number} needs a decision "
        f"before {event.due_at:%Y-%m-%d %H:%M} UTC, or it expires."
    )
    subject = f"Decision due soon: {event.incident_number}"
    return compose(approver, subject, text, "Review it", request_link(base_url, event.request_id))


def guest_invited(event: GuestInvited) -> Email:
    """The invitee is not a user yet: no preferences, addressed by the invitation alone."""
    invitee = Recipient("", None, event.email, event.display_name)
    text = (
        f"{event.inviter_name} of {event.org_name} invited you to Custody as a guest "
        f"investigator for {event.agency}: you may request video from {event.org_name}'s "
        "cameras and see what it shares with you.\n"
        f"The link works once, until {event.expires_at:%Y-%m-%d %H:%M} UTC. "
        "If you did not expect this invitation, ignore this email."
    )
    subject = f"{event.inviter_name} invited you to {event.org_name} on Custody"
    return compose(invitee, subject, text, "Accept the invitation", event.accept_url)


def user_uuid(recipient: Recipient) -> uuid.UUID | None:
    """The recipient's user id; None for someone who is not a user (a guest invited by
    email has no preferences yet)."""
    try:
        return uuid.UUID(recipient.user_id)
    except ValueError:
        return None
