"""Camera groups of the caller's organization (org admins)."""

from __future__ import annotations

import uuid

from custody_contracts.grpc import registry_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, OrgAdmin, UpstreamDep
from gateway.entrypoints.api.responses import CHANGE, CREATE, UPSTREAM
from gateway.entrypoints.api.schemas.camera_groups import (
    CameraAssignment,
    CameraAssignmentPublic,
    CameraGroupCreate,
    CameraGroupPublic,
    CameraGroupsPublic,
    CameraGroupUpdate,
    group_public,
)

router = APIRouter(prefix="/camera-groups", tags=["camera groups"], responses=UPSTREAM)


@router.post("", status_code=201, responses=CREATE)
async def create_group(
    body: CameraGroupCreate, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraGroupPublic:
    """A named group of the organization's cameras, with its own approvers."""
    group = await upstream.registry.CreateCameraGroup(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return group_public(group)


@router.get("")
async def list_groups(principal: CurrentPrincipal, upstream: UpstreamDep) -> CameraGroupsPublic:
    """The caller's organization's camera groups."""
    found = await upstream.registry.ListCameraGroups(
        registry_pb2.ListCameraGroupsRequest(), metadata=call_metadata(principal)
    )
    items = [group_public(group) for group in found.groups]
    return CameraGroupsPublic(items=items, count=len(items))


@router.put("/{group_id}", responses=CHANGE)
async def update_group(
    group_id: uuid.UUID, body: CameraGroupUpdate, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraGroupPublic:
    """Replaces a group's name and approvers."""
    request = registry_pb2.UpdateCameraGroupRequest(id=str(group_id), group=body.to_proto())
    group = await upstream.registry.UpdateCameraGroup(request, metadata=call_metadata(principal))
    return group_public(group)


@router.post("/{group_id}/cameras", responses=CHANGE)
async def assign_cameras(
    group_id: uuid.UUID, body: CameraAssignment, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraAssignmentPublic:
    """Moves the cameras into this group (out of any other)."""
    return await _assign(str(group_id), body, principal, upstream)


@router.post("/ungroup", responses=CHANGE)
async def ungroup_cameras(
    body: CameraAssignment, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraAssignmentPublic:
    """Takes the cameras out of any group."""
    return await _assign("", body, principal, upstream)


async def _assign(
    group_id: str, body: CameraAssignment, principal: OrgAdmin, upstream: UpstreamDep
) -> CameraAssignmentPublic:
    request = registry_pb2.AssignCamerasToGroupRequest(
        group_id=group_id, camera_ids=[str(camera) for camera in body.camera_ids]
    )
    done = await upstream.registry.AssignCamerasToGroup(request, metadata=call_metadata(principal))
    return CameraAssignmentPublic(
        group_id=uuid.UUID(group_id) if group_id else None,
        camera_ids=[uuid.UUID(camera) for camera in done.camera_ids],
    )
