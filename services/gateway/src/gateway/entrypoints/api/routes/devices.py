from __future__ import annotations

import uuid

from custody_contracts.grpc import devices_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, OrgAdmin, UpstreamDep
from gateway.entrypoints.api.schemas.devices import (
    DeviceCreate,
    DeviceCreated,
    DevicePublic,
    device_public,
)

router = APIRouter(prefix="/devices", tags=["devices"])


@router.post("", status_code=201)
async def create_device(
    body: DeviceCreate, principal: OrgAdmin, upstream: UpstreamDep
) -> DeviceCreated:
    created = await upstream.devices.CreateDevice(
        body.to_proto(), metadata=call_metadata(principal)
    )
    return DeviceCreated(
        device=device_public(created.device), enrollment_code=created.enrollment_code
    )


@router.get("/{device_id}")
async def read_device(
    device_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> DevicePublic:
    device = await upstream.devices.GetDevice(
        devices_pb2.GetDeviceRequest(id=str(device_id)), metadata=call_metadata(principal)
    )
    return device_public(device)
