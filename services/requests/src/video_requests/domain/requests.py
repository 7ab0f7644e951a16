"""Rules of a video request as a whole: valid time windows, permissions, status roll-up."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
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
from video_requests.domain.policies import CameraPolicy

Permission = Literal["view", "download"]
PERMISSIONS: tuple[Permission, ...] = ("view", "download")
PARTIALLY_FULFILLED, IN_PROGRESS, CLOSED = "partially_fulfilled", "in_progress", "closed"
REQUEST_STATUSES = frozenset(
    {
        "submitted",
        UNDER_REVIEW,
        MORE_INFO_REQUESTED,
        IN_PROGRESS,
        PARTIALLY_FULFILLED,
        CLOSED,
        *TERMINAL,
    }
)
MAX_LINE_ITEMS = 50
MAX_INCIDENT_NUMBER = 100
MAX_DESCRIPTION = 5_000
MAX_INCIDENT_TYPE = 100
MAX_REASON = 2_000


def rollup(statuses: Iterable[str]) -> str:
    """The request's status from its line items', most conclusive first."""
    distinct = set(statuses)
    if len(distinct) == 1 and distinct <= TERMINAL:
        return distinct.pop()  # all fulfilled, all rejected, all cancelled, all expired, ...
    if FULFILLED in distinct:
        return PARTIALLY_FULFILLED
    if distinct & {APPROVED, EXPORTING}:
        return IN_PROGRESS
    if distinct and distinct <= TERMINAL:
        return CLOSED
    if MORE_INFO_REQUESTED in distinct:
        return MORE_INFO_REQUESTED  # the requester has something to do
    if UNDER_REVIEW in distinct:
        return UNDER_REVIEW
    return "submitted"


def window_problems(
    start: datetime, end: datetime, now: datetime, policy: CameraPolicy
) -> list[str]:
    problems = []
    if start >= end:
        problems.append("start must be before end")
    if end > now:
        problems.append("end must not be in the future")
    if end - start > policy.max_span:
        hours = policy.max_span.total_seconds() / 3600
        problems.append(f"window must not exceed the owner's {hours:g} h")
    return problems


def _incident_problems(command: SubmitRequest, now: datetime) -> list[str]:
    problems = []
    if not command.incident_number.strip() or len(command.incident_number) > MAX_INCIDENT_NUMBER:
        problems.append(f"incident_number must be 1..{MAX_INCIDENT_NUMBER} characters")
    if len(command.incident_type) > MAX_INCIDENT_TYPE:
        problems.append(f"incident_type must be at most {MAX_INCIDENT_TYPE} characters")
    if len(command.description) > MAX_DESCRIPTION:
        problems.append(f"description must be at most {MAX_DESCRIPTION} characters")
    if (command.latitude is None) != (command.longitude is None):
        problems.append("incident latitude and longitude go together")
    if command.latitude is not None and not -90 <= command.latitude <= 90:
        problems.append("incident latitude must be within -90..90")
    if command.longitude is not None and not -180 <= command.longitude <= 180:
        problems.append("incident longitude must be within -180..180")
    if command.occurred_at is not None and command.occurred_at > now:
        problems.append("incident time must not be in the future")
    return problems


def check_submission(
    command: SubmitRequest, now: datetime, policies: Mapping[uuid.UUID, CameraPolicy]
) -> None:
    """Raise InvalidArgument naming every problem of the submission at once."""
    problems = _incident_problems(command, now)
    if not 1 <= len(command.line_items) <= MAX_LINE_ITEMS:
        problems.append(f"a request needs 1..{MAX_LINE_ITEMS} line items")
    for index, item in enumerate(command.line_items):
        policy = policies[item.camera_id]
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


def required_reason(value: str, missing: str = "a reason is required to reject a line item") -> str:
    if not value.strip():
        raise InvalidArgument(missing)
    if len(value) > MAX_REASON:
        raise InvalidArgument(f"at most {MAX_REASON} characters")
    return value.strip()
