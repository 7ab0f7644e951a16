"""gRPC Devices, called by the gateway on behalf of an organization's users."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from custody_contracts.grpc import devices_pb2, devices_pb2_grpc
from custody_platform.grpc import current_principal
from custody_platform.grpc.fields import parse_uuid
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters.orm import Device
from device_gateway.domain.model import ONLINE_WINDOW
from device_gateway.entrypoints import mappers
from device_gateway.service_layer import background, devices, exports, grants, transfers


@dataclass(frozen=True)
class DevicePolicy:
    max_upload_bytes: int
    online_window: timedelta = ONLINE_WINDOW
    background_ttl: timedelta = timedelta(days=14)  # how long a request waits for its device


class DevicesServicer(devices_pb2_grpc.DevicesServicer):
    def __init__(self, uow: Callable[[], UnitOfWork], policy: DevicePolicy) -> None:
        self._uow = uow
        self._policy = policy
        self._max_upload_bytes = policy.max_upload_bytes

    def _device(self, device: Device) -> devices_pb2.Device:
        return mappers.device_proto(device, self._policy.online_window)

    async def CreateDevice(
        self, request: devices_pb2.CreateDeviceRequest, context: Any
    ) -> devices_pb2.CreateDeviceResponse:
        new = mappers.new_device(request)
        async with self._uow() as uow:
            device, code = await devices.create_device(uow, current_principal(), new)
            await uow.commit()
            return devices_pb2.CreateDeviceResponse(
                device=self._device(device), enrollment_code=code
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
            return self._device(device)

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

    async def ListExports(
        self, request: devices_pb2.ListExportsRequest, context: Any
    ) -> devices_pb2.ListExportsResponse:
        async with self._uow() as uow:
            page = await exports.list_exports(
                uow, current_principal(), request.limit, request.cursor
            )
            return devices_pb2.ListExportsResponse(
                exports=[mappers.export_proto(e) for e in page.exports],
                next_cursor=page.next_cursor,
            )

    async def GetDevice(
        self, request: devices_pb2.GetDeviceRequest, context: Any
    ) -> devices_pb2.Device:
        device_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            device = await devices.get_device(uow, current_principal(), device_id)
            return self._device(device)

    async def ListDevices(
        self, request: devices_pb2.ListDevicesRequest, context: Any
    ) -> devices_pb2.ListDevicesResponse:
        async with self._uow() as uow:
            found = await devices.list_devices(uow, current_principal())
            pending = await devices.pending_video_requests(uow, current_principal())
            return devices_pb2.ListDevicesResponse(
                devices=[self._device(d) for d in found],
                pending_video_requests={str(d): n for d, n in pending.items()},
            )

    async def SetBackgroundRecording(
        self, request: devices_pb2.SetBackgroundRecordingRequest, context: Any
    ) -> devices_pb2.Device:
        device_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            device = await devices.set_background_recording(
                uow, current_principal(), device_id, request.enabled
            )
            await uow.commit()
            return self._device(device)

    async def RequestBackgroundVideo(
        self, request: devices_pb2.RequestBackgroundVideoRequest, context: Any
    ) -> devices_pb2.BackgroundRequest:
        new = mappers.new_background_request(request)
        async with self._uow() as uow:
            view = await background.request_video(
                uow, current_principal(), new, self._policy.background_ttl
            )
            await uow.commit()
            return mappers.background_proto(view)

    async def ListBackgroundRequests(
        self, request: devices_pb2.ListBackgroundRequestsRequest, context: Any
    ) -> devices_pb2.ListBackgroundRequestsResponse:
        device_id = parse_uuid(request.device_id, "device_id")
        async with self._uow() as uow:
            views = await background.list_requests(uow, current_principal(), device_id)
            return devices_pb2.ListBackgroundRequestsResponse(
                requests=[mappers.background_proto(v) for v in views]
            )

    async def GetBackgroundRequest(
        self, request: devices_pb2.GetBackgroundRequestRequest, context: Any
    ) -> devices_pb2.BackgroundRequest:
        device_id = parse_uuid(request.device_id, "device_id")
        request_id = parse_uuid(request.id, "id")
        async with self._uow() as uow:
            view = await background.get_request(uow, current_principal(), device_id, request_id)
            return mappers.background_proto(view)
