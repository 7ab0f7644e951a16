"""Rules of a video request as a whole: valid time windows, permissions, status roll-up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast

from custody_platform.errors import InvalidArgument

from video_requests.domain.commands import SubmitRequest
from video_requests.domain.line_items import (
    APPROVED,
    EXPORTING,
    FULFILLED,
    MORE_INFO_REQUESTED,
    TERMINAL,
    UNDER_REVIEW,
)

Permission = Literal["view", "download"]
PERMISSIONS: tuple[Permission, ...] = ("view", "download")
PARTIALLY_FULFILLED, IN_PROGRESS, CLOSED = "partially_fulfilled", "in_progress", "closed"
REQUEST_STATUSES = frozenset(
    {"submitted", UNDER_REVIEW, IN_PROGRESS, PARTIALLY_FULFILLED, CLOSED, *TERMINAL}
)
MAX_LINE_ITEMS = 50
MAX_INCIDENT_NUMBER = 100
MAX_DESCRIPTION = 5_000


@dataclass(frozen=True)
class Policy:
    """Limits an owner can rely on; the longest window is a setting (12 h by default)."""

    max_span: timedelta = timedelta(hours=12)


def rollup(statuses: Iterable[str]) -> str:
    """The request's status from its line items', most conclusive first."""
    distinct = set(statuses)
    if len(distinct) == 1 and distinct <= TERMINAL:
        return distinct.pop()  # all fulfilled, all rejected, all cancelled, all unavailable
    if FULFILLED in distinct:
        return PARTIALLY_FULFILLED
    if distinct & {APPROVED, EXPORTING}:
        return IN_PROGRESS
    if distinct and distinct <= TERMINAL:
        return CLOSED
    if distinct & {UNDER_REVIEW, MORE_INFO_REQUESTED}:
        return UNDER_REVIEW
    return "submitted"


def window_problems(start: datetime, end: datetime, now: datetime, policy: Policy) -> list[str]:
    problems = []
    if start >= end:
        problems.append("start must be before end")
    if end > now:
        problems.append("end must not be in the future")
    if end - start > policy.max_span:
        problems.append(f"window must not exceed {policy.max_span}")
    return problems


def check_submission(command: SubmitRequest, now: datetime, policy: Policy) -> None:
    """Raise InvalidArgument naming every problem of the submission at once."""
    problems = []
    if not command.incident_number.strip() or len(command.incident_number) > MAX_INCIDENT_NUMBER:
        problems.append(f"incident_number must be 1..{MAX_INCIDENT_NUMBER} characters")
    if len(command.description) > MAX_DESCRIPTION:
        problems.append(f"description must be at most {MAX_DESCRIPTION} characters")
    if not 1 <= len(command.line_items) <= MAX_LINE_ITEMS:
        problems.append(f"a request needs 1..{MAX_LINE_ITEMS} line items")
    for index, item in enumerate(command.line_items):
        problems += [
            f"line_items[{index}]: {p}" for p in window_problems(item.start, item.end, now, policy)
        ]
    if problems:
        raise InvalidArgument("; ".join(problems))


def parse_permission(value: str) -> Permission:
    """What an approval grants the requester; view-only unless download is asked for."""
    value = value or "view"
    if value not in PERMISSIONS:
        raise InvalidArgument("permission must be view or download")
    return cast(Permission, value)


def required_reason(value: str) -> str:
    if not value.strip():
        raise InvalidArgument("a reason is required to reject a line item")
    return value.strip()
