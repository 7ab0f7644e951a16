"""Submitting a video request: one line item per camera, each bound to the camera's device."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from custody_contracts.principal import Principal
from custody_platform.errors import InvalidArgument, NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from video_requests.adapters.orm import LineItem, VideoRequest
from video_requests.adapters.repository import RequestRepository
from video_requests.domain.access import check_submitter
from video_requests.domain.cameras import CameraSource, exportable_device
from video_requests.domain.commands import LineItemInput, SubmitRequest
from video_requests.domain.line_items import SUBMITTED
from video_requests.domain.requests import Policy, check_submission
from video_requests.service_layer import events
from video_requests.service_layer.ports import CameraDirectory, RequestView


async def submit_request(
    uow: UnitOfWork,
    cameras: CameraDirectory,
    principal: Principal,
    command: SubmitRequest,
    policy: Policy,
) -> RequestView:
    check_submitter(principal)
    now = datetime.now(UTC)
    check_submission(command, now, policy)
    sources = await _sources(cameras, principal, command)
    request, items = _build(principal, command, sources, now)
    async with uow:
        await RequestRepository(uow.session).add(request, items)
        uow.emit(events.submitted(request, items))
        _audit_submitted(uow, principal, request, items)
        await uow.commit()
    return RequestView(request, items)


async def _sources(
    cameras: CameraDirectory, principal: Principal, command: SubmitRequest
) -> dict[uuid.UUID, CameraSource]:
    """Each distinct camera, read from the registry as the submitter may see it."""
    camera_ids = list(dict.fromkeys(item.camera_id for item in command.line_items))
    found = await asyncio.gather(*(_camera(cameras, principal, cid) for cid in camera_ids))
    return dict(zip(camera_ids, found, strict=True))


async def _camera(
    cameras: CameraDirectory, principal: Principal, camera_id: uuid.UUID
) -> CameraSource:
    try:
        camera = await cameras.get_camera(camera_id, principal)
    except NotFound:
        raise InvalidArgument(f"camera {camera_id} not found") from None
    exportable_device(camera)
    return camera


def _build(
    principal: Principal,
    command: SubmitRequest,
    sources: dict[uuid.UUID, CameraSource],
    now: datetime,
) -> tuple[VideoRequest, list[LineItem]]:
    request = VideoRequest(
        id=uuid.uuid4(),
        requester_org_id=principal.org_id,
        requester_user_id=principal.user_id,
        incident_number=command.incident_number.strip(),
        description=command.description,
        status=SUBMITTED,
        created_at=now,
    )
    items = [
        _item(request.id, position, wanted, sources[wanted.camera_id], now)
        for position, wanted in enumerate(command.line_items)
    ]
    return request, items


def _item(
    request_id: uuid.UUID, position: int, wanted: LineItemInput, camera: CameraSource, now: datetime
) -> LineItem:
    return LineItem(
        id=uuid.uuid4(),
        request_id=request_id,
        position=position,
        camera_id=camera.camera_id,
        owner_org_id=camera.owner_org_id,
        device_id=exportable_device(camera),
        channel=camera.channel,
        start=wanted.start,
        end=wanted.end,
        status=SUBMITTED,
        updated_at=now,
    )


def _audit_submitted(
    uow: UnitOfWork, principal: Principal, request: VideoRequest, items: list[LineItem]
) -> None:
    owners = tuple(dict.fromkeys(item.owner_org_id for item in items))
    uow.audit(
        Actor.of(principal),
        "request.submitted",
        object_type="video_request",
        object_id=request.id,
        org_ids=(request.requester_org_id, *owners),
        incident_number=request.incident_number,
        line_items=len(items),
    )
