"""The events a line item's changes announce, built from its rows."""

from __future__ import annotations

import uuid

from custody_contracts.events.video_requests import (
    ExportProvenance,
    ExportRequested,
    LineItemDueSoon,
    LineItemRef,
    LineItemStatusChanged,
    RequestApproved,
    RequestFulfilled,
    RequestMessagePosted,
    RequestRejected,
    RequestSubmitted,
)
from custody_contracts.principal import Principal

from video_requests.adapters.orm import LineItem, Message, VideoRequest
from video_requests.domain.requests import parse_permission

PRESERVE_PREFIX = "preserved"


def submitted(request: VideoRequest, items: list[LineItem]) -> RequestSubmitted:
    return RequestSubmitted(
        request_id=request.id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        incident_number=request.incident_number,
        line_items=tuple(
            LineItemRef(
                line_item_id=item.id,
                camera_id=item.camera_id,
                owner_org_id=item.owner_org_id,
                start=item.start,
                end=item.end,
                status=item.status,
                approver_user_ids=tuple(item.approver_user_ids),
                due_at=item.due_at,
            )
            for item in items
        ),
    )


def approved(request: VideoRequest, item: LineItem, approver: uuid.UUID) -> RequestApproved:
    return RequestApproved(
        request_id=request.id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        approver_user_id=approver,
        permission=parse_permission(item.permission or ""),
    )


def export_requested(request: VideoRequest, item: LineItem) -> ExportRequested:
    """Delivery to the requester, with the permission the owner granted."""
    assert item.export_id is not None  # set by the approval that emits this
    return _export(request, item, item.export_id, request.requester_org_id)


def preservation_requested(request: VideoRequest, item: LineItem) -> ExportRequested:
    """Export before approval: the footage lands in a case of the owner's own organization,
    so nothing reaches the requester unless the item is approved."""
    assert item.preserve_export_id is not None
    return _export(request, item, item.preserve_export_id, item.owner_org_id, PRESERVE_PREFIX)


def _export(
    request: VideoRequest,
    item: LineItem,
    export_id: uuid.UUID,
    receiving_org: uuid.UUID,
    prefix: str = "",
) -> ExportRequested:
    case_number = f"{prefix} {request.incident_number}".strip()
    return ExportRequested(
        export_id=export_id,
        request_id=request.id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        requester_org_id=receiving_org,
        camera_id=item.camera_id,
        device_id=item.device_id,
        channel=item.channel,
        start=item.start,
        end=item.end,
        case_number=case_number,
        permission=parse_permission(item.permission or ""),
        vms_camera_ref=item.vms_camera_ref,
        provenance=provenance(request, item),
    )


def provenance(request: VideoRequest, item: LineItem) -> ExportProvenance:
    """What the delivered video's evidence item and case carry of the request (decision 0036)."""
    return ExportProvenance(
        camera_name=item.camera_name,
        camera_latitude=item.camera_latitude,
        camera_longitude=item.camera_longitude,
        incident_number=request.incident_number,
        incident_type=request.incident_type,
        incident_at=request.incident_at,
        incident_latitude=request.incident_latitude,
        incident_longitude=request.incident_longitude,
        description=request.description,
    )


def rejected(request: VideoRequest, item: LineItem) -> RequestRejected:
    return RequestRejected(
        request_id=request.id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        reason=item.reason or "",
    )


def fulfilled(request: VideoRequest, item: LineItem) -> RequestFulfilled:
    assert item.case_id is not None and item.evidence_id is not None
    return RequestFulfilled(
        request_id=request.id,
        line_item_id=item.id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        case_id=item.case_id,
        evidence_id=item.evidence_id,
    )


def status_changed(
    request: VideoRequest,
    item: LineItem,
    previous: str,
    *,
    actor: Principal | None = None,
    reason: str | None = None,
) -> LineItemStatusChanged:
    return LineItemStatusChanged(
        request_id=request.id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        incident_number=request.incident_number,
        previous_status=previous,
        status=item.status,
        reason=reason,
        actor_user_id=actor.user_id if actor else None,
    )


def message_posted(request: VideoRequest, message: Message) -> RequestMessagePosted:
    return RequestMessagePosted(
        message_id=message.id,
        request_id=request.id,
        owner_org_id=message.owner_org_id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        incident_number=request.incident_number,
        author_user_id=message.author_user_id,
        author_party="owner" if message.author_party == "owner" else "requester",
        body=message.body,
    )


def due_soon(request: VideoRequest, item: LineItem) -> LineItemDueSoon:
    assert item.due_at is not None
    return LineItemDueSoon(
        request_id=request.id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        incident_number=request.incident_number,
        due_at=item.due_at,
        approver_user_ids=tuple(item.approver_user_ids),
    )
