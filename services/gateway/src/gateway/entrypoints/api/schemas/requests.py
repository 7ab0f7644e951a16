"""Video requests: one line item per camera, each decided by the camera's owner."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from custody_contracts.grpc import requests_pb2
from pydantic import AwareDatetime, BaseModel, Field, model_validator

from gateway.entrypoints.api.schemas.common import (
    optional_text,
    optional_uuid,
    read_time,
    write_time,
)


class LineItemCreate(BaseModel):
    camera_id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ordered(self) -> LineItemCreate:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class RequestCreate(BaseModel):
    incident_number: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=5000)
    line_items: list[LineItemCreate] = Field(min_length=1, max_length=100)

    def to_proto(self) -> requests_pb2.SubmitRequestRequest:
        items = [
            requests_pb2.LineItemInput(
                camera_id=str(i.camera_id), start=write_time(i.start), end=write_time(i.end)
            )
            for i in self.line_items
        ]
        return requests_pb2.SubmitRequestRequest(
            incident_number=self.incident_number, description=self.description, line_items=items
        )


class Approval(BaseModel):
    permission: Literal["view", "download"] = "view"


class Rejection(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class LineItemPublic(BaseModel):
    id: uuid.UUID
    camera_id: uuid.UUID
    owner_org_id: uuid.UUID
    start: datetime | None
    end: datetime | None
    status: str
    permission: str | None
    reason: str | None
    case_id: uuid.UUID | None
    evidence_id: uuid.UUID | None


class VideoRequestPublic(BaseModel):
    id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    description: str
    status: str
    line_items: list[LineItemPublic]
    created_at: datetime | None


class VideoRequestsPublic(BaseModel):
    items: list[VideoRequestPublic]
    count: int


def line_item_public(item: requests_pb2.LineItem) -> LineItemPublic:
    return LineItemPublic(
        id=uuid.UUID(item.id),
        camera_id=uuid.UUID(item.camera_id),
        owner_org_id=uuid.UUID(item.owner_org_id),
        start=read_time(item, "start"),
        end=read_time(item, "end"),
        status=item.status,
        permission=optional_text(item.permission),
        reason=optional_text(item.reason),
        case_id=optional_uuid(item.case_id),
        evidence_id=optional_uuid(item.evidence_id),
    )


def request_public(request: requests_pb2.VideoRequest) -> VideoRequestPublic:
    return VideoRequestPublic(
        id=uuid.UUID(request.id),
        requester_org_id=uuid.UUID(request.requester_org_id),
        requester_user_id=uuid.UUID(request.requester_user_id),
        incident_number=request.incident_number,
        description=request.description,
        status=request.status,
        line_items=[line_item_public(i) for i in request.line_items],
        created_at=read_time(request, "created_at"),
    )


def requests_public(response: requests_pb2.ListRequestsResponse) -> VideoRequestsPublic:
    items = [request_public(r) for r in response.requests]
    return VideoRequestsPublic(items=items, count=len(items))
