"""Export commands: queued from ExportRequested, delivered at check-in, answered by the device."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from custody_contracts.events.device_gateway import ExportContext, ExportFailed, NoVideoAvailable
from custody_contracts.events.video_requests import ExportRequested
from custody_platform.errors import NotFound
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, utcnow
from device_gateway.domain.model import (
    CommandStatus,
    DeviceIdentity,
    DeviceKind,
    NoVideoReason,
    command_transition,
)
from device_gateway.service_layer import background

SERVICE = Actor.service("device-gateway")
# A command keeps all of its ExportRequested; owner_org_id becomes the command's org_id;
# the provenance is kept as JSON.
_CARRIED = set(ExportRequested.model_fields) - {"type", "owner_org_id", "provenance"}


def export_context(command: Command) -> ExportContext:
    fields = set(ExportContext.model_fields) - {"owner_org_id"}
    carried = {name: getattr(command, name) for name in fields}
    return ExportContext(owner_org_id=command.org_id, **carried)


def device_actor(device: DeviceIdentity) -> Actor:
    return Actor("device", str(device.device_id), device.org_id, device.source_address)


def about(command: Command) -> dict[str, Any]:
    """The audit subject: the command, visible to the owner and the requester (a background
    video command has no other requester than its own organization)."""
    orgs = tuple(dict.fromkeys(o for o in (command.org_id, command.requester_org_id) if o))
    return {"object_type": "command", "object_id": command.id, "org_ids": orgs}


async def queue_export(uow: UnitOfWork, event: ExportRequested, ttl: timedelta) -> None:
    """One command per export id; an unknown or foreign device fails the export at once."""
    if await repository.export_queued(uow.session, event.export_id):
        return
    device = await repository.device(uow.session, event.device_id)
    if device is None or device.org_id != event.owner_org_id or device.revoked:
        return _fail_export(uow, event, "device_not_found")
    if (device.kind == DeviceKind.VMS) != (event.vms_camera_ref is not None):
        return _fail_export(uow, event, "vms_camera_ref_mismatch")
    carried = event.model_dump(include=_CARRIED)
    provenance = event.provenance.model_dump(mode="json") if event.provenance else None
    command = Command(
        **carried, provenance=provenance, org_id=device.org_id, expires_at=utcnow() + ttl
    )
    uow.session.add(command)
    uow.audit(SERVICE, "export.queued", **about(command), export_id=str(event.export_id))


def fail_command(uow: UnitOfWork, command: Command, reason: str) -> None:
    """The command ends without video; the requester is told why (ExportFailed)."""
    command.status = command_transition(command.status, CommandStatus.FAILED)
    command.finished_at, command.outcome_reason = utcnow(), reason
    context = export_context(command)
    uow.emit(ExportFailed(device_id=command.device_id, export=context, reason=reason))
    uow.audit(SERVICE, "export.failed", **about(command), reason=reason)


def _fail_export(uow: UnitOfWork, event: ExportRequested, reason: str) -> None:
    context = ExportContext(**event.model_dump(include=set(ExportContext.model_fields)))
    uow.emit(ExportFailed(device_id=event.device_id, export=context, reason=reason))
    orgs = (event.owner_org_id, event.requester_org_id)
    subject = {"object_type": "export", "object_id": event.export_id, "org_ids": orgs}
    uow.audit(SERVICE, "export.failed", **subject, reason=reason)


async def acknowledge(uow: UnitOfWork, device: DeviceIdentity, command_id: uuid.UUID) -> Command:
    """The device has the command; acknowledging twice is harmless (retried requests)."""
    command = await _device_command(uow, device, command_id)
    if command.status != CommandStatus.ACKNOWLEDGED:
        command.status = command_transition(command.status, CommandStatus.ACKNOWLEDGED)
        uow.audit(device_actor(device), "command.acknowledged", **about(command))
    return command


async def report_no_video(
    uow: UnitOfWork,
    device: DeviceIdentity,
    command_id: uuid.UUID,
    reason: NoVideoReason,
    detail: str,
) -> Command:
    """The device has nothing for the range; the requester is told why."""
    command = await _device_command(uow, device, command_id)
    command.status = command_transition(command.status, CommandStatus.NO_VIDEO)
    command.finished_at, command.outcome_reason = utcnow(), reason
    command.outcome_detail = detail or None
    actor = device_actor(device)
    uow.audit(actor, "export.no_video", **about(command), reason=reason, detail=detail)
    if command.background_request_id is not None:
        background.settle(uow, await background.lock_siblings(uow, command), actor)
        return command
    context = export_context(command)
    uow.emit(NoVideoAvailable(device_id=device.device_id, export=context, reason=reason))
    return command


async def _device_command(
    uow: UnitOfWork, device: DeviceIdentity, command_id: uuid.UUID
) -> Command:
    command = await repository.device_command(uow.session, command_id, device.device_id)
    if command is None:
        raise NotFound("command not found")
    return command
