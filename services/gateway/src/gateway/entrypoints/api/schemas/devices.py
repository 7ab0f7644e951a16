"""Devices (body-worn, in-car cameras, VMS exporters), managed by device-gateway."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from custody_contracts.grpc import devices_pb2
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import read_time

DeviceKind = Literal["body_worn", "in_car", "vms"]


class DeviceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: DeviceKind
    channels: int = Field(default=1, ge=1, le=64)
    background_recording: bool | None = None  # None: device-gateway's default for the kind

    def to_proto(self) -> devices_pb2.CreateDeviceRequest:
        return devices_pb2.CreateDeviceRequest(
            name=self.name,
            kind=self.kind,
            channels=self.channels,
            background_recording=self.background_recording,
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
    )
