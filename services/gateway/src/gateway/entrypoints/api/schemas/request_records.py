"""Searching request records: the query string of /requests, its counts and its CSV export."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from custody_contracts.grpc import requests_pb2
from custody_platform.grpc.fields import read_time, timestamp
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Limit, Line, Moment, Offset

CSV_COLUMNS = (
    "request_id",
    "incident_number",
    "incident_type",
    "request_status",
    "created_at",
    "requester_org_id",
    "requester_user_id",
    "line_item_id",
    "camera_id",
    "camera_name",
    "owner_org_id",
    "start",
    "end",
    "line_item_status",
    "permission",
    "reason",
    "due_at",
)


class RequestQuery(BaseModel):
    """Every filter is optional; together they narrow what the caller may see."""

    status: Line = Field(default="", max_length=40)
    owner_org_id: uuid.UUID | None = None
    requester_org_id: uuid.UUID | None = None
    requester_user_id: uuid.UUID | None = None
    camera_id: uuid.UUID | None = None
    incident_number: Line = Field(default="", max_length=100)
    created_from: Moment | None = None
    created_to: Moment | None = None
    incident_from: Moment | None = None
    incident_to: Moment | None = None
    q: Line = Field(default="", max_length=200)
    limit: Limit = 50
    offset: Offset = 0

    def to_proto(self, **overrides: int) -> requests_pb2.ListRequestsRequest:
        message = requests_pb2.ListRequestsRequest(
            status=self.status,
            incident_number=self.incident_number,
            text=self.q,
            limit=overrides.get("limit", self.limit),
            offset=overrides.get("offset", self.offset),
        )
        for name in ("owner_org_id", "requester_org_id", "requester_user_id", "camera_id"):
            if (value := getattr(self, name)) is not None:
                setattr(message, name, str(value))
        for name in ("created_from", "created_to", "incident_from", "incident_to"):
            if (when := getattr(self, name)) is not None:
                getattr(message, name).CopyFrom(timestamp(when))
        return message


class StatusCountsPublic(BaseModel):
    by_status: dict[str, int]
    total: int


def _stamp(message: object, field: str) -> str:
    moment = read_time(message, field)
    return "" if moment is None else moment.replace(tzinfo=None).isoformat() + "Z"


def csv_rows(request: requests_pb2.VideoRequest) -> Iterable[tuple[str, ...]]:
    """One row per line item the caller sees, as plain values: `custody_platform.csv_export`
    defuses the cells as it writes them."""
    for item in request.line_items:
        yield (
            request.id,
            request.incident_number,
            request.incident.type,
            request.status,
            _stamp(request, "created_at"),
            request.requester_org_id,
            request.requester_user_id,
            item.id,
            item.camera_id,
            item.camera_name,
            item.owner_org_id,
            _stamp(item, "start"),
            _stamp(item, "end"),
            item.status,
            item.permission,
            item.reason,
            _stamp(item, "due_at"),
        )
