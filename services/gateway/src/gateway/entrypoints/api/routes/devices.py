"""Devices of the caller's organization: their status, settings, transfers and
background-video requests (the device gateway keeps them; evidence keeps the case)."""

from __future__ import annotations

import uuid
from typing import Annotated

import grpc
from custody_contracts.grpc import devices_pb2, evidence_pb2
from custody_contracts.principal import ROLE_INVESTIGATOR, ROLE_ORG_ADMIN, Principal
from custody_platform.errors import InvalidArgument
from custody_platform.grpc.client import call_metadata
from custody_platform.grpc.fields import timestamp
from fastapi import APIRouter, Depends, Query

from gateway.entrypoints.api.deps import (
    CurrentPrincipal,
    OrgAdmin,
    Upstream,
    UpstreamDep,
    require_role,
)
from gateway.entrypoints.api.responses import (
    CHANGE,
    CREATE,
    FORBIDDEN,
    GUARDED,
    NOT_FOUND,
    UPSTREAM,
)
from gateway.entrypoints.api.schemas.devices import (
    DeviceCreate,
    DeviceCreated,
    DeviceListed,
    DevicePublic,
    DeviceUpdate,
    Transfer,
    VideoRequestCreate,
    VideoRequestPublic,
    device_public,
    transfer_public,
    video_request_public,
)

Operator = Annotated[Principal, Depends(require_role(ROLE_ORG_ADMIN, ROLE_INVESTIGATOR))]

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


@router.get("", responses=FORBIDDEN)
async def list_devices(principal: CurrentPrincipal, upstream: UpstreamDep) -> list[DeviceListed]:
    """The organization's devices that are not revoked, by name: kind, online or offline
    (checked in within DEVICE_ONLINE_SECONDS), last seen, battery, storage, background
    recording, and how many background-video requests still wait for it. Guests see none
    (403)."""
    found = await upstream.devices.ListDevices(
        devices_pb2.ListDevicesRequest(), metadata=call_metadata(principal)
    )
    pending = found.pending_video_requests
    return [
        DeviceListed(**device_public(d).model_dump(), pending_video_requests=pending.get(d.id, 0))
        for d in found.devices
    ]


@router.patch("/{device_id}", responses=CHANGE)
async def update_device(
    device_id: uuid.UUID, body: DeviceUpdate, principal: OrgAdmin, upstream: UpstreamDep
) -> DevicePublic:
    """Turns background recording on or off; the device applies it at its next check-in
    (`background_recording_applied` says when it has). Not for VMS devices (400)."""
    request = devices_pb2.SetBackgroundRecordingRequest(
        id=str(device_id), enabled=body.background_recording
    )
    device = await upstream.devices.SetBackgroundRecording(
        request, metadata=call_metadata(principal)
    )
    return device_public(device)


@router.post("/{device_id}/video-requests", status_code=201, responses=CHANGE)
async def request_background_video(
    device_id: uuid.UUID, body: VideoRequestCreate, principal: Operator, upstream: UpstreamDep
) -> VideoRequestPublic:
    """Asks the device for its background video of each channel in the range (at most 24
    hours). Queued at once, audited, and delivered when the device next checks in; the files
    go to `case_id` (which the caller must be able to add to) or the organization's device
    uploads (case DEVICE-UPLOADS, made on first use)."""
    metadata = call_metadata(principal)
    device = await upstream.devices.GetDevice(
        devices_pb2.GetDeviceRequest(id=str(device_id)), metadata=metadata
    )
    _check_request(device, body)  # before any case is made: bad input changes nothing
    case_id = await _case_for(upstream, principal, body.case_id)
    created = await upstream.devices.RequestBackgroundVideo(
        devices_pb2.RequestBackgroundVideoRequest(
            device_id=str(device_id),
            start=timestamp(body.start),
            end=timestamp(body.end),
            channels=body.channels,
            case_id=str(case_id),
            case_named=body.case_id is not None,
        ),
        metadata=metadata,
    )
    return video_request_public(created)


async def _case_for(upstream: Upstream, principal: Principal, named: uuid.UUID | None) -> uuid.UUID:
    if named is None:
        return await _uploads_case(upstream, principal)
    await upstream.evidence.AuthorizeUpload(
        evidence_pb2.AuthorizeUploadRequest(case_id=str(named)), metadata=call_metadata(principal)
    )
    return named


@router.get("/{device_id}/video-requests", responses=NOT_FOUND)
async def list_video_requests(
    device_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> list[VideoRequestPublic]:
    """The device's background-video requests, newest first, each channel with its files'
    bytes done of bytes total (the pending transfers)."""
    request = devices_pb2.ListBackgroundRequestsRequest(device_id=str(device_id))
    found = await upstream.devices.ListBackgroundRequests(
        request, metadata=call_metadata(principal)
    )
    return [video_request_public(r) for r in found.requests]


@router.get("/{device_id}/video-requests/{video_request_id}", responses=NOT_FOUND)
async def read_video_request(
    device_id: uuid.UUID,
    video_request_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
) -> VideoRequestPublic:
    """One background-video request: its status, the device's reason when there is no
    video, and each file's bytes done of bytes total."""
    request = devices_pb2.GetBackgroundRequestRequest(
        device_id=str(device_id), id=str(video_request_id)
    )
    found = await upstream.devices.GetBackgroundRequest(request, metadata=call_metadata(principal))
    return video_request_public(found)


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


UPLOADS_CASE = "DEVICE-UPLOADS"  # the organization's device uploads: one case, made on first use
_RACE = (grpc.StatusCode.ABORTED, grpc.StatusCode.ALREADY_EXISTS)


def _check_request(device: devices_pb2.Device, body: VideoRequestCreate) -> None:
    """The device gateway decides; these are its rules, checked before a case is made."""
    if device.kind == "vms":
        raise InvalidArgument("a VMS exports through its connector, not background video")
    if not body.start < body.end:
        raise InvalidArgument("end must be after start")
    if max(body.channels) > device.channels:
        raise InvalidArgument(f"channels are numbered 1 to {device.channels} on this device")


async def _uploads_case(upstream: Upstream, principal: Principal) -> uuid.UUID:
    """The organization's device-uploads case; two first requests at once make one."""
    metadata = call_metadata(principal)
    for _ in range(2):
        if found := await _find_uploads_case(upstream, metadata):
            return found
        fields = evidence_pb2.CaseFields(
            title="Device uploads", description="Background video requested from devices."
        )
        try:
            made = await upstream.evidence.CreateCase(
                evidence_pb2.CreateCaseRequest(number=UPLOADS_CASE, fields=fields),
                metadata=metadata,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() not in _RACE:
                raise
            continue
        return uuid.UUID(made.id)
    raise InvalidArgument("the device uploads case could not be made; try again")


async def _find_uploads_case(
    upstream: Upstream, metadata: list[tuple[str, str]]
) -> uuid.UUID | None:
    found = await upstream.evidence.ListCases(
        evidence_pb2.ListCasesRequest(query=UPLOADS_CASE), metadata=metadata
    )
    return next((uuid.UUID(c.id) for c in found.cases if c.number == UPLOADS_CASE), None)
