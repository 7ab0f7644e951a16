from __future__ import annotations

import uuid
from typing import Annotated, Literal

from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import CurrentPrincipal, OrgAdmin, UowDep, UpstreamDep
from gateway.entrypoints.api.responses import (
    CHANGE,
    CREATE,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    UPSTREAM,
)
from gateway.entrypoints.api.schemas.camera_map import CameraMapPublic, camera_map
from gateway.entrypoints.api.schemas.cameras import (
    CameraCreate,
    CameraHitsPublic,
    CameraKind,
    CameraPublic,
    CamerasPublic,
    CameraUpdate,
    camera_hits,
    camera_public,
    cameras_public,
)
from gateway.entrypoints.api.schemas.common import Limit, ParamReal, ParamText
from gateway.service_layer import organizations

router = APIRouter(prefix="/cameras", tags=["cameras"], responses=UPSTREAM)

Latitude = Annotated[ParamReal | None, Query(ge=-90, le=90)]
Longitude = Annotated[ParamReal | None, Query(ge=-180, le=180)]


@router.post("", status_code=201, responses=CREATE)
async def create_camera(
    body: CameraCreate, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraPublic:
    """Registers a camera of the caller's organization (org admins)."""
    camera = await upstream.registry.CreateCamera(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return camera_public(camera, principal.org_id)


@router.get("", responses=FORBIDDEN | INVALID)
async def list_cameras(
    principal: OrgAdmin,
    upstream: UpstreamDep,
    text: Annotated[ParamText, Query(max_length=100)] = "",
    group_id: uuid.UUID | None = None,
    ungrouped: bool = False,
    status: Literal["active", "retired"] | None = None,
    limit: Annotated[Limit, Query()] = 50,
    cursor: Annotated[ParamText, Query(max_length=500)] = "",
) -> CamerasPublic:
    """The caller's organization's own cameras, retired ones too, by name (org admins): those
    whose name or address holds ``text``, of one group (``group_id``) or of none
    (``ungrouped``), of one status. Follow ``next_cursor`` for more."""
    request = registry_pb2.ListCamerasRequest(
        text=text,
        group_id=str(group_id or ""),
        ungrouped=ungrouped,
        status=status or "",
        limit=limit,
        cursor=cursor,
    )
    found = await upstream.registry.ListCameras(request, metadata=call_metadata(principal))
    return cameras_public(found, principal.org_id)


@router.get("/search", responses=INVALID)
async def search_cameras(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    uow: UowDep,
    latitude: Latitude = None,
    longitude: Longitude = None,
    radius_m: Annotated[ParamReal | None, Query(gt=0, le=50_000)] = None,
    min_latitude: Latitude = None,
    min_longitude: Longitude = None,
    max_latitude: Latitude = None,
    max_longitude: Longitude = None,
    text: Annotated[ParamText, Query(max_length=100)] = "",
    kind: Annotated[list[CameraKind] | None, Query(max_length=10)] = None,
    owner_org_id: uuid.UUID | None = None,
    limit: Annotated[Limit, Query()] = 50,
    cursor: Annotated[ParamText, Query(max_length=500)] = "",
) -> CameraHitsPublic:
    """Cameras the caller may see, nearest first: within ``radius_m`` metres of a point, or
    inside a box (distances from its centre), each with its owner's name and contact. Follow
    ``next_cursor`` for more."""
    box = (min_latitude, min_longitude, max_latitude, max_longitude)
    query = registry_pb2.SearchCamerasRequest(
        latitude=latitude or 0.0,
        longitude=longitude or 0.0,
        radius_m=radius_m or 0.0,
        box=None if radius_m is not None else _bounding_box(*box),
        text=text,
        kinds=kind or [],
        owner_org_id=str(owner_org_id or ""),
        limit=limit,
        cursor=cursor,
    )
    found = await upstream.registry.SearchCameras(query, metadata=call_metadata(principal))
    owners = await organizations.owners(uow, (uuid.UUID(h.camera.org_id) for h in found.hits))
    return camera_hits(found, principal.org_id, owners)


@router.get("/map", responses=INVALID)
async def map_cameras(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    uow: UowDep,
    south: Annotated[ParamReal, Query(ge=-90, le=90)],
    west: Annotated[ParamReal, Query(ge=-180, le=180)],
    north: Annotated[ParamReal, Query(ge=-90, le=90)],
    east: Annotated[ParamReal, Query(ge=-180, le=180)],
    zoom: Annotated[int, Query(ge=0, le=22)],
    text: Annotated[ParamText, Query(max_length=100)] = "",
    kind: Annotated[list[CameraKind] | None, Query(max_length=10)] = None,
    owner_org_id: uuid.UUID | None = None,
) -> CameraMapPublic:
    """A map view of a box (west > east crosses the antimeridian) at a web map's zoom: the
    cameras the caller may see there when at most 300 (as search filters them), else counts
    per grid cell of about 64 px at that zoom. Never every camera of a dense region."""
    request = registry_pb2.MapCamerasRequest(
        box=registry_pb2.BoundingBoxFilter(
            min_latitude=south, min_longitude=west, max_latitude=north, max_longitude=east
        ),
        zoom=zoom,
        text=text,
        kinds=kind or [],
        owner_org_id=str(owner_org_id or ""),
    )
    found = await upstream.registry.MapCameras(request, metadata=call_metadata(principal))
    owners = await organizations.owners(uow, (uuid.UUID(c.org_id) for c in found.cameras))
    return camera_map(found, principal.org_id, owners)


def _bounding_box(*corners: float | None) -> registry_pb2.BoundingBoxFilter | None:
    """A box only when all four of its edges are given."""
    if any(edge is None for edge in corners):
        return None
    min_latitude, min_longitude, max_latitude, max_longitude = corners
    return registry_pb2.BoundingBoxFilter(
        min_latitude=min_latitude,
        min_longitude=min_longitude,
        max_latitude=max_latitude,
        max_longitude=max_longitude,
    )


@router.get("/{camera_id}", responses=NOT_FOUND)
async def read_camera(
    camera_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> CameraPublic:
    """A camera the caller may see; the source binding only for its owner."""
    camera = await upstream.registry.GetCamera(
        registry_pb2.GetCameraRequest(id=str(camera_id)), metadata=call_metadata(principal)
    )
    return camera_public(camera, principal.org_id)


@router.put("/{camera_id}", responses=CHANGE)
async def update_camera(
    camera_id: uuid.UUID, body: CameraUpdate, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraPublic:
    """Replaces the camera's description; only the owner organization's admins may."""
    request = registry_pb2.UpdateCameraRequest(id=str(camera_id), camera=body.to_proto())
    camera = await upstream.registry.UpdateCamera(request, metadata=call_metadata(principal))
    return camera_public(camera, principal.org_id)


@router.post("/{camera_id}/retire", responses=CHANGE)
async def retire_camera(
    camera_id: uuid.UUID, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraPublic:
    """Retires a camera: it stays on record but takes no new requests."""
    camera = await upstream.registry.RetireCamera(
        registry_pb2.RetireCameraRequest(id=str(camera_id)), metadata=call_metadata(principal)
    )
    return camera_public(camera, principal.org_id)
