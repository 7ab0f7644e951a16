from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import CurrentPrincipal, OrgAdmin, UpstreamDep
from gateway.entrypoints.api.schemas.cameras import (
    CameraCreate,
    CameraHitsPublic,
    CameraPublic,
    camera_hits,
    camera_public,
)

router = APIRouter(prefix="/cameras", tags=["cameras"])


@router.post("", status_code=201)
async def create_camera(
    body: CameraCreate, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraPublic:
    camera = await upstream.registry.CreateCamera(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return camera_public(camera, principal.org_id)


@router.get("/search")
async def search_cameras(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    latitude: Annotated[float, Query(ge=-90, le=90)],
    longitude: Annotated[float, Query(ge=-180, le=180)],
    radius_m: Annotated[float, Query(gt=0, le=100_000)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> CameraHitsPublic:
    """Cameras the caller may see within ``radius_m`` metres of a point, nearest first."""
    query = registry_pb2.SearchCamerasRequest(
        latitude=latitude, longitude=longitude, radius_m=radius_m, limit=limit
    )
    found = await upstream.registry.SearchCameras(query, metadata=call_metadata(principal))
    return camera_hits(found, principal.org_id)


@router.get("/{camera_id}")
async def read_camera(
    camera_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CameraPublic:
    camera = await upstream.registry.GetCamera(
        registry_pb2.GetCameraRequest(id=str(camera_id)), metadata=call_metadata(principal)
    )
    return camera_public(camera, principal.org_id)
