"""The last byte of an upload: verify the declared sha256 while storing the file, then close
the command and tell evidence, in one unit of work."""

from __future__ import annotations

import asyncio
from typing import Any

from custody_contracts.events import VideoUploaded
from custody_platform.errors import Conflict, NotFound
from custody_platform.objectstore import IntegrityError, ObjectInfo, ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, Upload, utcnow
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.errors import ChecksumMismatch
from device_gateway.domain.model import (
    CommandStatus,
    DeviceIdentity,
    UploadStatus,
    command_transition,
)
from device_gateway.service_layer.commands import device_actor, export_context


def about_upload(upload: Upload, command: Command) -> dict[str, Any]:
    """The audit subject: the upload, visible to the owner and the requester."""
    orgs = (command.org_id, command.requester_org_id)
    return {"object_type": "upload", "object_id": upload.id, "org_ids": orgs}


async def complete_upload(
    uow: UnitOfWork,
    store: ObjectStore,
    staging: StagingArea,
    device: DeviceIdentity,
    upload: Upload,
) -> None:
    """Stores `uploads/<id>` only if the bytes hash to the declared sha256. A mismatch or a
    command that closed meanwhile fails the upload (committed) and raises."""
    command = await repository.device_command(uow.session, upload.command_id, device.device_id)
    if command is None:
        raise NotFound("command not found")
    try:
        command_transition(command.status, CommandStatus.COMPLETED)  # checked before storing
        info = await asyncio.to_thread(_store, store, staging, upload)
    except (Conflict, IntegrityError) as exc:
        await _fail(uow, staging, device, upload, command, exc)
        raise _caller_error(exc) from None
    _mark_completed(uow, device, upload, command, info)


def _mark_completed(
    uow: UnitOfWork, device: DeviceIdentity, upload: Upload, command: Command, info: ObjectInfo
) -> None:
    command.status, command.finished_at = CommandStatus.COMPLETED, utcnow()
    upload.status, upload.completed_at = UploadStatus.COMPLETED, command.finished_at
    upload.object_key = info.key
    uow.emit(_video_uploaded(upload, command, info))
    subject = about_upload(upload, command)
    details = {
        "command_id": str(command.id),
        "export_id": str(command.export_id),
        "size": info.size,
    }
    actor = device_actor(device)
    uow.audit(actor, "upload.completed", **subject, object_hash=info.sha256, **details)


def _store(store: ObjectStore, staging: StagingArea, upload: Upload) -> ObjectInfo:
    # overwrite: a put whose commit was lost is redone on the retried last chunk.
    with staging.path(upload.staging_name).open("rb") as file:
        return store.put(
            f"uploads/{upload.id}", file, expected_sha256=upload.sha256_declared, overwrite=True
        )


async def _fail(
    uow: UnitOfWork,
    staging: StagingArea,
    device: DeviceIdentity,
    upload: Upload,
    command: Command,
    exc: Exception,
) -> None:
    """The command stays open (unless it already closed): the device may upload again."""
    upload.status = UploadStatus.FAILED
    reason = "command_closed" if isinstance(exc, Conflict) else "sha256_mismatch"
    uow.audit(device_actor(device), "upload.failed", **about_upload(upload, command), reason=reason)
    await uow.commit()
    staging.discard(upload.staging_name)


def _caller_error(exc: Exception) -> Exception:
    if isinstance(exc, Conflict):
        return exc
    return ChecksumMismatch("the file does not match the sha256 declared at creation")


def _video_uploaded(upload: Upload, command: Command, info: ObjectInfo) -> VideoUploaded:
    return VideoUploaded(
        upload_id=upload.id,
        device_id=upload.device_id,
        export=export_context(command),
        object_key=info.key,
        sha256=info.sha256,
        size=info.size,
        filename=upload.filename,
        content_type=upload.content_type,
        start=command.start,
        end=command.end,
    )
