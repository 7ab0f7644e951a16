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


class CameraUpdated(Event):
    topic: ClassVar[str] = "registry.events"
    key_field: ClassVar[str] = "camera_id"
    type: Literal["registry.camera_updated.v1"] = "registry.camera_updated.v1"
    camera_id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    visibility: str
    group_id: uuid.UUID | None = None


class CameraRetired(Event):
    topic: ClassVar[str] = "registry.events"
    key_field: ClassVar[str] = "camera_id"
    type: Literal["registry.camera_retired.v1"] = "registry.camera_retired.v1"
    camera_id: uuid.UUID
    org_id: uuid.UUID


class CameraGroupSaved(Event):
    topic: ClassVar[str] = "registry.events"
    key_field: ClassVar[str] = "group_id"
    type: Literal["registry.camera_group_saved.v1"] = "registry.camera_group_saved.v1"
    group_id: uuid.UUID
    org_id: uuid.UUID
    name: str
    approver_user_ids: tuple[uuid.UUID, ...] = ()


class RequestSettingsChanged(Event):
    topic: ClassVar[str] = "registry.events"
    key_field: ClassVar[str] = "org_id"
    type: Literal["registry.request_settings_changed.v1"] = "registry.request_settings_changed.v1"
    org_id: uuid.UUID
    approver_user_ids: tuple[uuid.UUID, ...] = ()
    auto_approve_org_ids: tuple[uuid.UUID, ...] = ()
    export_before_approval: bool = False
    max_span_hours: int = 12
    sla_hours: int = 0


class RequestFormPublished(Event):
    topic: ClassVar[str] = "registry.events"
    key_field: ClassVar[str] = "org_id"
    type: Literal["registry.request_form_published.v1"] = "registry.request_form_published.v1"
    org_id: uuid.UUID
    form_version_id: uuid.UUID
    version: int


# --- requests ---------------------------------------------------------------------------------


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


class LineItemStatusChanged(Event):
    """A line-item move no other request event names: under review, more info requested,
    cancelled, expired, video unavailable."""

    topic: ClassVar[str] = "requests.events"
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

    topic: ClassVar[str] = "requests.events"
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

    topic: ClassVar[str] = "requests.events"
    key_field: ClassVar[str] = "request_id"
    type: Literal["requests.line_item_due_soon.v1"] = "requests.line_item_due_soon.v1"
    request_id: uuid.UUID
    line_item_id: uuid.UUID
    owner_org_id: uuid.UUID
    incident_number: str
    due_at: datetime
    approver_user_ids: tuple[uuid.UUID, ...] = ()


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
    filename: str = ""
    content_type: str = ""


class CaseSaved(Event):
    """A case was created, edited, changed status or legal hold."""

    topic: ClassVar[str] = "evidence.events"
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.case_saved.v1"] = "evidence.case_saved.v1"
    case_id: uuid.UUID
    org_id: uuid.UUID
    number: str
    status: str
    legal_hold: bool = False
    change: Literal["created", "updated", "status_changed", "legal_hold_changed"]


class EvidenceChanged(Event):
    """An evidence item's metadata or lifecycle changed (not its bytes: originals are immutable)."""

    topic: ClassVar[str] = "evidence.events"
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["evidence.evidence_changed.v1"] = "evidence.evidence_changed.v1"
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    change: Literal[
        "updated",
        "commented",
        "added_to_case",
        "processed",
        "legal_hold_changed",
        "deleted",
        "restored",
        "purged",
        "retention_locked",
    ]
    case_id: uuid.UUID | None = None


class AccessChanged(Event):
    """A permission grant or share link on a case or evidence item was created or revoked."""

    topic: ClassVar[str] = "evidence.events"
    key_field: ClassVar[str] = "object_id"
    type: Literal["evidence.access_changed.v1"] = "evidence.access_changed.v1"
    access_id: uuid.UUID
    org_id: uuid.UUID
    object_type: Literal["case", "evidence"]
    object_id: uuid.UUID
    kind: Literal["grant", "share_link"]
    change: Literal["created", "revoked"]
    permission: str
    grantee_type: str | None = None
    grantee_id: uuid.UUID | None = None
    expires_at: datetime | None = None


class FileRequestChanged(Event):
    topic: ClassVar[str] = "evidence.events"
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.file_request_changed.v1"] = "evidence.file_request_changed.v1"
    file_request_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    change: Literal["created", "revoked"]


class PublicEvidenceReceived(Event):
    """A member of the public uploaded a file through a file request; investigators are told."""

    topic: ClassVar[str] = "evidence.events"
    key_field: ClassVar[str] = "case_id"
    type: Literal["evidence.public_evidence_received.v1"] = "evidence.public_evidence_received.v1"
    evidence_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    case_number: str
    file_request_id: uuid.UUID | None = None
    filename: str
    size: int
    notify_user_ids: tuple[uuid.UUID, ...] = ()


# --- redaction --------------------------------------------------------------------------------


class RedactionProgress(Event):
    """How far a running redaction step is; published at most every few seconds per job."""

    topic: ClassVar[str] = "redaction.events"
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.redaction_progress.v1"] = "redaction.redaction_progress.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    step: Literal["analyse", "render"]
    percent: float
    frames_done: int
    frames_total: int
    fps: float


class RedactionStatusChanged(Event):
    """A job moved between states not covered by RedactionCompleted / RedactionFailed:
    analysing, awaiting_review, rendering, cancelled."""

    topic: ClassVar[str] = "redaction.events"
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.status_changed.v1"] = "redaction.status_changed.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    previous_status: str
    status: str
    actor_user_id: uuid.UUID | None = None  # None when the worker moved it


class RedactionCompleted(Event):
    """The redacted copy is stored; `object_key`/`sha256` are its bytes, the manifest lists
    every mask applied."""

    topic: ClassVar[str] = "redaction.events"
    key_field: ClassVar[str] = "evidence_id"
    type: Literal["redaction.redaction_completed.v1"] = "redaction.redaction_completed.v1"
    job_id: uuid.UUID
    evidence_id: uuid.UUID
    org_id: uuid.UUID
    object_key: str
    sha256: str
    size: int
    derived_evidence_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    manifest_key: str | None = None
    manifest_sha256: str | None = None


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


class DisclosureCreated(Event):
    """A disclosure package of evidence on a case was built and stored."""

    topic: ClassVar[str] = "audit.events"
    key_field: ClassVar[str] = "case_id"
    type: Literal["audit.disclosure_created.v1"] = "audit.disclosure_created.v1"
    disclosure_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID
    evidence_ids: tuple[uuid.UUID, ...]
    sha256: str
    size: int
    tree_head_id: int


class DisclosureAcknowledged(Event):
    topic: ClassVar[str] = "audit.events"
    key_field: ClassVar[str] = "case_id"
    type: Literal["audit.disclosure_acknowledged.v1"] = "audit.disclosure_acknowledged.v1"
    disclosure_id: uuid.UUID
    case_id: uuid.UUID
    org_id: uuid.UUID


AnyEvent = Annotated[
    CameraRegistered
    | CameraUpdated
    | CameraRetired
    | CameraGroupSaved
    | RequestSettingsChanged
    | RequestFormPublished
    | RequestSubmitted
    | RequestApproved
    | RequestRejected
    | ExportRequested
    | RequestFulfilled
    | LineItemStatusChanged
    | RequestMessagePosted
    | LineItemDueSoon
    | VideoUploaded
    | UploadCompleted
    | NoVideoAvailable
    | ExportFailed
    | DeviceSeen
    | EvidenceIngested
    | RedactionRequested
    | CaseSaved
    | EvidenceChanged
    | AccessChanged
    | FileRequestChanged
    | PublicEvidenceReceived
    | RedactionProgress
    | RedactionStatusChanged
    | RedactionCompleted
    | RedactionFailed
    | DisclosureCreated
    | DisclosureAcknowledged
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
