"""Devices (body-worn, in-car cameras, VMS exporters), managed by device-gateway."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from annotated_types import Ge, Le
from custody_contracts.grpc import devices_pb2
from custody_platform.grpc.fields import read_optional, read_time
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import Count, Line, Name

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
    battery_percent: float | None = None
    recording: bool | None = None


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
        battery_percent=read_optional(device, "battery_percent"),
        recording=read_optional(device, "recording"),
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
        files=[
            TransferFile(
                upload_id=uuid.UUID(f.upload_id),
                filename=f.filename,
                bytes_done=f.bytes_done,
                bytes_total=f.bytes_total,
                status=f.status,
            )
            for f in transfer.files
        ],
    )
