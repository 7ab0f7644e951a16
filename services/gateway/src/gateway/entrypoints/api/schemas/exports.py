"""What an organization exported from its own cameras (decision 0036)."""

from __future__ import annotations

import uuid
from datetime import datetime

from custody_contracts.grpc import devices_pb2
from custody_platform.grpc.fields import optional_uuid, read_time
from pydantic import BaseModel


class ExportedFilePublic(BaseModel):
    upload_id: uuid.UUID
    filename: str
    size: int
    sha256: str
    completed_at: datetime | None


class ExportPublic(BaseModel):
    export_id: uuid.UUID | None
    request_id: uuid.UUID | None
    line_item_id: uuid.UUID | None
    camera_id: uuid.UUID | None
    camera_name: str
    device_id: uuid.UUID
    channel: int
    start: datetime | None
    end: datetime | None
    requester_org_id: uuid.UUID | None  # the organization the video went to
    status: str  # queued, delivered, acknowledged, completed, no_video, expired, failed
    created_at: datetime | None
    finished_at: datetime | None
    files: list[ExportedFilePublic]  # completed uploads, with the sha256 of their bytes


class ExportsPublic(BaseModel):
    items: list[ExportPublic]
    count: int
    next_cursor: str | None = None  # pass as ?cursor= for the next page


def _file(f: devices_pb2.ExportedFile) -> ExportedFilePublic:
    return ExportedFilePublic(
        upload_id=uuid.UUID(f.upload_id),
        filename=f.filename,
        size=f.size,
        sha256=f.sha256,
        completed_at=read_time(f, "completed_at"),
    )


def _export(e: devices_pb2.ExportRecord) -> ExportPublic:
    return ExportPublic(
        export_id=optional_uuid(e.export_id, "export_id"),
        request_id=optional_uuid(e.request_id, "request_id"),
        line_item_id=optional_uuid(e.line_item_id, "line_item_id"),
        camera_id=optional_uuid(e.camera_id, "camera_id"),
        camera_name=e.camera_name,
        device_id=uuid.UUID(e.device_id),
        channel=e.channel,
        start=read_time(e, "start"),
        end=read_time(e, "end"),
        requester_org_id=optional_uuid(e.requester_org_id, "requester_org_id"),
        status=e.status,
        created_at=read_time(e, "created_at"),
        finished_at=read_time(e, "finished_at"),
        files=[_file(f) for f in e.files],
    )


def exports_public(response: devices_pb2.ListExportsResponse) -> ExportsPublic:
    items = [_export(e) for e in response.exports]
    return ExportsPublic(items=items, count=len(items), next_cursor=response.next_cursor or None)
