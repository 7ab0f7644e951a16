"""The Registry gRPC servicer: parse the request, call one use case, map the result."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_platform.errors import InvalidArgument
from custody_platform.grpc import current_principal
from custody_platform.unit_of_work import UnitOfWork

from registry.domain.cameras import Camera, CameraSpec, search_query
from registry.service_layer import cameras


class RegistryServicer(registry_pb2_grpc.RegistryServicer):
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow = uow_factory

    async def CreateCamera(
        self, request: registry_pb2.CreateCameraRequest, context: Any
    ) -> registry_pb2.Camera:
        camera = await cameras.create_camera(self._uow(), current_principal(), _spec(request))
        return camera_message(camera)

    async def GetCamera(
        self, request: registry_pb2.GetCameraRequest, context: Any
    ) -> registry_pb2.Camera:
        camera_id = parse_uuid(request.id, "id")
        camera = await cameras.get_camera(self._uow(), current_principal(), camera_id)
        return camera_message(camera)

    async def SearchCameras(
        self, request: registry_pb2.SearchCamerasRequest, context: Any
    ) -> registry_pb2.SearchCamerasResponse:
        query = search_query(request.latitude, request.longitude, request.radius_m, request.limit)
        hits = await cameras.search_cameras(self._uow(), current_principal(), query)
        return registry_pb2.SearchCamerasResponse(
            hits=[
                registry_pb2.CameraHit(camera=camera_message(h.camera), distance_m=h.distance_m)
                for h in hits
            ]
        )


def parse_uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidArgument(f"{field} must be a UUID") from None


def _spec(request: registry_pb2.CreateCameraRequest) -> CameraSpec:
    return CameraSpec(
        name=request.name,
        kind=request.kind,
        latitude=request.latitude,
        longitude=request.longitude,
        address=request.address,
        device_id=parse_uuid(request.device_id, "device_id") if request.device_id else None,
        channel=request.channel,
        visibility=request.visibility or "registry",
    )


def camera_message(camera: Camera) -> registry_pb2.Camera:
    return registry_pb2.Camera(
        id=str(camera.id),
        org_id=str(camera.org_id),
        name=camera.name,
        kind=camera.kind,
        latitude=camera.latitude,
        longitude=camera.longitude,
        address=camera.address,
        device_id=str(camera.device_id) if camera.device_id else "",
        channel=camera.channel,
        visibility=camera.visibility,
        status=camera.status,
    )
