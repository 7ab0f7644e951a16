"""Video requests: one line item per camera, each decided by the camera's owner."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, Literal

from custody_contracts.grpc import requests_pb2
from custody_platform.grpc.fields import optional_uuid, read_time, timestamp
from pydantic import BaseModel, Field, model_validator

from gateway.entrypoints.api.schemas.common import (
    JsonObject,
    Latitude,
    Line,
    Longitude,
    Moment,
    Text,
    optional_text,
)


class LineItemCreate(BaseModel):
    camera_id: uuid.UUID
    start: Moment
    end: Moment

    @model_validator(mode="after")
    def _ordered(self) -> LineItemCreate:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Location(BaseModel):
    latitude: Latitude
    longitude: Longitude


class RequestCreate(BaseModel):
    incident_number: Line = Field(min_length=1, max_length=100)
    incident_type: Line = Field(default="", max_length=100)
    description: Text = Field(default="", max_length=5000)
    incident_location: Location | None = None
    incident_at: Moment | None = None
    line_items: list[LineItemCreate] = Field(min_length=1, max_length=50)
    # Answers to each camera owner's request form, by owner organization id.
    form_answers: dict[uuid.UUID, JsonObject] = Field(default_factory=dict, max_length=50)

    @model_validator(mode="after")
    def _distinct_items(self) -> RequestCreate:
        windows = [(i.camera_id, i.start, i.end) for i in self.line_items]
        if len(set(windows)) != len(windows):
            raise ValueError("line_items must not repeat a camera and window")
        return self

    def to_proto(self) -> requests_pb2.SubmitRequestRequest:
        message = requests_pb2.SubmitRequestRequest(
            incident_number=self.incident_number,
            incident_type=self.incident_type,
            description=self.description,
            line_items=[
                requests_pb2.LineItemInput(
                    camera_id=str(i.camera_id), start=timestamp(i.start), end=timestamp(i.end)
                )
                for i in self.line_items
            ],
            form_answers_json={str(org): json.dumps(a) for org, a in self.form_answers.items()},
            incident_at=timestamp(self.incident_at),
        )
        if self.incident_location is not None:
            message.incident_latitude = self.incident_location.latitude
            message.incident_longitude = self.incident_location.longitude
        return message


class Approval(BaseModel):
    permission: Literal["view", "download"] = "view"


class Rejection(BaseModel):
    reason: Text = Field(min_length=1, max_length=2000)


class MoreInfo(BaseModel):
    question: Text = Field(min_length=1, max_length=2000)


class MessageCreate(BaseModel):
    body: Text = Field(min_length=1, max_length=5000)
    owner_org_id: uuid.UUID | None = None  # requester: which owner (needed with several)


class LineItemPublic(BaseModel):
    id: uuid.UUID
    camera_id: uuid.UUID
    camera_name: str
    owner_org_id: uuid.UUID
    start: datetime | None
    end: datetime | None
    status: str
    permission: str | None
    reason: str | None
    warning: str | None
    due_at: datetime | None
    preserved: bool
    case_id: uuid.UUID | None
    evidence_id: uuid.UUID | None
    updated_at: datetime | None  # the last change: a decision, or the export's outcome


class IncidentPublic(BaseModel):
    number: str
    type: str
    description: str
    location: Location | None
    occurred_at: datetime | None


class FormSubmissionPublic(BaseModel):
    owner_org_id: uuid.UUID
    form_version_id: uuid.UUID
    answers: dict[str, Any]


class VideoRequestPublic(BaseModel):
    id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    description: str
    incident: IncidentPublic
    status: str
    line_items: list[LineItemPublic]
    forms: list[FormSubmissionPublic]
    created_at: datetime | None


class VideoRequestsPublic(BaseModel):
    items: list[VideoRequestPublic]
    count: int
    total: int


class QueuedLineItemPublic(BaseModel):
    request: VideoRequestPublic  # as the owner sees it: its own line items only
    line_item_id: uuid.UUID  # the one waiting for the caller's decision


class ReviewQueuePublic(BaseModel):
    items: list[QueuedLineItemPublic]
    count: int
    total: int


class MessagePublic(BaseModel):
    id: uuid.UUID
    request_id: uuid.UUID
    owner_org_id: uuid.UUID
    author_user_id: uuid.UUID
    author_party: str
    body: str
    created_at: datetime | None


class MessagesPublic(BaseModel):
    items: list[MessagePublic]
    count: int


def line_item_public(item: requests_pb2.LineItem) -> LineItemPublic:
    return LineItemPublic(
        id=uuid.UUID(item.id),
        camera_id=uuid.UUID(item.camera_id),
        camera_name=item.camera_name,
        owner_org_id=uuid.UUID(item.owner_org_id),
        start=read_time(item, "start"),
        end=read_time(item, "end"),
        status=item.status,
        permission=optional_text(item.permission),
        reason=optional_text(item.reason),
        warning=optional_text(item.warning),
        due_at=read_time(item, "due_at"),
        preserved=item.preserved,
        case_id=optional_uuid(item.case_id, "case_id"),
        evidence_id=optional_uuid(item.evidence_id, "evidence_id"),
        updated_at=read_time(item, "updated_at"),
    )


def _incident(incident: requests_pb2.Incident) -> IncidentPublic:
    located = incident.HasField("latitude") and incident.HasField("longitude")
    return IncidentPublic(
        number=incident.number,
        type=incident.type,
        description=incident.description,
        location=Location(latitude=incident.latitude, longitude=incident.longitude)
        if located
        else None,
        occurred_at=read_time(incident, "occurred_at"),
    )


def request_public(request: requests_pb2.VideoRequest) -> VideoRequestPublic:
    return VideoRequestPublic(
        id=uuid.UUID(request.id),
        requester_org_id=uuid.UUID(request.requester_org_id),
        requester_user_id=uuid.UUID(request.requester_user_id),
        incident_number=request.incident_number,
        description=request.description,
        incident=_incident(request.incident),
        status=request.status,
        line_items=[line_item_public(i) for i in request.line_items],
        forms=[
            FormSubmissionPublic(
                owner_org_id=uuid.UUID(f.owner_org_id),
                form_version_id=uuid.UUID(f.form_version_id),
                answers=json.loads(f.answers_json),
            )
            for f in request.forms
        ],
        created_at=read_time(request, "created_at"),
    )


def requests_public(response: requests_pb2.ListRequestsResponse) -> VideoRequestsPublic:
    items = [request_public(r) for r in response.requests]
    return VideoRequestsPublic(items=items, count=len(items), total=response.total)


def review_queue_public(response: requests_pb2.ListReviewQueueResponse) -> ReviewQueuePublic:
    items = [
        QueuedLineItemPublic(
            request=request_public(queued.request), line_item_id=uuid.UUID(queued.line_item_id)
        )
        for queued in response.items
    ]
    return ReviewQueuePublic(items=items, count=len(items), total=response.total)


def message_public(message: requests_pb2.Message) -> MessagePublic:
    return MessagePublic(
        id=uuid.UUID(message.id),
        request_id=uuid.UUID(message.request_id),
        owner_org_id=uuid.UUID(message.owner_org_id),
        author_user_id=uuid.UUID(message.author_user_id),
        author_party=message.author_party,
        body=message.body,
        created_at=read_time(message, "created_at"),
    )
