"""gRPC Devices, called by the gateway on behalf of an organization's users."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc
from custody_platform.errors import InvalidArgument
from custody_platform.grpc import current_principal
from custody_platform.unit_of_work import UnitOfWork
from google.protobuf.timestamp_pb2 import Timestamp

from device_gateway.adapters.orm import Device, utcnow
from device_gateway.domain.model import is_online
from device_gateway.service_layer import devices


class DevicesServicer(devices_pb2_grpc.DevicesServicer):
    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    async def CreateDevice(
        self, request: devices_pb2.CreateDeviceRequest, context: Any
    ) -> devices_pb2.CreateDeviceResponse:
        background = (
            request.background_recording if request.HasField("background_recording") else None
        )
        new = devices.NewDevice(request.name, request.kind, request.channels, background)
        async with self._uow() as uow:
            device, code = await devices.create_device(uow, current_principal(), new)
            return devices_pb2.CreateDeviceResponse(device=to_proto(device), enrollment_code=code)

    async def GetDevice(
        self, request: devices_pb2.GetDeviceRequest, context: Any
    ) -> devices_pb2.Device:
        async with self._uow() as uow:
            device = await devices.get_device(uow, current_principal(), _uuid(request.id))
            return to_proto(device)


def to_proto(device: Device) -> devices_pb2.Device:
    message = devices_pb2.Device(
        id=str(device.id),
        org_id=str(device.org_id),
        name=device.name,
        kind=device.kind,
        channels=device.channels,
        background_recording=device.background_recording,
        online=is_online(device.last_seen_at, utcnow()),
    )
    if device.last_seen_at is not None:
        message.last_seen_at.CopyFrom(_timestamp(device))
    return message


def _timestamp(device: Device) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(device.last_seen_at)  # type: ignore[arg-type]
    return stamp


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument("id must be a UUID") from None
