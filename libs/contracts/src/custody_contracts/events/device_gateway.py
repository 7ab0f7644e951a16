"""The device gateway's events: uploads, missing video, failed exports, devices seen."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from custody_contracts import topics
from custody_contracts.events.base import Event
from custody_contracts.events.video_requests import ExportProvenance


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
    # Decision 0036: the source's channel and the request's provenance; None from producers
    # before it (and for exports queued before it).
    channel: int | None = None
    provenance: ExportProvenance | None = None


class VideoUploaded(Event):
    topic: ClassVar[str] = topics.DEVICE_GATEWAY
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
    """A file uploaded under an upload grant (direct, browser, mobile, public, VMS, watch folder).

    Its bytes sit verified in the object store at `object_key`; evidence adopts them into a
    case. Device exports keep `VideoUploaded`, which carries the request's ExportContext.
    """

    topic: ClassVar[str] = topics.DEVICE_GATEWAY
    key_field: ClassVar[str] = "grant_id"
    type: Literal["device_gateway.upload_completed.v1"] = "device_gateway.upload_completed.v1"
    upload_id: uuid.UUID
    grant_id: uuid.UUID
    org_id: uuid.UUID
    case_id: uuid.UUID
    source: Literal["direct", "public", "vms", "watch_folder", "mobile", "browser"]
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
    topic: ClassVar[str] = topics.DEVICE_GATEWAY
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.no_video_available.v1"] = "device_gateway.no_video_available.v1"
    device_id: uuid.UUID
    export: ExportContext
    reason: str


class ExportFailed(Event):
    topic: ClassVar[str] = topics.DEVICE_GATEWAY
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.export_failed.v1"] = "device_gateway.export_failed.v1"
    device_id: uuid.UUID
    export: ExportContext
    reason: str


class DeviceSeen(Event):
    topic: ClassVar[str] = topics.DEVICE_GATEWAY
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.device_seen.v1"] = "device_gateway.device_seen.v1"
    device_id: uuid.UUID
    org_id: uuid.UUID
    seen_at: datetime


class BackgroundVideoFinished(Event):
    """A background-video request to one device (body-worn or in-car) has ended: its files
    are uploaded into `case_id` (or the org's uploads when None), or the device had none."""

    topic: ClassVar[str] = topics.DEVICE_GATEWAY
    key_field: ClassVar[str] = "device_id"
    type: Literal["device_gateway.background_video_finished.v1"] = (
        "device_gateway.background_video_finished.v1"
    )
    background_request_id: uuid.UUID
    device_id: uuid.UUID
    device_name: str
    org_id: uuid.UUID
    requested_by: uuid.UUID  # the user who asked: the one the notifier tells
    outcome: Literal["complete", "no_video", "failed"]
    reason: str | None = None  # the device's reason, when there is no video or it failed
    case_id: uuid.UUID | None = None
    files: int = 0
    total_bytes: int = 0
    occurred_at: datetime
