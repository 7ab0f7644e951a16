from __future__ import annotations

import uuid

from custody_contracts.grpc import devices_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import CurrentPrincipal, OrgAdmin, UpstreamDep
from gateway.entrypoints.api.responses import CREATE, GUARDED, NOT_FOUND, UPSTREAM
from gateway.entrypoints.api.schemas.devices import (
    DeviceCreate,
    DeviceCreated,
    DevicePublic,
    Transfer,
    device_public,
    transfer_public,
)

router = APIRouter(prefix="/devices", tags=["devices"], responses=UPSTREAM)


@router.post("", status_code=201, responses=CREATE)
async def create_device(
    body: DeviceCreate, principal: OrgAdmin, upstream: UpstreamDep
) -> DeviceCreated:
    """A device of the caller's organization and its one-time enrollment code."""
    created = await upstream.devices.CreateDevice(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return DeviceCreated(
        device=device_public(created.device), enrollment_code=created.enrollment_code
    )


@router.get("/{device_id}", responses=NOT_FOUND)
async def read_device(
    device_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> DevicePublic:
    """A device of the caller's organization, with its last check-in."""
    device = await upstream.devices.GetDevice(
        devices_pb2.GetDeviceRequest(id=str(device_id)), metadata=call_metadata(principal)
    )
    return device_public(device)


@router.post("/{device_id}/revoke", responses=GUARDED)
async def revoke_device(
    device_id: uuid.UUID, principal: OrgAdmin, upstream: UpstreamDep
) -> DevicePublic:
    """Effective at once: the device's tokens stop working on every route."""
    device = await upstream.devices.RevokeDevice(
        devices_pb2.RevokeDeviceRequest(id=str(device_id)), metadata=call_metadata(principal)
    )
    return device_public(device)


@router.get("/{device_id}/transfers", responses=NOT_FOUND)
async def list_transfers(
    device_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    pending: bool = Query(default=False),
) -> list[Transfer]:
    """The device's requested exports, with bytes done of bytes total per file."""
    request = devices_pb2.ListTransfersRequest(device_id=str(device_id), pending_only=pending)
    found = await upstream.devices.ListTransfers(request, metadata=call_metadata(principal))
    return [transfer_public(t) for t in found.transfers]
