"""Domain events, one module per publishing service; this package parses any of them.

Within a version only additive, optional fields may be added; a breaking change is a new
class with a `.v2` type. Import an event from its publisher's module
(`custody_contracts.events.video_requests.RequestSubmitted`); import `Event`, `AnyEvent` and
`parse_event` from here.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from custody_contracts.events.audit import (
    AuditRecord,
    DisclosureAcknowledged,
    DisclosureCreated,
)
from custody_contracts.events.base import Event
from custody_contracts.events.device_gateway import (
    BackgroundVideoFinished,
    DeviceSeen,
    ExportFailed,
    NoVideoAvailable,
    UploadCompleted,
    VideoUploaded,
)
from custody_contracts.events.evidence import (
    AccessChanged,
    CaseSaved,
    EvidenceChanged,
    EvidenceIngested,
    FileRequestChanged,
    PublicEvidenceReceived,
    RedactionRequested,
)
from custody_contracts.events.gateway import GuestInvited
from custody_contracts.events.redaction import (
    RedactionCompleted,
    RedactionFailed,
    RedactionProgress,
    RedactionStatusChanged,
)
from custody_contracts.events.registry import (
    CameraGroupSaved,
    CameraRegistered,
    CameraRetired,
    CameraUpdated,
    RequestFormPublished,
    RequestSettingsChanged,
)
from custody_contracts.events.video_requests import (
    ExportRequested,
    LineItemDueSoon,
    LineItemStatusChanged,
    RequestApproved,
    RequestFulfilled,
    RequestMessagePosted,
    RequestRejected,
    RequestSubmitted,
)

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
    | BackgroundVideoFinished
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
    | GuestInvited
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
