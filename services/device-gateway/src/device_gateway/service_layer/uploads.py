"""tus upload sessions, each answering one target (a device's export command or an upload
grant's case). Bytes are staged on disk; the offset in the database only ever counts bytes
already fsynced. A write returns what it did (`Written`); the entrypoint commits it, then
`settle` drops the staged file of a closed upload and raises a refusal."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

from custody_platform.errors import Conflict, DomainError, FailedPrecondition, NotFound
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.metrics import UPLOADS_ENDED
from device_gateway.adapters.orm import Upload, utcnow
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.errors import UploadGone, UploadTooLarge
from device_gateway.domain.model import UploadStatus
from device_gateway.domain.tus import Checksum, UploadRequest
from device_gateway.service_layer import completion
from device_gateway.service_layer.targets import UploadTarget


@dataclass(frozen=True)
class UploadContext:
    staging: StagingArea
    store: ObjectStore
    max_upload_bytes: int
    upload_ttl: timedelta
    max_device_uploads: int = 4  # open uploads per device at once
    staging_max_bytes: int = 256 << 30  # declared lengths of all open uploads together


@dataclass(frozen=True)
class Chunk:
    """One request body: its declared offset, optional length and checksum, and its bytes."""

    offset: int
    body: AsyncIterator[bytes]
    length: int | None = None
    checksum: Checksum | None = None


@dataclass(frozen=True)
class Written:
    """What a write did to an upload; `refusal` failed it, to be raised after the commit."""

    upload: Upload
    refusal: DomainError | None = None


async def create_upload(
    uow: UnitOfWork, ctx: UploadContext, target: UploadTarget, meta: UploadRequest
) -> Upload:
    """A new upload within its target's limits and the staging space, with its (empty)
    staging file; the caller discards that file if the request fails before its commit."""
    if not 0 < meta.length <= ctx.max_upload_bytes:
        raise UploadTooLarge(f"Upload-Length must be between 1 and {ctx.max_upload_bytes}")
    await target.admit(uow, meta)
    if await repository.staged_bytes(uow.session) + meta.length > ctx.staging_max_bytes:
        raise FailedPrecondition("staging space is full; retry later")
    upload = target.new_upload(meta, expires_at=utcnow() + ctx.upload_ttl)
    uow.session.add(upload)
    uow.audit(target.actor, "upload.created", **target.subject(upload), declared_sha256=meta.sha256)
    ctx.staging.create(upload.staging_name)
    return upload


async def upload_status(uow: UnitOfWork, target: UploadTarget, upload_id: uuid.UUID) -> Upload:
    return _require_live(await target.find(uow, upload_id, lock=False))


async def append_chunk(
    uow: UnitOfWork, ctx: UploadContext, target: UploadTarget, upload_id: uuid.UUID, chunk: Chunk
) -> Written:
    upload = _require_live(await target.find(uow, upload_id, lock=True))
    if upload.status == UploadStatus.COMPLETED:
        raise Conflict("the upload is complete", current_state=upload.status)
    if chunk.offset != upload.offset:
        raise Conflict(f"Upload-Offset {chunk.offset} does not match the upload's {upload.offset}")
    return await write(uow, ctx, target, upload, chunk)


async def terminate(uow: UnitOfWork, target: UploadTarget, upload_id: uuid.UUID) -> Written:
    upload = _require_live(await target.find(uow, upload_id, lock=True))
    if upload.status == UploadStatus.COMPLETED:
        raise Conflict("a completed upload cannot be terminated", current_state=upload.status)
    upload.status = UploadStatus.TERMINATED
    uow.audit(target.caller, "upload.terminated", object_type="upload", object_id=upload.id)
    return Written(upload)


async def write(
    uow: UnitOfWork, ctx: UploadContext, target: UploadTarget, upload: Upload, chunk: Chunk | None
) -> Written:
    """Stage the chunk (if any), and store the file once complete."""
    if chunk is not None and not ctx.staging.exists(upload.staging_name):
        # The staged file went into the store, but the commit saying so was lost (a crash):
        # the retried last chunk finds the stored object and completes the upload with it.
        if refusal := await completion.recover(uow, ctx.store, target, upload):
            return Written(upload, refusal)
        await _drain(chunk)
    elif chunk is not None:
        upload.offset += await _stage(ctx.staging, upload, chunk)
    if upload.offset == upload.length and upload.status == UploadStatus.OPEN:
        refusal = await completion.complete(uow, ctx.store, ctx.staging, target, upload)
        return Written(upload, refusal)
    return Written(upload)


def settle(ctx: UploadContext, written: Written) -> Upload:
    """After the commit: a closed upload's staged file goes (only now does its stored object
    count, or its failure stand), and a refusal is raised."""
    if written.upload.status != UploadStatus.OPEN:
        ctx.staging.discard(written.upload.staging_name)
        UPLOADS_ENDED.labels("device-gateway", written.upload.status).inc()
    if written.refusal is not None:
        raise written.refusal
    return written.upload


async def _stage(staging: StagingArea, upload: Upload, chunk: Chunk) -> int:
    room = upload.length - upload.offset
    if chunk.length is not None and chunk.length > room:
        raise UploadTooLarge(f"chunk of {chunk.length} bytes, {room} left in the upload")
    return await staging.append(
        upload.staging_name, upload.offset, chunk.body, limit=room, checksum=chunk.checksum
    )


async def _drain(chunk: Chunk) -> None:
    async for _ in chunk.body:
        pass


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
