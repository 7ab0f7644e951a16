"""tus upload sessions: each bound to an open command of the uploading device. Bytes are
staged on disk; the offset in the database only ever counts bytes already fsynced."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

from custody_platform.errors import Conflict, NotFound
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, Upload, utcnow
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.errors import UploadGone, UploadTooLarge
from device_gateway.domain.model import OPEN_COMMANDS, DeviceIdentity, UploadStatus
from device_gateway.domain.tus import Checksum, UploadRequest
from device_gateway.service_layer.commands import device_actor
from device_gateway.service_layer.finalize import about_upload, complete_upload


@dataclass(frozen=True)
class UploadContext:
    staging: StagingArea
    store: ObjectStore
    max_upload_bytes: int
    upload_ttl: timedelta


@dataclass(frozen=True)
class Chunk:
    """One request body: its declared offset, optional length and checksum, and its bytes."""

    offset: int
    body: AsyncIterator[bytes]
    length: int | None = None
    checksum: Checksum | None = None


async def create_upload(
    uow: UnitOfWork,
    ctx: UploadContext,
    device: DeviceIdentity,
    meta: UploadRequest,
    first: Chunk | None = None,
) -> Upload:
    """A new upload for one of the device's open commands, with an optional first chunk
    (creation-with-upload); any failure leaves nothing behind."""
    if not 0 < meta.length <= ctx.max_upload_bytes:
        raise UploadTooLarge(f"Upload-Length must be between 1 and {ctx.max_upload_bytes}")
    command = await _open_command(uow, device, meta.command_id)
    upload = _new_upload(ctx, device, command, meta)
    uow.session.add(upload)
    actor = device_actor(device)
    uow.audit(actor, "upload.created", **about_upload(upload, command), declared_sha256=meta.sha256)
    ctx.staging.create(upload.staging_name)
    try:
        return await _write(uow, ctx, device, upload, first)
    except BaseException:
        ctx.staging.discard(upload.staging_name)
        raise


async def upload_status(uow: UnitOfWork, device: DeviceIdentity, upload_id: uuid.UUID) -> Upload:
    upload = await repository.device_upload(uow.session, upload_id, device.device_id, lock=False)
    return _require_live(upload)


async def append_chunk(
    uow: UnitOfWork, ctx: UploadContext, device: DeviceIdentity, upload_id: uuid.UUID, chunk: Chunk
) -> Upload:
    upload = _require_live(await repository.device_upload(uow.session, upload_id, device.device_id))
    if upload.status == UploadStatus.COMPLETED:
        raise Conflict("the upload is complete", current_state=upload.status)
    if chunk.offset != upload.offset:
        raise Conflict(f"Upload-Offset {chunk.offset} does not match the upload's {upload.offset}")
    return await _write(uow, ctx, device, upload, chunk)


async def terminate(
    uow: UnitOfWork, ctx: UploadContext, device: DeviceIdentity, upload_id: uuid.UUID
) -> None:
    upload = _require_live(await repository.device_upload(uow.session, upload_id, device.device_id))
    if upload.status == UploadStatus.COMPLETED:
        raise Conflict("a completed upload cannot be terminated", current_state=upload.status)
    upload.status = UploadStatus.TERMINATED
    uow.audit(device_actor(device), "upload.terminated", object_type="upload", object_id=upload.id)
    await uow.commit()
    ctx.staging.discard(upload.staging_name)


async def _open_command(uow: UnitOfWork, device: DeviceIdentity, command_id: uuid.UUID) -> Command:
    command = await repository.device_command(uow.session, command_id, device.device_id)
    if command is None:
        raise NotFound("command not found")
    if command.status not in OPEN_COMMANDS:
        raise Conflict("the command is closed", current_state=command.status)
    return command


def _new_upload(
    ctx: UploadContext, device: DeviceIdentity, command: Command, meta: UploadRequest
) -> Upload:
    upload_id = uuid.uuid4()
    return Upload(
        id=upload_id,
        device_id=device.device_id,
        command_id=command.id,
        length=meta.length,
        sha256_declared=meta.sha256,
        filename=meta.filename,
        content_type=meta.content_type,
        staging_name=f"{upload_id}.part",  # never the device's file name
        expires_at=utcnow() + ctx.upload_ttl,
    )


async def _write(
    uow: UnitOfWork, ctx: UploadContext, device: DeviceIdentity, upload: Upload, chunk: Chunk | None
) -> Upload:
    """Stage the chunk (if any), store the file once complete, then commit."""
    if chunk is not None:
        upload.offset += await _stage(ctx.staging, upload, chunk)
    if upload.offset == upload.length:
        await complete_upload(uow, ctx.store, ctx.staging, device, upload)
    await uow.commit()
    if upload.status == UploadStatus.COMPLETED:
        ctx.staging.discard(upload.staging_name)  # only after the commit made the object count
    return upload


async def _stage(staging: StagingArea, upload: Upload, chunk: Chunk) -> int:
    room = upload.length - upload.offset
    if chunk.length is not None and chunk.length > room:
        raise UploadTooLarge(f"chunk of {chunk.length} bytes, {room} left in the upload")
    return await staging.append(
        upload.staging_name, upload.offset, chunk.body, limit=room, checksum=chunk.checksum
    )


def _require_live(upload: Upload | None) -> Upload:
    """A completed upload stays readable; a failed, terminated or expired one is gone (410)."""
    if upload is None:
        raise NotFound("upload not found")
    if upload.status == UploadStatus.COMPLETED:
        return upload
    if upload.status != UploadStatus.OPEN or upload.expires_at <= utcnow():
        state = "expired" if upload.status == UploadStatus.OPEN else upload.status
        raise UploadGone(f"the upload is {state}")
    return upload
