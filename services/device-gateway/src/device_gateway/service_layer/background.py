"""Background-video requests: an operator of the device's organization asks it for the video
it recorded outside any event. One command per channel goes on the device's queue (the one
check-in delivers export commands from); the device uploads with tus or says it has none.
Each file is an UploadCompleted into the request's case; when the last channel ends the
request finishes with BackgroundVideoFinished."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from custody_contracts.events.device_gateway import BackgroundVideoFinished, UploadCompleted
from custody_contracts.principal import ROLE_INVESTIGATOR, ROLE_ORG_ADMIN, Principal
from custody_platform.errors import NotFound, PermissionDenied
from custody_platform.objectstore import ObjectInfo
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import BackgroundRequest, Command, Device, Upload, utcnow
from device_gateway.domain.background import COMMAND_KIND, BackgroundStatus, outcome
from device_gateway.domain.background import validate_request as validate
from device_gateway.domain.model import UploadStatus
from device_gateway.service_layer.devices import get_device


@dataclass(frozen=True)
class NewBackgroundRequest:
    device_id: uuid.UUID
    start: datetime
    end: datetime
    channels: Sequence[int]
    case_id: uuid.UUID
    case_named: bool  # False: the org's device-uploads case, chosen by the gateway


@dataclass(frozen=True)
class BackgroundView:
    request: BackgroundRequest
    commands: Sequence[Command]
    files: Sequence[Upload]


def subject(request: BackgroundRequest) -> dict[str, object]:
    orgs = (request.org_id,)
    return {"object_type": "background_request", "object_id": request.id, "org_ids": orgs}


async def request_video(
    uow: UnitOfWork, principal: Principal, new: NewBackgroundRequest, ttl: timedelta
) -> BackgroundView:
    """Queued at once whether the device is online or not: it gets the commands at its next
    check-in. Org admins and investigators of the device's organization may ask."""
    device = await get_device(uow, principal, new.device_id)
    if not principal.has_role(ROLE_ORG_ADMIN, ROLE_INVESTIGATOR):
        raise PermissionDenied("only an org_admin or investigator may request background video")
    channels = validate(device.kind, device.channels, new.start, new.end, new.channels)
    request = BackgroundRequest(
        device_id=device.id,
        org_id=device.org_id,
        requested_by=principal.user_id,
        case_id=new.case_id,
        case_named=new.case_named,
        channels=channels,
        start=new.start,
        end=new.end,
    )
    uow.session.add(request)
    commands = [_command(device, request, channel, ttl) for channel in channels]
    uow.session.add_all(commands)
    details = {"device_id": str(device.id), "case_id": str(new.case_id), "channels": channels}
    uow.audit(Actor.of(principal), "background_video.requested", **subject(request), **details)
    return BackgroundView(request, commands, [])


def _command(device: Device, request: BackgroundRequest, channel: int, ttl: timedelta) -> Command:
    return Command(
        device_id=device.id,
        org_id=device.org_id,
        kind=COMMAND_KIND,
        background_request_id=request.id,
        channel=channel,
        start=request.start,
        end=request.end,
        expires_at=utcnow() + ttl,
    )


async def list_requests(
    uow: UnitOfWork, principal: Principal, device_id: uuid.UUID
) -> list[BackgroundView]:
    """The device's background-video requests, newest first, with each channel's files."""
    await get_device(uow, principal, device_id)
    requests = await repository.background_requests(uow.session, device_id)
    return await _views(uow, requests)


async def get_request(
    uow: UnitOfWork, principal: Principal, device_id: uuid.UUID, request_id: uuid.UUID
) -> BackgroundView:
    await get_device(uow, principal, device_id)
    found = await repository.background_request(uow.session, request_id)
    if found is None or found.device_id != device_id:
        raise NotFound("background-video request not found")
    return (await _views(uow, [found]))[0]


async def _views(uow: UnitOfWork, requests: Sequence[BackgroundRequest]) -> list[BackgroundView]:
    commands = await repository.request_commands(uow.session, [r.id for r in requests])
    uploads = await repository.command_uploads(uow.session, [c.id for c in commands])
    views = []
    for request in requests:
        mine = [c for c in commands if c.background_request_id == request.id]
        ids = {c.id for c in mine}
        views.append(BackgroundView(request, mine, [u for u in uploads if u.command_id in ids]))
    return views


@dataclass(frozen=True)
class Siblings:
    """A request's commands and uploads, read with the request locked: channels that end at
    once are serialized, so exactly one of them finishes the request."""

    device: Device
    view: BackgroundView


async def lock_siblings(uow: UnitOfWork, command: Command) -> Siblings:
    assert command.background_request_id is not None
    request = await repository.background_request(
        uow.session, command.background_request_id, lock=True
    )
    device = await repository.device(uow.session, command.device_id)
    if request is None or device is None:
        raise NotFound("background-video request not found")
    return Siblings(device, (await _views(uow, [request]))[0])


def announcement(request: BackgroundRequest, upload: Upload, info: ObjectInfo) -> UploadCompleted:
    """A channel's file joins the request's case through evidence's upload path; the grant
    id names the background request the file answers."""
    return UploadCompleted(
        upload_id=upload.id,
        grant_id=request.id,
        org_id=request.org_id,
        case_id=request.case_id,
        source="direct",
        object_key=info.key,
        sha256=info.sha256,
        size=info.size,
        filename=upload.filename,
        content_type=upload.content_type,
        uploaded_by=str(request.device_id),
        occurred_at=utcnow(),
    )


def settle(uow: UnitOfWork, siblings: Siblings, actor: Actor) -> None:
    """Finishes the request once its last channel has ended (call after the change)."""
    request, commands = siblings.view.request, siblings.view.commands
    if request.status != BackgroundStatus.PENDING:
        return
    reasons = [_reason(c) for c in commands]
    result = outcome([c.status for c in commands], reasons)
    if result.status == BackgroundStatus.PENDING:
        return
    done = [u for u in siblings.view.files if u.status == UploadStatus.COMPLETED]
    request.status, request.reason, request.finished_at = result.status, result.reason, utcnow()
    request.files, request.total_bytes = len(done), sum(u.length for u in done)
    uow.emit(_finished(siblings.device, request))
    uow.audit(actor, "background_video.finished", **subject(request), outcome=request.status)


def _reason(command: Command) -> str | None:
    if command.outcome_detail:
        return f"{command.outcome_reason}: {command.outcome_detail}"
    return command.outcome_reason


def _finished(device: Device, request: BackgroundRequest) -> BackgroundVideoFinished:
    return BackgroundVideoFinished(
        background_request_id=request.id,
        device_id=device.id,
        device_name=device.name,
        org_id=request.org_id,
        requested_by=request.requested_by,
        outcome=request.status,  # type: ignore[arg-type]  # pending is excluded above
        reason=request.reason,
        case_id=request.case_id if request.case_named else None,
        files=request.files,
        total_bytes=request.total_bytes,
        occurred_at=request.finished_at or utcnow(),
    )
