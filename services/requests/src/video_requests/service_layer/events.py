"""The events a line item's changes announce, built from its rows."""

from __future__ import annotations

from custody_contracts.events import (
    ExportRequested,
    LineItemRef,
    RequestApproved,
    RequestFulfilled,
    RequestRejected,
    RequestSubmitted,
)
from custody_contracts.principal import Principal

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.domain.requests import parse_permission


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
            )
            for item in items
        ),
    )


def approved(request: VideoRequest, item: LineItem, approver: Principal) -> RequestApproved:
    return RequestApproved(
        request_id=request.id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        requester_org_id=request.requester_org_id,
        requester_user_id=request.requester_user_id,
        approver_user_id=approver.user_id,
        permission=parse_permission(item.permission or ""),
    )


def export_requested(request: VideoRequest, item: LineItem) -> ExportRequested:
    assert item.export_id is not None  # set by the approval that emits this
    return ExportRequested(
        export_id=item.export_id,
        request_id=request.id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        requester_org_id=request.requester_org_id,
        camera_id=item.camera_id,
        device_id=item.device_id,
        channel=item.channel,
        start=item.start,
        end=item.end,
        case_number=request.incident_number,
        permission=parse_permission(item.permission or ""),
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
