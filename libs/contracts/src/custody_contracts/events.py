"""Domain events: frozen pydantic models with a literal, versioned `type`.

Within a version only additive, optional fields may be added; a breaking change is a new
class with a `.v2` type. Every event names its aggregate (`key`) so Kafka keeps one
aggregate's events in order.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    type: str
    topic: ClassVar[str]
    key_field: ClassVar[str]  # the aggregate id: Kafka keeps one aggregate's events in order

    @property
    def key(self) -> str:
        return str(getattr(self, self.key_field))


# --- registry ---------------------------------------------------------------------------------


class CameraRegistered(Event):
    topic: ClassVar[str] = "registry.events"
    key_field: ClassVar[str] = "camera_id"
    type: Literal["registry.camera_registered.v1"] = "registry.camera_registered.v1"
    camera_id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float


# --- requests ---------------------------------------------------------------------------------


class LineItemRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    line_item_id: uuid.UUID
    camera_id: uuid.UUID
    owner_org_id: uuid.UUID
    start: datetime
    end: datetime


class RequestSubmitted(Event):
    topic: ClassVar[str] = "requests.events"
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.request_submitted.v1"] = "requests.request_submitted.v1"
    request_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    incident_number: str
    line_items: tuple[LineItemRef, ...]


class RequestApproved(Event):
    topic: ClassVar[str] = "requests.events"
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
    topic: ClassVar[str] = "requests.events"
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.request_rejected.v1"] = "requests.request_rejected.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    reason: str


class ExportRequested(Event):
    topic: ClassVar[str] = "requests.events"
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


class RequestFulfilled(Event):
    topic: ClassVar[str] = "requests.events"
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.request_fulfilled.v1"] = "requests.request_fulfilled.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    requester_org_id: uuid.UUID
    requester_user_id: uuid.UUID
    case_id: uuid.UUID
    evidence_id: uuid.UUID


# --- device gateway ---------------------------------------------------------------------------


class ExportContext(BaseModel):
    """Why a file was uploaded: carried from ExportRequested through the device to evidence."""

    model_config = ConfigDict(frozen=True)

    export_id: uuid.UUID
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    requester_org_id: uuid.UUID
    camera_id: uuid.UUID
    case_number: str
    permission: Literal["view", "download"]


class VideoUploaded(Event):
    topic: ClassVar[str] = "device-gateway.events"
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.video_uploaded.v1"] = "device_gateway.video_uploaded.v1"
    upload_id: uuid.UUID
    device_id: uuid.UUID
    export: ExportContext
    object_key: str
    sha256: str
    size: int
    filename: str
    content_type: str
    start: datetime
    end: datetime


class UploadCompleted(Event):
    """A file uploaded under an upload grant (direct, public file request, VMS, watch folder).

    Its bytes sit verified in the object store at `object_key`; evidence adopts them into a
    case. Device exports keep `VideoUploaded`, which carries the request's ExportContext.
    """

    topic: ClassVar[str] = "device-gateway.events"
    key_field: ClassVar[str] = "grant_id"
    type: Literal["device_gateway.upload_completed.v1"] = "device_gateway.upload_completed.v1"
    upload_id: uuid.UUID
    grant_id: uuid.UUID
    org_id: uuid.UUID
    case_id: uuid.UUID
    source: Literal["direct", "public", "vms", "watch_folder", "mobile"]
    object_key: str
    sha256: str
    size: int
    filename: str
    content_type: str
    uploaded_by: str  # user id, device id, or "public"
    contributor_name: str | None = None
    contributor_contact: str | None = None
    file_request_id: uuid.UUID | None = None
    occurred_at: datetime


class NoVideoAvailable(Event):
    topic: ClassVar[str] = "device-gateway.events"
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.no_video_available.v1"] = "device_gateway.no_video_available.v1"
    device_id: uuid.UUID
    export: ExportContext
    reason: str


class ExportFailed(Event):
    topic: ClassVar[str] = "device-gateway.events"
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.export_failed.v1"] = "device_gateway.export_failed.v1"
    device_id: uuid.UUID
    export: ExportContext
    reason: str


class DeviceSeen(Event):
    topic: ClassVar[str] = "device-gateway.events"
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.device_seen.v1"] = "device_gateway.device_seen.v1"
    device_id: uuid.UUID
    org_id: uuid.UUID
    seen_at: datetime


# --- evidence ---------------------------------------------------------------------------------


class EvidenceIngested(Event):
    topic: ClassVar[str] = "evidence.events"
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.evidence_ingested.v1"] = "evidence.evidence_ingested.v1"
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    sha256: str
    size: int
    source: str
    request_id: uuid.UUID | None = None
    line_item_id: uuid.UUID | None = None


class RedactionRequested(Event):
    topic: ClassVar[str] = "evidence.events"
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["evidence.redaction_requested.v1"] = "evidence.redaction_requested.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    requested_by: uuid.UUID


# --- redaction --------------------------------------------------------------------------------


class RedactionCompleted(Event):
    topic: ClassVar[str] = "redaction.events"
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.redaction_completed.v1"] = "redaction.redaction_completed.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    size: int


class RedactionFailed(Event):
    topic: ClassVar[str] = "redaction.events"
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.redaction_failed.v1"] = "redaction.redaction_failed.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    reason: str


# --- audit ------------------------------------------------------------------------------------


class AuditRecord(Event):
    """One entry of the chain of custody: who did what to which object, when, from where."""

    topic: ClassVar[str] = "audit.records"
    key_field: ClassVar[str] = "object_id"
    type: Literal["audit.record.v1"] = "audit.record.v1"
    service: str
    actor_type: Literal["user", "device", "service", "public"]
    actor_id: str
    actor_org_id: uuid.UUID | None = None
    action: str
    object_type: str
    object_id: str
    object_hash: str | None = None
    org_ids: tuple[uuid.UUID, ...] = ()
    occurred_at: datetime
    source_address: str | None = None
    reason: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


AnyEvent = Annotated[
    CameraRegistered
    | RequestSubmitted
    | RequestApproved
    | RequestRejected
    | ExportRequested
    | RequestFulfilled
    | VideoUploaded
    | UploadCompleted
    | NoVideoAvailable
    | ExportFailed
    | DeviceSeen
    | EvidenceIngested
    | RedactionRequested
    | RedactionCompleted
    | RedactionFailed
    | AuditRecord,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyEvent)


def event_types() -> dict[str, type[Event]]:
    """Every known event type string → its model."""
    return {cls.model_fields["type"].default: cls for cls in Event.__subclasses__()}


def parse_event(body: bytes | str) -> Event:
    """Parse an event body with the discriminated union; raises pydantic.ValidationError."""
    event: Event = EVENT_ADAPTER.validate_json(body)
    return event
