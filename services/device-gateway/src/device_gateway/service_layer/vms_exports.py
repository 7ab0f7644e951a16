"""VMS exports: for an ExportRequested naming a camera of a VMS device, a worker (never the
Kafka handler) pulls the recording through the device's connector, stages it while hashing,
and completes it exactly like a device upload (VideoUploaded with the export context)."""

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
    UploadStatus,
    command_transition,
)
from device_gateway.service_layer import commands, completion
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


async def export_next(
    uow_factory: Callable[[], UnitOfWork],
    ctx: UploadContext,
    connector_for: ConnectorFor,
    policy: VmsPolicy,
) -> bool:
    """Pulls one due VMS export; False when none is due."""
    claimed = await _claim(uow_factory, policy)
    if claimed is None:
        return False
    upload = None
    try:
        export = await connector_for(claimed.base_url).export(
            claimed.camera_ref, claimed.start, claimed.end
        )
        upload = _staged_upload(claimed, export.filename, export.content_type, ctx)
        ctx.staging.create(upload.staging_name)
        upload.length = await ctx.staging.append(
            upload.staging_name, 0, export.chunks, limit=ctx.max_upload_bytes
        )
    except NoRecording as exc:
        async with uow_factory() as uow:
            reason = NoVideoReason.OTHER
            await commands.report_no_video(
                uow, claimed.device, claimed.command_id, reason, str(exc)
            )
        return True
    except VmsUnavailable:
        if upload is not None:
            ctx.staging.discard(upload.staging_name)
        await _retry_or_fail(uow_factory, claimed, policy)
        return True
    await _ingest(uow_factory, ctx, claimed, upload)
    return True


async def _claim(uow_factory: Callable[[], UnitOfWork], policy: VmsPolicy) -> Claimed | None:
    async with uow_factory() as uow:
        now = utcnow()
        command = await repository.next_vms_command(uow.session, now, now - policy.retry_after)
        if command is None:
            return None
        device = await repository.device(uow.session, command.device_id)
        if device is None or device.revoked or not device.vms_base_url:
            commands.fail_command(uow, command, "device_not_found")
            await uow.commit()
            return None
        command.status = command_transition(command.status, CommandStatus.DELIVERED)
        command.delivered_at, command.attempts = now, command.attempts + 1
        uow.audit(commands.SERVICE, "command.delivered", **commands.about(command), vms=True)
        claimed = Claimed(
            command.id,
            DeviceIdentity(device.id, device.org_id),
            device.vms_base_url,
            command.vms_camera_ref or "",
            command.start,
            command.end,
            command.attempts,
        )
        await uow.commit()
        return claimed


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


async def _ingest(
    uow_factory: Callable[[], UnitOfWork], ctx: UploadContext, claimed: Claimed, upload: Upload
) -> None:
    async with uow_factory() as uow:
        upload.offset = upload.length
        uow.session.add(upload)
        await completion.complete(uow, ctx.store, ctx.staging, claimed.device, upload)
        await uow.commit()
    if upload.status == UploadStatus.COMPLETED:
        ctx.staging.discard(upload.staging_name)


async def _retry_or_fail(
    uow_factory: Callable[[], UnitOfWork], claimed: Claimed, policy: VmsPolicy
) -> None:
    """Left delivered, it is retried after retry_after; the last attempt fails the export."""
    if claimed.attempts < policy.max_attempts:
        return
    async with uow_factory() as uow:
        command = await repository.device_command(
            uow.session, claimed.command_id, claimed.device.device_id
        )
        if command is not None and command.status == CommandStatus.DELIVERED:
            commands.fail_command(uow, command, "vms_unavailable")
            await uow.commit()
