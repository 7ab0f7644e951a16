"""The requests service's events: video requests, their line items, exports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from custody_contracts import topics
from custody_contracts.events.base import Event


class ExportProvenance(BaseModel):
    """Where an export's video comes from and what it is for, carried from the request to the
    evidence item and its case (decision 0036). Every field is optional: producers of
    ExportRequested before it existed send none, and consumers treat None as unknown."""

    model_config = ConfigDict(frozen=True)

    camera_name: str = ""
    camera_latitude: float | None = None
    camera_longitude: float | None = None
    incident_number: str = ""
    incident_type: str = ""
    incident_at: datetime | None = None
    incident_latitude: float | None = None
    incident_longitude: float | None = None
    description: str = ""


class LineItemRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    line_item_id: uuid.UUID
    camera_id: uuid.UUID
    owner_org_id: uuid.UUID
    start: datetime
    end: datetime
    status: str = (
        "submitted"  # under_review when footage is preserved, exporting when auto-approved
    )
    approver_user_ids: tuple[uuid.UUID, ...] = ()  # who the owner's policy asks to decide
    due_at: datetime | None = None  # the owner's SLA for a decision


class RequestSubmitted(Event):
    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.request_submitted.v1"] = "requests.request_submitted.v1"
    request_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    line_items: tuple[LineItemRef, ...]


class RequestApproved(Event):
    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.request_approved.v1"] = "requests.request_approved.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    approver_user_id: uuid.UUID
    permission: Literal["view", "download"]


class RequestRejected(Event):
    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.request_rejected.v1"] = "requests.request_rejected.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    reason: str


class ExportRequested(Event):
    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.export_requested.v1"] = "requests.export_requested.v1"
    export_id: uuid.UUID
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    requester_org_id: uuid.UUID
    camera_id: uuid.UUID
    device_id: uuid.UUID
    channel: int
    start: datetime
    end: datetime
    case_number: str
    permission: Literal["view", "download"]
    # Set when the camera is bound to a VMS (a device of kind "vms"): the connector exports
    # this camera reference instead of queuing a command for a device to pick up.
    vms_camera_ref: str | None = None
    provenance: ExportProvenance | None = None  # absent from producers before decision 0036


class RequestFulfilled(Event):
    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.request_fulfilled.v1"] = "requests.request_fulfilled.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    case_id: uuid.UUID
    evidence_id: uuid.UUID


class LineItemStatusChanged(Event):
    """A line-item move no other request event names: under review, more info requested,
    cancelled, expired, video unavailable."""

    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.line_item_status_changed.v1"] = "requests.line_item_status_changed.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    previous_status: str
    status: str
    reason: str | None = None
    actor_user_id: uuid.UUID | None = None  # None when the SLA worker or a device moved it


class RequestMessagePosted(Event):
    """One message of the conversation between the requester and one owner organization."""

    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.message_posted.v1"] = "requests.message_posted.v1"
    message_id: uuid.UUID
    request_id: uuid.UUID
    owner_org_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    author_user_id: uuid.UUID
    author_party: Literal["requester", "owner"]
    body: str


class LineItemDueSoon(Event):
    """An undecided line item nears its owner's SLA due date (sent once per item)."""

    topic: ClassVar[str] = topics.REQUESTS
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.line_item_due_soon.v1"] = "requests.line_item_due_soon.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    incident_number: str
    due_at: datetime
    approver_user_ids: tuple[uuid.UUID, ...] = ()
