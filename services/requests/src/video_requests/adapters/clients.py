"""The registry, seen through its gRPC contract only."""

from __future__ import annotations

import uuid

from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.grpc import GrpcClient, call_metadata, domain_errors

from video_requests.domain.cameras import CameraSource


class RegistryCameras:
    """CameraDirectory over Registry.GetCamera, asking as the caller so visibility holds."""

    def __init__(self, client: GrpcClient, target: str) -> None:
        self._client = client
        self._target = target

    async def get_camera(self, camera_id: uuid.UUID, principal: Principal) -> CameraSource:
        # The channel is opened lazily: bootstrap runs before the event loop does.
        stub = registry_pb2_grpc.RegistryStub(self._client.channel(self._target))
        request = registry_pb2.GetCameraRequest(id=str(camera_id))
        with domain_errors():
            camera = await stub.GetCamera(request, metadata=call_metadata(principal))
        return CameraSource(
            camera_id=uuid.UUID(camera.id),
            owner_org_id=uuid.UUID(camera.org_id),
            device_id=uuid.UUID(camera.device_id) if camera.device_id else None,
            channel=camera.channel,
            status=camera.status,
        )
