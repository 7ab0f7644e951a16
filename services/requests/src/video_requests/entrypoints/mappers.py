"""Protobuf messages <-> commands and views."""

from __future__ import annotations

import hashlib

from custody_contracts.grpc import requests_pb2
from custody_platform.errors import InvalidArgument
from custody_platform.grpc.fields import (
    optional_uuid,
    parse_uuid,
    read_optional,
    read_time,
    timestamp,
)

from video_requests.adapters.orm import FormSubmission, LineItem, Message
from video_requests.domain.commands import (
    CancelRequest,
    DecideLineItem,
    LineItemInput,
    PostMessage,
    RequestFilter,
    SubmitRequest,
)
from video_requests.service_layer.ports import RequestView


def submit_command(message: requests_pb2.SubmitRequestRequest) -> SubmitRequest:
    return SubmitRequest(
        incident_number=message.incident_number,
        description=message.description,
        line_items=tuple(_line_item(item, i) for i, item in enumerate(message.line_items)),
        incident_type=message.incident_type,
        latitude=read_optional(message, "incident_latitude"),
        longitude=read_optional(message, "incident_longitude"),
        occurred_at=read_time(message, "incident_at"),
        form_answers={
            parse_uuid(org, "form_answers_json key"): answers
            for org, answers in message.form_answers_json.items()
        },
        idempotency_key=message.idempotency_key,
        fingerprint=_fingerprint(message) if message.idempotency_key else "",
    )


def _fingerprint(message: requests_pb2.SubmitRequestRequest) -> str:
    """What was asked, the key left out; deterministic: map entries in key order."""
    asked = requests_pb2.SubmitRequestRequest()
    asked.CopyFrom(message)
    asked.ClearField("idempotency_key")
    return hashlib.sha256(asked.SerializeToString(deterministic=True)).hexdigest()


def _line_item(message: requests_pb2.LineItemInput, index: int) -> LineItemInput:
    start, end = read_time(message, "start"), read_time(message, "end")
    if start is None or end is None:
        raise InvalidArgument(f"line_items[{index}]: start and end are required")
    return LineItemInput(
        camera_id=parse_uuid(message.camera_id, f"line_items[{index}].camera_id"),
        start=start,
        end=end,
    )


def decide_command(message: requests_pb2.DecideLineItemRequest) -> DecideLineItem:
    return DecideLineItem(
        request_id=parse_uuid(message.request_id, "request_id"),
        line_item_id=parse_uuid(message.line_item_id, "line_item_id"),
        permission=message.permission,
        reason=message.reason,
    )


def cancel_command(message: requests_pb2.DecideLineItemRequest) -> CancelRequest:
    return CancelRequest(
        request_id=parse_uuid(message.request_id, "request_id"),
        line_item_id=optional_uuid(message.line_item_id, "line_item_id"),
    )


def message_command(message: requests_pb2.PostMessageRequest) -> PostMessage:
    return PostMessage(
        request_id=parse_uuid(message.request_id, "request_id"),
        owner_org_id=optional_uuid(message.owner_org_id, "owner_org_id"),
        body=message.body,
    )


def request_filter(message: requests_pb2.ListRequestsRequest) -> RequestFilter:
    return RequestFilter(
        status=message.status,
        owner_org_id=optional_uuid(message.owner_org_id, "owner_org_id"),
        requester_org_id=optional_uuid(message.requester_org_id, "requester_org_id"),
        requester_user_id=optional_uuid(message.requester_user_id, "requester_user_id"),
        camera_id=optional_uuid(message.camera_id, "camera_id"),
        incident_number=message.incident_number.strip(),
        created_from=read_time(message, "created_from"),
        created_to=read_time(message, "created_to"),
        incident_from=read_time(message, "incident_from"),
        incident_to=read_time(message, "incident_to"),
        text=message.text.strip(),
        limit=message.limit,
        offset=message.offset,
    )


def request_message(view: RequestView) -> requests_pb2.VideoRequest:
    request = view.request
    incident = requests_pb2.Incident(
        number=request.incident_number,
        type=request.incident_type,
        description=request.description,
        latitude=request.incident_latitude,
        longitude=request.incident_longitude,
        occurred_at=timestamp(request.incident_at),
    )
    return requests_pb2.VideoRequest(
        id=str(request.id),
        requester_org_id=str(request.requester_org_id),
        requester_user_id=str(request.requester_user_id),
        incident_number=request.incident_number,
        description=request.description,
        status=request.status,
        line_items=[_item_message(item) for item in view.items],
        created_at=timestamp(request.created_at),
        incident=incident,
        forms=[_form_message(form) for form in view.forms],
    )


def _item_message(item: LineItem) -> requests_pb2.LineItem:
    return requests_pb2.LineItem(
        id=str(item.id),
        camera_id=str(item.camera_id),
        owner_org_id=str(item.owner_org_id),
        start=timestamp(item.start),
        end=timestamp(item.end),
        status=item.status,
        permission=item.permission or "",
        reason=item.reason or "",
        case_id=str(item.case_id) if item.case_id else "",
        evidence_id=str(item.evidence_id) if item.evidence_id else "",
        camera_name=item.camera_name,
        warning=item.warning or "",
        due_at=timestamp(item.due_at),
        preserved=item.preserve_export_id is not None,
        updated_at=timestamp(item.updated_at),
    )


def _form_message(form: FormSubmission) -> requests_pb2.FormSubmission:
    return requests_pb2.FormSubmission(
        owner_org_id=str(form.owner_org_id),
        form_version_id=str(form.form_version_id),
        answers_json=form.answers_json,
    )


def message_message(message: Message) -> requests_pb2.Message:
    return requests_pb2.Message(
        id=str(message.id),
        request_id=str(message.request_id),
        owner_org_id=str(message.owner_org_id),
        author_user_id=str(message.author_user_id),
        author_party=message.author_party,
        body=message.body,
        created_at=timestamp(message.created_at),
    )
