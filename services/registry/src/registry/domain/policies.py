"""Who approves requests for a camera and on what terms: org settings, overridden by groups."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from custody_platform.errors import InvalidArgument

from registry.domain.cameras import Camera

DEFAULT_MAX_SPAN_HOURS = 12
MAX_SPAN_HOURS = 24 * 31
MAX_SLA_HOURS = 24 * 90
MAX_GROUP_NAME = 100
MAX_LISTED = 100


@dataclass(frozen=True)
class RequestSettings:
    org_id: uuid.UUID
    approver_user_ids: tuple[uuid.UUID, ...] = ()
    auto_approve_org_ids: tuple[uuid.UUID, ...] = ()
    export_before_approval: bool = False
    max_span_hours: int = DEFAULT_MAX_SPAN_HOURS
    sla_hours: int = 0


@dataclass(frozen=True)
class CameraGroup:
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    approver_user_ids: tuple[uuid.UUID, ...]
    created_at: datetime


@dataclass(frozen=True)
class CameraPolicy:
    """What the requests service needs to split a request and route its line items."""

    camera: Camera
    approver_user_ids: tuple[uuid.UUID, ...]
    settings: RequestSettings


def request_settings(settings: RequestSettings) -> RequestSettings:
    """Validated settings, with 0 max span meaning the default; lists de-duplicated."""
    problems = []
    span = settings.max_span_hours or DEFAULT_MAX_SPAN_HOURS
    if not 1 <= span <= MAX_SPAN_HOURS:
        problems.append(f"max_span_hours must be within 1..{MAX_SPAN_HOURS}")
    if not 0 <= settings.sla_hours <= MAX_SLA_HOURS:
        problems.append(f"sla_hours must be within 0..{MAX_SLA_HOURS}")
    if settings.org_id in settings.auto_approve_org_ids:
        problems.append("auto_approve_org_ids must not list the owner organization itself")
    lists = (settings.approver_user_ids, settings.auto_approve_org_ids)
    if any(len(ids) > MAX_LISTED for ids in lists):
        problems.append(f"at most {MAX_LISTED} ids per list")
    if problems:
        raise InvalidArgument("; ".join(problems))
    return RequestSettings(
        org_id=settings.org_id,
        approver_user_ids=tuple(dict.fromkeys(settings.approver_user_ids)),
        auto_approve_org_ids=tuple(dict.fromkeys(settings.auto_approve_org_ids)),
        export_before_approval=settings.export_before_approval,
        max_span_hours=span,
        sla_hours=settings.sla_hours,
    )


def group_problems(name: str, approver_user_ids: tuple[uuid.UUID, ...]) -> list[str]:
    problems = []
    if not name.strip() or len(name) > MAX_GROUP_NAME:
        problems.append(f"name must be 1..{MAX_GROUP_NAME} characters")
    if len(approver_user_ids) > MAX_LISTED:
        problems.append(f"at most {MAX_LISTED} approver_user_ids")
    return problems


def policy_for(
    camera: Camera, settings: RequestSettings, group: CameraGroup | None
) -> CameraPolicy:
    """The group's approvers when it names any, else the organization's."""
    approvers = group.approver_user_ids if group and group.approver_user_ids else None
    return CameraPolicy(camera, approvers or settings.approver_user_ids, settings)
