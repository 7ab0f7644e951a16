"""gRPC Devices, called by the gateway on behalf of an organization's users."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters.orm import Device, utcnow
from device_gateway.domain.model import is_online
from device_gateway.entrypoints import grants_grpc
from device_gateway.service_layer import devices, grants, transfers


class DevicesServicer(devices_pb2_grpc.DevicesServicer):
    def __init__(self, uow: Callable[[], UnitOfWork], max_upload_bytes: int) -> None:
        self._uow = uow
        self._max_upload_bytes = max_upload_bytes

    async def CreateDevice(
        self, request: devices_pb2.CreateDeviceRequest, context: Any
    ) -> devices_pb2.CreateDeviceResponse:
        background = (
            request.background_recording if request.HasField("background_recording") else None
        )
        new = devices.NewDevice(
            request.name, request.kind, request.channels, background, request.vms_base_url
        )
        async with self._uow() as uow:
            device, code = await devices.create_device(uow, current_principal(), new)
            return devices_pb2.CreateDeviceResponse(device=to_proto(device), enrollment_code=code)

    async def CreateUploadGrant(
        self, request: devices_pb2.CreateUploadGrantRequest, context: Any
    ) -> devices_pb2.CreateUploadGrantResponse:
        new = grants_grpc.new_grant(request)
        async with self._uow() as uow:
            grant, token = await grants.create_grant(
                uow, current_principal(), new, self._max_upload_bytes
            )
            return devices_pb2.CreateUploadGrantResponse(
                grant=grants_grpc.grant_proto(grant), token=token
            )

    async def GetUploadGrant(
        self, request: devices_pb2.GetUploadGrantRequest, context: Any
    ) -> devices_pb2.UploadGrant:
        async with self._uow() as uow:
            grant = await grants.get_grant(uow, current_principal(), _uuid(request.id))
            return grants_grpc.grant_proto(grant)

    async def RevokeUploadGrant(
        self, request: devices_pb2.RevokeUploadGrantRequest, context: Any
    ) -> devices_pb2.UploadGrant:
        async with self._uow() as uow:
            grant = await grants.revoke_grant(uow, current_principal(), _uuid(request.id))
            return grants_grpc.grant_proto(grant)

    async def RevokeDevice(
        self, request: devices_pb2.RevokeDeviceRequest, context: Any
    ) -> devices_pb2.Device:
        async with self._uow() as uow:
            device = await devices.revoke_device(uow, current_principal(), _uuid(request.id))
            return to_proto(device)

    async def ListTransfers(
        self, request: devices_pb2.ListTransfersRequest, context: Any
    ) -> devices_pb2.ListTransfersResponse:
        device_id = _uuid(request.device_id)
        async with self._uow() as uow:
            found = await transfers.list_transfers(
                uow, current_principal(), device_id, pending_only=request.pending_only
            )
            return devices_pb2.ListTransfersResponse(
                transfers=[grants_grpc.transfer_proto(t) for t in found]
            )

    async def GetDevice(
        self, request: devices_pb2.GetDeviceRequest, context: Any
    ) -> devices_pb2.Device:
        async with self._uow() as uow:
            device = await devices.get_device(uow, current_principal(), _uuid(request.id))
            return to_proto(device)


def to_proto(device: Device) -> devices_pb2.Device:
    status = device.status or {}
    message = devices_pb2.Device(
        id=str(device.id),
        org_id=str(device.org_id),
        name=device.name,
        kind=device.kind,
        channels=device.channels,
        background_recording=device.background_recording,
        online=is_online(device.last_seen_at, utcnow()) and not device.revoked,
        revoked=device.revoked,
        storage_free_bytes=status.get("storage_free_bytes"),
        battery_percent=status.get("battery_percent"),
        recording=status.get("recording"),
        vms_base_url=device.vms_base_url or "",
    )
    if device.last_seen_at is not None:
        message.last_seen_at.CopyFrom(grants_grpc.timestamp(device.last_seen_at))
    return message


def _uuid(value: str) -> uuid.UUID:
    return grants_grpc.parse_uuid(value)
