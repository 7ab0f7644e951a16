"""Devices (body-worn, in-car cameras, VMS exporters), managed by device-gateway."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from annotated_types import Ge, Le
from custody_contracts.grpc import devices_pb2
from custody_platform.grpc.fields import read_optional, read_time
from pydantic import BaseModel, Field, Strict

from gateway.entrypoints.api.schemas.common import Count, Line, Moment, Name

DeviceKind = Literal["body_worn", "in_car", "vms"]


class DeviceCreate(BaseModel):
    name: Name = Field(min_length=1, max_length=200)
    kind: DeviceKind
    channels: Annotated[Count, Ge(1), Le(64)] = 1
    background_recording: bool | None = None  # None: device-gateway's default for the kind
    vms_base_url: Line = Field(default="", max_length=500)  # kind "vms" only; checked upstream

    def to_proto(self) -> devices_pb2.CreateDeviceRequest:
        return devices_pb2.CreateDeviceRequest(
            name=self.name,
            kind=self.kind,
            channels=self.channels,
            background_recording=self.background_recording,
            vms_base_url=self.vms_base_url,
        )


class DevicePublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    channels: int
    background_recording: bool
    online: bool
    last_seen_at: datetime | None
    revoked: bool = False
    storage_free_bytes: int | None = None
    storage_total_bytes: int | None = None
    battery_percent: float | None = None
    recording: bool | None = None
    background_recording_applied: bool | None = None  # what the device last said it runs


class DeviceListed(DevicePublic):
    pending_video_requests: int = 0  # background-video requests still waiting for the device


class DeviceCreated(BaseModel):
    device: DevicePublic
    enrollment_code: str  # shown once; device-gateway keeps only a hash


def device_public(device: devices_pb2.Device) -> DevicePublic:
    return DevicePublic(
        id=uuid.UUID(device.id),
        org_id=uuid.UUID(device.org_id),
        name=device.name,
        kind=device.kind,
        channels=device.channels,
        background_recording=device.background_recording,
        online=device.online,
        last_seen_at=read_time(device, "last_seen_at"),
        revoked=device.revoked,
        storage_free_bytes=read_optional(device, "storage_free_bytes"),
        storage_total_bytes=read_optional(device, "storage_total_bytes"),
        battery_percent=read_optional(device, "battery_percent"),
        recording=read_optional(device, "recording"),
        background_recording_applied=read_optional(device, "background_recording_applied"),
    )


class TransferFile(BaseModel):
    upload_id: uuid.UUID
    filename: str
    bytes_done: int
    bytes_total: int
    status: str


class Transfer(BaseModel):
    """One requested export of a device: pending until the device uploads or answers."""

    command_id: uuid.UUID
    export_id: uuid.UUID
    request_id: uuid.UUID
    channel: int
    start: datetime | None
    end: datetime | None
    status: str
    attempts: int
    no_video_reason: str | None
    files: list[TransferFile]


def transfer_public(transfer: devices_pb2.Transfer) -> Transfer:
    return Transfer(
        command_id=uuid.UUID(transfer.command_id),
        export_id=uuid.UUID(transfer.export_id),
        request_id=uuid.UUID(transfer.request_id),
        channel=transfer.channel,
        start=read_time(transfer, "start"),
        end=read_time(transfer, "end"),
        status=transfer.status,
        attempts=transfer.attempts,
        no_video_reason=transfer.no_video_reason or None,
        files=[transfer_file(f) for f in transfer.files],
    )


def transfer_file(found: devices_pb2.TransferFile) -> TransferFile:
    return TransferFile(
        upload_id=uuid.UUID(found.upload_id),
        filename=found.filename,
        bytes_done=found.bytes_done,
        bytes_total=found.bytes_total,
        status=found.status,
    )


class DeviceUpdate(BaseModel):
    background_recording: bool  # the device applies it at its next check-in


Channel = Annotated[int, Strict(), Ge(1), Le(64)]


class VideoRequestCreate(BaseModel):
    """A background-video request: the device uploads each channel's video for the range
    the next time it is online."""

    start: Moment
    end: Moment
    channels: list[Channel] = Field(min_length=1, max_length=64)  # 1 is the first camera
    case_id: uuid.UUID | None = None  # None: the organization's device uploads


class ChannelTransfer(BaseModel):
    """One channel of a background-video request: queued until the device checks in, then
    delivered, acknowledged, and completed (its file) or no_video (the device's reason)."""

    command_id: uuid.UUID
    channel: int
    status: str
    attempts: int
    no_video_reason: str | None
    no_video_detail: str | None
    files: list[TransferFile]


class VideoRequestPublic(BaseModel):
    id: uuid.UUID
    device_id: uuid.UUID
    requested_by: uuid.UUID
    case_id: uuid.UUID  # the named case, or the organization's device-uploads case
    case_named: bool
    start: datetime | None
    end: datetime | None
    channels: list[int]
    status: Literal["pending", "complete", "no_video", "failed"]
    reason: str | None  # the device's reason when there is no video, or why it failed
    created_at: datetime | None
    finished_at: datetime | None
    bytes_done: int
    bytes_total: int
    transfers: list[ChannelTransfer]


def video_request_public(found: devices_pb2.BackgroundRequest) -> VideoRequestPublic:
    transfers = [
        ChannelTransfer(
            command_id=uuid.UUID(t.command_id),
            channel=t.channel,
            status=t.status,
            attempts=t.attempts,
            no_video_reason=t.no_video_reason or None,
            no_video_detail=t.no_video_detail or None,
            files=[transfer_file(f) for f in t.files],
        )
        for t in found.transfers
    ]
    files = [f for t in transfers for f in t.files]
    return VideoRequestPublic(
        id=uuid.UUID(found.id),
        device_id=uuid.UUID(found.device_id),
        requested_by=uuid.UUID(found.requested_by),
        case_id=uuid.UUID(found.case_id),
        case_named=found.case_named,
        start=read_time(found, "start"),
        end=read_time(found, "end"),
        channels=list(found.channels),
        status=found.status,  # type: ignore[arg-type]  # device-gateway's four states
        reason=found.reason or None,
        created_at=read_time(found, "created_at"),
        finished_at=read_time(found, "finished_at"),
        bytes_done=sum(f.bytes_done for f in files),
        bytes_total=sum(f.bytes_total for f in files),
        transfers=transfers,
    )
