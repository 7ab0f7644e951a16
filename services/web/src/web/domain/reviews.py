"""An approver's side: the review queue's order, what a decision form sends, and what to tell
an approver whose decision came after someone else's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from web.domain.labels import when
from web.domain.request_views import LineItem, VideoRequest
from web.domain.views import ApiModel

Decision = Literal["approve", "reject", "more-info"]
DECISIONS: tuple[Decision, ...] = ("approve", "reject", "more-info")
PERMISSIONS = {"view": "View only", "download": "View and download"}
# What the decision's text is called in the API's body, and the message when it is empty.
TEXTS: dict[Decision, tuple[str, str]] = {
    "reject": ("reason", "Enter the reason for rejecting"),
    "more-info": ("question", "Enter your question for the requester"),
}
# How a line item's state reads after someone decided it ("Someone else already ...").
DONE_BY_OTHERS = {
    "exporting": "approved this",
    "approved": "approved this",
    "fulfilled": "approved this",
    "video_unavailable": "approved this",
    "rejected": "rejected this",
    "more_info_requested": "asked the requester for more information",
    "under_review": "started reviewing this",
}


@dataclass(frozen=True)
class Waiting:
    """One line item in the queue, with the request it belongs to."""

    request: VideoRequest
    item: LineItem


class QueuedLineItem(ApiModel):
    request: VideoRequest
    line_item_id: uuid.UUID


class ReviewQueue(ApiModel):
    """A page of `GET /requests/review-queue`: the API orders it, the earliest due first."""

    items: list[QueuedLineItem]
    total: int


def waiting(found: ReviewQueue) -> list[Waiting]:
    """Each queued line item with the request it belongs to, in the API's order."""
    return [
        Waiting(queued.request, item)
        for queued in found.items
        for item in queued.request.line_items
        if item.id == queued.line_item_id
    ]


def conflict_message(item: LineItem) -> str:
    """What the second approver reads, with the state the item is in now."""
    if item.status == "cancelled":
        done = "The requester withdrew this"
    elif item.status == "expired":
        done = "This expired"
    else:
        done = "Someone else already " + DONE_BY_OTHERS.get(item.status, "decided this")
    moment = f" on {when(item.updated_at)}" if item.updated_at else ""
    return f"{done}{moment} — here is the current state."
