"""In-app notifications: what a person sees in the web app's tray for each event, in plain
language, with the web app path of the page it is about. No I/O."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from custody_contracts.events.audit import DisclosureCreated
from custody_contracts.events.device_gateway import BackgroundVideoFinished
from custody_contracts.events.evidence import PublicEvidenceReceived
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

# Titles and bodies are stored as given; these bounds keep a long reason or message readable.
MAX_TITLE = 200
MAX_BODY = 1000


@dataclass(frozen=True)
class Notice:
    user_id: uuid.UUID
    org_id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str  # a path of the web app, such as /requests/{id}


def notice(
    user_id: uuid.UUID, org_id: uuid.UUID, kind: str, title: str, body: str, link: str
) -> Notice:
    return Notice(user_id, org_id, kind, _cut(title, MAX_TITLE), _cut(body, MAX_BODY), link)


def one_per_user(notices: Iterable[Notice]) -> list[Notice]:
    """An approver of two owner organizations is told once per event."""
    seen: dict[uuid.UUID, Notice] = {}
    for item in notices:
        seen.setdefault(item.user_id, item)
    return list(seen.values())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def request_path(request_id: uuid.UUID) -> str:
    return f"/requests/{request_id}"


def review(user_id: uuid.UUID, org_id: uuid.UUID, event: RequestSubmitted) -> Notice:
    cameras = sum(1 for item in event.line_items if item.owner_org_id == org_id)
    return notice(
        user_id,
        org_id,
        "review_requested",
        f"Video request {event.incident_number} needs your review",
        f"An investigator asks for video from {cameras} of your cameras.",
        request_path(event.request_id),
    )


def approved(event: RequestApproved, label: str) -> Notice:
    allowed = "view and download" if event.permission == "download" else "view"
    return notice(
        event.requester_user_id,
        event.requester_org_id,
        "request_approved",
        f"Video request {label} approved",
        f"The camera owner approved a camera of your request. You may {allowed} its video "
        "once it is delivered.",
        request_path(event.request_id),
    )


def rejected(event: RequestRejected, label: str) -> Notice:
    return notice(
        event.requester_user_id,
        event.requester_org_id,
        "request_rejected",
        f"Video request {label} rejected",
        f"The camera owner rejected a camera of your request. Reason: {event.reason}",
        request_path(event.request_id),
    )


def fulfilled(event: RequestFulfilled, label: str) -> Notice:
    return notice(
        event.requester_user_id,
        event.requester_org_id,
        "request_fulfilled",
        f"Video delivered for {label}",
        f"Video for request {label} is now evidence in your case.",
        f"/cases/{event.case_id}",
    )


# Line item moves the requester must know of: (kind, title, what happened).
_STATUS = {
    "more_info_requested": (
        "more_info_requested",
        "More information needed for {label}",
        "The camera owner needs more information before deciding.",
    ),
    "video_unavailable": (
        "no_video",
        "No video for {label}",
        "The camera's device has no video for the time asked.",
    ),
    "expired": (
        "request_expired",
        "Video request {label} expired",
        "No decision was made in time.",
    ),
}


def status_wanted(event: LineItemStatusChanged) -> bool:
    return event.status in _STATUS


def status_changed(event: LineItemStatusChanged) -> Notice:
    kind, title, lead = _STATUS[event.status]
    reason = f" Reason: {event.reason}" if event.reason else ""
    return notice(
        event.requester_user_id,
        event.requester_org_id,
        kind,
        title.format(label=event.incident_number),
        lead + reason,
        request_path(event.request_id),
    )


def message(user_id: uuid.UUID, org_id: uuid.UUID, event: RequestMessagePosted) -> Notice:
    """An owner's question or message to the requester, or the requester's answer."""
    if event.author_party == "owner":
        kind, who = "message_from_owner", "The camera owner"
    else:
        kind, who = "message_from_requester", "The investigator"
    return notice(
        user_id,
        org_id,
        kind,
        f"New message on video request {event.incident_number}",
        f"{who} wrote: {event.body}",
        request_path(event.request_id),
    )


def due_soon(user_id: uuid.UUID, event: LineItemDueSoon) -> Notice:
    return notice(
        user_id,
        event.owner_org_id,
        "decision_due_soon",
        f"Decision due soon on {event.incident_number}",
        f"Decide before {event.due_at:%Y-%m-%d %H:%M} UTC, or the request expires.",
        request_path(event.request_id),
    )


def public_upload(user_id: uuid.UUID, event: PublicEvidenceReceived) -> Notice:
    return notice(
        user_id,
        event.org_id,
        "public_upload",
        f"New public upload in case {event.case_number}",
        f"A member of the public uploaded {event.filename} through a file request.",
        f"/cases/{event.case_id}",
    )


def background_video(event: BackgroundVideoFinished) -> Notice:
    """The requester of a device's background video, told how it ended."""
    name = event.device_name
    if event.outcome == "complete":
        kind, title = "transfer_complete", f"Video from {name} transferred"
        where = "its case" if event.case_id else "your organization's uploads"
        body = f"{event.files} file(s), {event.total_bytes} bytes, are in {where}."
    elif event.outcome == "no_video":
        kind, title = "no_video", f"No video on {name}"
        body = f"The device has no video for the time asked. {event.reason or ''}".strip()
    else:
        kind, title = "transfer_failed", f"Video transfer from {name} failed"
        body = f"The transfer did not finish. {event.reason or ''}".strip()
    return notice(event.requested_by, event.org_id, kind, title, body, _video_page(event))


def _video_page(event: BackgroundVideoFinished) -> str:
    """The case the video went into, else the request's page (its files, or its reason)."""
    if event.outcome == "complete" and event.case_id:
        return f"/cases/{event.case_id}"
    return f"/devices/{event.device_id}/video-requests/{event.background_request_id}"


def redaction_ready(user_id: uuid.UUID, event: RedactionCompleted, filename: str) -> Notice:
    """The person who asked for a redaction, told its copy is ready to review and share."""
    name = filename or "the evidence item"
    return notice(
        user_id,
        event.org_id,
        "redaction_ready",
        f"Redacted copy of {name} is ready",
        f"The redaction of {name} is finished; the redacted copy is stored beside the original.",
        f"/evidence/{event.evidence_id}/redaction/{event.job_id}",
    )


def disclosure_ready(user_id: uuid.UUID, event: DisclosureCreated) -> Notice:
    count = len(event.evidence_ids)
    return notice(
        user_id,
        event.org_id,
        "disclosure_ready",
        "Disclosure package is ready",
        f"The disclosure package of {count} evidence item(s) is built and ready to download "
        "and share.",
        f"/disclosures/{event.disclosure_id}",
    )
