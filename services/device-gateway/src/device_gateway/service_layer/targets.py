"""What an upload answers: a device's export command (VideoUploaded) or an upload grant's case
(UploadCompleted). Each target checks its limits, names the audit subject and actor, and
closes itself when the verified file is stored."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol

from custody_contracts.events.device_gateway import UploadCompleted, VideoUploaded
from custody_platform.errors import Conflict, FailedPrecondition, NotFound, Unauthenticated
from custody_platform.objectstore import ObjectInfo
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, Upload, UploadGrant, utcnow
from device_gateway.domain.grants import GrantHolder, GrantSource, GrantUsage, check_new_file
from device_gateway.domain.model import (
    OPEN_COMMANDS,
    CommandStatus,
    DeviceIdentity,
    command_transition,
)
from device_gateway.domain.tus import UploadRequest
from device_gateway.service_layer.commands import device_actor, export_context
from device_gateway.service_layer.grants import grant_actor, limits_of

Owner = DeviceIdentity | GrantHolder


class Target(Protocol):
    actor: Actor
    allowed_media_types: tuple[str, ...]

    def subject(self, upload: Upload) -> dict[str, Any]: ...
    def new_upload(self, meta: UploadRequest, *, expires_at: datetime) -> Upload: ...
    def check_open(self) -> None: ...
    def close(self, uow: UnitOfWork, upload: Upload, info: ObjectInfo) -> None: ...


def _upload(meta: UploadRequest, expires_at: datetime, **owner: Any) -> Upload:
    upload_id = uuid.uuid4()
    return Upload(
        id=upload_id,
        length=meta.length,
        sha256_declared=meta.sha256,
        filename=meta.filename,
        content_type=meta.content_type,
        staging_name=f"{upload_id}.part",  # never the uploader's file name
        expires_at=expires_at,
        **owner,
    )


class CommandTarget:
    allowed_media_types: tuple[str, ...] = ()  # devices send their own recordings

    def __init__(self, device: DeviceIdentity, command: Command) -> None:
        self.device, self.command = device, command
        self.actor = device_actor(device)

    def subject(self, upload: Upload) -> dict[str, Any]:
        orgs = (self.command.org_id, self.command.requester_org_id)
        return {"object_type": "upload", "object_id": upload.id, "org_ids": orgs}

    def new_upload(self, meta: UploadRequest, *, expires_at: datetime) -> Upload:
        return _upload(
            meta,
            expires_at,
            device_id=self.device.device_id,
            command_id=self.command.id,
            uploaded_by=str(self.device.device_id),
        )

    def check_open(self) -> None:
        command_transition(self.command.status, CommandStatus.COMPLETED)

    def close(self, uow: UnitOfWork, upload: Upload, info: ObjectInfo) -> None:
        command = self.command
        command.status, command.finished_at = CommandStatus.COMPLETED, utcnow()
        uow.emit(
            VideoUploaded(
                upload_id=upload.id,
                device_id=self.device.device_id,
                export=export_context(command),
                object_key=info.key,
                sha256=info.sha256,
                size=info.size,
                filename=upload.filename,
                content_type=upload.content_type,
                start=command.start,
                end=command.end,
            )
        )
        details = {"command_id": str(command.id), "export_id": str(command.export_id)}
        uow.audit(
            self.actor,
            "upload.completed",
            **self.subject(upload),
            object_hash=info.sha256,
            size=info.size,
            **details,
        )


class GrantTarget:
    def __init__(self, holder: GrantHolder, grant: UploadGrant) -> None:
        self.holder, self.grant = holder, grant
        self.actor = grant_actor(grant, holder)
        self.allowed_media_types = tuple(grant.allowed_media_types)

    def subject(self, upload: Upload) -> dict[str, Any]:
        return {"object_type": "upload", "object_id": upload.id, "org_ids": (self.grant.org_id,)}

    def new_upload(self, meta: UploadRequest, *, expires_at: datetime) -> Upload:
        public = self.grant.source == GrantSource.PUBLIC
        return _upload(
            meta,
            expires_at,
            grant_id=self.grant.id,
            uploaded_by="public" if public else self.grant.created_by,
            contributor_name=meta.contributor_name,
            contributor_contact=meta.contributor_contact,
        )

    def check_open(self) -> None:
        if self.grant.revoked or self.grant.expires_at <= utcnow():
            raise Unauthenticated("the upload grant was revoked or expired")

    def close(self, uow: UnitOfWork, upload: Upload, info: ObjectInfo) -> None:
        grant = self.grant
        grant.files_uploaded += 1
        grant.bytes_uploaded += info.size
        uow.emit(
            UploadCompleted(
                upload_id=upload.id,
                grant_id=grant.id,
                org_id=grant.org_id,
                case_id=grant.case_id,
                source=grant.source,  # type: ignore[arg-type]
                object_key=info.key,
                sha256=info.sha256,
                size=info.size,
                filename=upload.filename,
                content_type=upload.content_type,
                uploaded_by=upload.uploaded_by or "public",
                contributor_name=upload.contributor_name,
                contributor_contact=upload.contributor_contact,
                file_request_id=grant.file_request_id,
                occurred_at=utcnow(),
            )
        )
        details = {"case_id": str(grant.case_id), "grant_id": str(grant.id)}
        uow.audit(
            self.actor,
            "upload.completed",
            **self.subject(upload),
            object_hash=info.sha256,
            size=info.size,
            **details,
        )


async def target_for_new(
    uow: UnitOfWork, owner: Owner, meta: UploadRequest, max_device_uploads: int
) -> Target:
    """The target of a new upload, after its limits: the device's concurrent uploads, or the
    grant's files, sizes and declared media type."""
    if isinstance(owner, GrantHolder):
        target = await _grant_target(uow, owner)
        files, total = await repository.grant_usage(uow.session, owner.grant_id)
        check_new_file(
            limits_of(target.grant), GrantUsage(files, total), meta.length, meta.content_type
        )
        return target
    assert meta.command_id is not None
    await repository.device(uow.session, owner.device_id, lock=True)  # serializes the count
    if await repository.device_open_uploads(uow.session, owner.device_id) >= max_device_uploads:
        raise FailedPrecondition(f"at most {max_device_uploads} uploads at once per device")
    command_target = await _command_target(uow, owner, meta.command_id)
    if command_target.command.status not in OPEN_COMMANDS:
        raise Conflict("the command is closed", current_state=command_target.command.status)
    return command_target


async def target_of(uow: UnitOfWork, owner: Owner, upload: Upload) -> Target:
    if isinstance(owner, GrantHolder):
        return await _grant_target(uow, owner)
    assert upload.command_id is not None
    return await _command_target(uow, owner, upload.command_id)


async def _grant_target(uow: UnitOfWork, holder: GrantHolder) -> GrantTarget:
    grant = await repository.grant(uow.session, holder.grant_id, lock=True)  # serializes limits
    if grant is None:
        raise Unauthenticated("unknown upload grant")
    target = GrantTarget(holder, grant)
    target.check_open()
    return target


async def _command_target(
    uow: UnitOfWork, device: DeviceIdentity, command_id: uuid.UUID
) -> CommandTarget:
    command = await repository.device_command(uow.session, command_id, device.device_id)
    if command is None:
        raise NotFound("command not found")
    return CommandTarget(device, command)
