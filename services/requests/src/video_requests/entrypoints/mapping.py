"""Protobuf messages <-> commands and views."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from custody_contracts.grpc import requests_pb2
from custody_platform.errors import InvalidArgument
from google.protobuf.timestamp_pb2 import Timestamp

from video_requests.adapters.orm import LineItem
from video_requests.domain.commands import DecideLineItem, LineItemInput, SubmitRequest
from video_requests.service_layer.ports import RequestView


def parse_uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(f"{field} must be a UUID") from None


def submit_command(message: requests_pb2.SubmitRequestRequest) -> SubmitRequest:
    return SubmitRequest(
        incident_number=message.incident_number,
        description=message.description,
        line_items=tuple(_line_item(item, i) for i, item in enumerate(message.line_items)),
    )


def _line_item(message: requests_pb2.LineItemInput, index: int) -> LineItemInput:
    if not (message.HasField("start") and message.HasField("end")):
        raise InvalidArgument(f"line_items[{index}]: start and end are required")
    return LineItemInput(
        camera_id=parse_uuid(message.camera_id, f"line_items[{index}].camera_id"),
        start=message.start.ToDatetime(tzinfo=UTC),
        end=message.end.ToDatetime(tzinfo=UTC),
    )


def decide_command(message: requests_pb2.DecideLineItemRequest) -> DecideLineItem:
    return DecideLineItem(
        request_id=parse_uuid(message.request_id, "request_id"),
        line_item_id=parse_uuid(message.line_item_id, "line_item_id"),
        permission=message.permission,
        reason=message.reason,
    )


def request_message(view: RequestView) -> requests_pb2.VideoRequest:
    request = view.request
    return requests_pb2.VideoRequest(
        id=str(request.id),
        requester_org_id=str(request.requester_org_id),
        requester_user_id=str(request.requester_user_id),
        incident_number=request.incident_number,
        description=request.description,
        status=request.status,
        line_items=[_item_message(item) for item in view.items],
        created_at=_timestamp(request.created_at),
    )


def _item_message(item: LineItem) -> requests_pb2.LineItem:
    return requests_pb2.LineItem(
        id=str(item.id),
        camera_id=str(item.camera_id),
        owner_org_id=str(item.owner_org_id),
        start=_timestamp(item.start),
        end=_timestamp(item.end),
        status=item.status,
        permission=item.permission or "",
        reason=item.reason or "",
        case_id=str(item.case_id) if item.case_id else "",
        evidence_id=str(item.evidence_id) if item.evidence_id else "",
    )


def _timestamp(value: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp
