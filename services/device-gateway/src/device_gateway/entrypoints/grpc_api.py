"""gRPC Devices, called by the gateway on behalf of an organization's users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.entrypoints import mappers
from device_gateway.service_layer import devices, grants, transfers


class DevicesServicer(devices_pb2_grpc.DevicesServicer):
    def __init__(self, uow: Callable[[], UnitOfWork], max_upload_bytes: int) -> None:
        self._uow = uow
        self._max_upload_bytes = max_upload_bytes

    async def CreateDevice(
        self, request: devices_pb2.CreateDeviceRequest, context: Any
    ) -> devices_pb2.CreateDeviceResponse:
        new = mappers.new_device(request)
        async with self._uow() as uow:
            device, code = await devices.create_device(uow, current_principal(), new)
            await uow.commit()
            return devices_pb2.CreateDeviceResponse(
                device=mappers.device_proto(device), enrollment_code=code
            )

    async def CreateUploadGrant(
        self, request: devices_pb2.CreateUploadGrantRequest, context: Any
    ) -> devices_pb2.CreateUploadGrantResponse:
        new = mappers.new_grant(request)
        async with self._uow() as uow:
            grant, token = await grants.create_grant(
                uow, current_principal(), new, self._max_upload_bytes
            )
            await uow.commit()
            return devices_pb2.CreateUploadGrantResponse(
                grant=mappers.grant_proto(grant), token=token
            )

    async def GetUploadGrant(
        self, request: devices_pb2.GetUploadGrantRequest, context: Any
    ) -> devices_pb2.UploadGrant:
        grant_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            grant = await grants.get_grant(uow, current_principal(), grant_id)
            return mappers.grant_proto(grant)

    async def RevokeUploadGrant(
        self, request: devices_pb2.RevokeUploadGrantRequest, context: Any
    ) -> devices_pb2.UploadGrant:
        grant_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            grant = await grants.revoke_grant(uow, current_principal(), grant_id)
            await uow.commit()
            return mappers.grant_proto(grant)

    async def RevokeDevice(
        self, request: devices_pb2.RevokeDeviceRequest, context: Any
    ) -> devices_pb2.Device:
        device_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            device = await devices.revoke_device(uow, current_principal(), device_id)
            await uow.commit()
            return mappers.device_proto(device)

    async def ListTransfers(
        self, request: devices_pb2.ListTransfersRequest, context: Any
    ) -> devices_pb2.ListTransfersResponse:
        device_id = parse_uuid(request.device_id, "device_id")
        async with self._uow() as uow:
            found = await transfers.list_transfers(
                uow, current_principal(), device_id, pending_only=request.pending_only
            )
            return devices_pb2.ListTransfersResponse(
                transfers=[mappers.transfer_proto(t) for t in found]
            )

    async def GetDevice(
        self, request: devices_pb2.GetDeviceRequest, context: Any
    ) -> devices_pb2.Device:
        device_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            device = await devices.get_device(uow, current_principal(), device_id)
            return mappers.device_proto(device)
