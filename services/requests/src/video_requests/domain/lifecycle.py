"""The commands a line item obeys. Each checks everything first and then changes the item,
so a refused command leaves it exactly as it was.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from custody_platform.errors import Conflict, InvalidArgument

from video_requests.domain.line_items import (
    APPROVED,
    CANCELLED,
    EXPIRED,
    EXPORTING,
    FULFILLED,
    MORE_INFO_REQUESTED,
    REJECTED,
    UNDER_REVIEW,
    VIDEO_UNAVAILABLE,
    can_transition,
    transition,
)
from video_requests.domain.requests import parse_permission, required_reason

EXPIRED_REASON = "no decision before the owner's due date"


class Item(Protocol):
    status: str
    permission: str | None
    reason: str | None
    export_id: uuid.UUID | None
    case_id: uuid.UUID | None
    evidence_id: uuid.UUID | None


def _check(item: Item, to: str) -> None:
    if not can_transition(item.status, to):
        raise Conflict(
            f"line item is {item.status} and cannot become {to}", current_state=item.status
        )


def start_review(item: Item) -> None:
    transition(item, UNDER_REVIEW)


def ask_more_info(item: Item, question: str) -> str:
    question = required_reason(question, "a question is required to ask for more information")
    transition(item, MORE_INFO_REQUESTED)
    return question


def answered(item: Item) -> None:
    transition(item, UNDER_REVIEW)


def approve(item: Item, permission: str, export_id: uuid.UUID) -> None:
    """Approval orders the export at once: approved is passed through to exporting."""
    granted = parse_permission(permission)
    _check(item, APPROVED)
    transition(item, APPROVED)
    item.permission = granted
    transition(item, EXPORTING)
    item.export_id = export_id


def reject(item: Item, reason: str) -> None:
    reason = required_reason(reason)
    transition(item, REJECTED)
    item.reason = reason


def cancel(item: Item) -> None:
    transition(item, CANCELLED)


def expire(item: Item) -> None:
    transition(item, EXPIRED)
    item.reason = EXPIRED_REASON


def fulfil(item: Item, case_id: uuid.UUID, evidence_id: uuid.UUID) -> None:
    transition(item, FULFILLED)
    item.case_id, item.evidence_id = case_id, evidence_id


def unavailable(item: Item, reason: str) -> None:
    if not reason.strip():
        raise InvalidArgument("a reason is required when no video is available")
    transition(item, VIDEO_UNAVAILABLE)
    item.reason = reason.strip()
