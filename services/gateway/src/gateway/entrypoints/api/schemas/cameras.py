"""Cameras in the registry. The source binding (device, channel) is the owner's business:
other organizations see where a camera is, not what records it.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from custody_contracts.grpc import registry_pb2
from pydantic import BaseModel, Field

from gateway.entrypoints.api.schemas.common import optional_uuid

CameraKind = Literal["fixed", "ptz", "body_worn", "in_car", "doorbell", "other"]


class CameraCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: CameraKind
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    address: str = Field(default="", max_length=500)
    device_id: uuid.UUID | None = None
    channel: int = Field(default=0, ge=0, le=64)
    visibility: Literal["registry", "private"] = "registry"

    def to_proto(self) -> registry_pb2.CreateCameraRequest:
        fields = self.model_dump(exclude={"device_id"})
        return registry_pb2.CreateCameraRequest(device_id=str(self.device_id or ""), **fields)


class CameraPublic(BaseModel):
    id: uuid.UUID
    org_id: uuid.UUID
    name: str
    kind: str
    latitude: float
    longitude: float
    address: str
    visibility: str
    status: str
    device_id: uuid.UUID | None = None  # only for the owner organization
    channel: int | None = None  # only for the owner organization


class CameraHitPublic(CameraPublic):
    distance_m: float


class CameraHitsPublic(BaseModel):
    items: list[CameraHitPublic]
    count: int


def _fields(camera: registry_pb2.Camera, caller_org: uuid.UUID) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": uuid.UUID(camera.id),
        "org_id": uuid.UUID(camera.org_id),
        "name": camera.name,
        "kind": camera.kind,
        "latitude": camera.latitude,
        "longitude": camera.longitude,
        "address": camera.address,
        "visibility": camera.visibility,
        "status": camera.status,
    }
    if fields["org_id"] == caller_org:
        fields.update(device_id=optional_uuid(camera.device_id), channel=camera.channel)
    return fields


def camera_public(camera: registry_pb2.Camera, caller_org: uuid.UUID) -> CameraPublic:
    return CameraPublic(**_fields(camera, caller_org))


def camera_hits(
    response: registry_pb2.SearchCamerasResponse, caller_org: uuid.UUID
) -> CameraHitsPublic:
    items = [
        CameraHitPublic(**_fields(hit.camera, caller_org), distance_m=hit.distance_m)
        for hit in response.hits
    ]
    return CameraHitsPublic(items=items, count=len(items))
