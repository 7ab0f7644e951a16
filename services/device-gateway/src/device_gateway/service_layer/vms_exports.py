"""VMS exports: for an ExportRequested naming a camera of a VMS device, a worker (never the
Kafka handler) pulls the recording through the device's connector, stages it while hashing,
and completes it exactly like a device upload (VideoUploaded with the export context). The
worker sequences these steps, one unit of work each (entrypoints/workers.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Upload, utcnow
from device_gateway.adapters.vms import NoRecording, VmsConnector, VmsUnavailable
from device_gateway.domain.model import (
    CommandStatus,
    DeviceIdentity,
    NoVideoReason,
    command_transition,
)
from device_gateway.service_layer import commands, completion, uploads
from device_gateway.service_layer.export_target import ExportTarget
from device_gateway.service_layer.uploads import UploadContext

ConnectorFor = Callable[[str], VmsConnector]


@dataclass(frozen=True)
class VmsPolicy:
    retry_after: timedelta = timedelta(minutes=2)
    max_attempts: int = 5


@dataclass(frozen=True)
class Claimed:
    command_id: uuid.UUID
    device: DeviceIdentity
    base_url: str
    camera_ref: str
    start: datetime
    end: datetime
    attempts: int


async def claim(uow: UnitOfWork, policy: VmsPolicy) -> Claimed | None:
    """The next due VMS export, marked delivered; None when none is due, or when its device
    is gone (the export then fails)."""
    now = utcnow()
    command = await repository.next_vms_command(uow.session, now, now - policy.retry_after)
    if command is None:
        return None
    device = await repository.device(uow.session, command.device_id)
    if device is None or device.revoked or not device.vms_base_url:
        commands.fail_command(uow, command, "device_not_found")
        return None
    command.status = command_transition(command.status, CommandStatus.DELIVERED)
    command.delivered_at, command.attempts = now, command.attempts + 1
    uow.audit(commands.SERVICE, "command.delivered", **commands.about(command), vms=True)
    return Claimed(
        command.id,
        DeviceIdentity(device.id, device.org_id),
        device.vms_base_url,
        command.vms_camera_ref or "",
        command.start,
        command.end,
        command.attempts,
    )


async def pull(ctx: UploadContext, connector_for: ConnectorFor, claimed: Claimed) -> Upload:
    """The recording, staged while hashing, as a new upload not yet in any unit of work.
    Raises NoRecording, or VmsUnavailable (leaving nothing staged)."""
    connector = connector_for(claimed.base_url)
    export = await connector.export(claimed.camera_ref, claimed.start, claimed.end)
    upload = _staged_upload(claimed, export.filename, export.content_type, ctx)
    ctx.staging.create(upload.staging_name)
    try:
        upload.length = await ctx.staging.append(
            upload.staging_name, 0, export.chunks, limit=ctx.max_upload_bytes
        )
    except VmsUnavailable:
        ctx.staging.discard(upload.staging_name)
        raise
    return upload


async def no_recording(uow: UnitOfWork, claimed: Claimed, reason: NoRecording) -> None:
    await commands.report_no_video(
        uow, claimed.device, claimed.command_id, NoVideoReason.OTHER, str(reason)
    )


async def ingest(
    uow: UnitOfWork, ctx: UploadContext, claimed: Claimed, upload: Upload
) -> uploads.Written:
    """The pulled file completes exactly like a device upload of the command."""
    upload.offset = upload.length
    uow.session.add(upload)
    target = ExportTarget(claimed.device, max_open_uploads=ctx.max_device_uploads)
    refusal = await completion.complete(uow, ctx.store, ctx.staging, target, upload)
    return uploads.Written(upload, refusal)


async def retry_or_fail(uow: UnitOfWork, claimed: Claimed, policy: VmsPolicy) -> None:
    """Left delivered, it is retried after retry_after; the last attempt fails the export."""
    if claimed.attempts < policy.max_attempts:
        return
    command = await repository.device_command(
        uow.session, claimed.command_id, claimed.device.device_id
    )
    if command is not None and command.status == CommandStatus.DELIVERED:
        commands.fail_command(uow, command, "vms_unavailable")


def _staged_upload(
    claimed: Claimed, filename: str, content_type: str, ctx: UploadContext
) -> Upload:
    upload_id = uuid.uuid4()
    return Upload(
        id=upload_id,
        device_id=claimed.device.device_id,
        command_id=claimed.command_id,
        uploaded_by=str(claimed.device.device_id),
        length=0,
        filename=filename,
        content_type=content_type[:100],
        staging_name=f"{upload_id}.part",
        expires_at=utcnow() + ctx.upload_ttl,
    )
