"""A device's upload answers one of its commands: an export's file is a VideoUploaded; a
background-video channel's file is an UploadCompleted into the request's case, and the last
channel to end finishes the request."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from custody_contracts.events import Event
from custody_contracts.events.device_gateway import VideoUploaded
from custody_platform.errors import Conflict, FailedPrecondition, NotFound
from custody_platform.objectstore import ObjectInfo
from custody_platform.unit_of_work import Actor, UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, Upload, utcnow
from device_gateway.domain.model import (
    OPEN_COMMANDS,
    CommandStatus,
    DeviceIdentity,
    command_transition,
)
from device_gateway.domain.tus import UploadRequest, upload_request
from device_gateway.service_layer import background
from device_gateway.service_layer.commands import about, device_actor, export_context
from device_gateway.service_layer.targets import UploadTarget, loaded, upload_row


class ExportTarget(UploadTarget):
    allowed_media_types: tuple[str, ...] = ()  # devices send their own recordings

    def __init__(self, device: DeviceIdentity, *, max_open_uploads: int) -> None:
        self.device, self.max_open_uploads = device, max_open_uploads
        self.caller = device_actor(device)
        self.source_address = device.source_address
        self._command: Command | None = None
        self._siblings: background.Siblings | None = None  # a background channel's request

    @property
    def actor(self) -> Actor:
        return self.caller

    @property
    def command(self) -> Command:
        command: Command = loaded(self._command, "command")
        return command

    def upload_request(self, length: int, pairs: dict[str, str]) -> UploadRequest:
        return upload_request(length, pairs, device=True)

    async def find(self, uow: UnitOfWork, upload_id: uuid.UUID, *, lock: bool) -> Upload | None:
        return await repository.device_upload(
            uow.session, upload_id, self.device.device_id, lock=lock
        )

    async def admit(self, uow: UnitOfWork, meta: UploadRequest) -> None:
        """At most `max_open_uploads` at once per device, each for an open command."""
        assert meta.command_id is not None
        device_id = self.device.device_id
        await repository.device(uow.session, device_id, lock=True)  # serializes the count
        if await repository.device_open_uploads(uow.session, device_id) >= self.max_open_uploads:
            raise FailedPrecondition(f"at most {self.max_open_uploads} uploads at once per device")
        await self._load(uow, meta.command_id)
        if self.command.status not in OPEN_COMMANDS:
            raise Conflict("the command is closed", current_state=self.command.status)

    async def load(self, uow: UnitOfWork, upload: Upload) -> None:
        assert upload.command_id is not None
        await self._load(uow, upload.command_id)
        if self.command.background_request_id is not None:
            self._siblings = await background.lock_siblings(uow, self.command)

    async def _load(self, uow: UnitOfWork, command_id: uuid.UUID) -> None:
        command = await repository.device_command(uow.session, command_id, self.device.device_id)
        if command is None:
            raise NotFound("command not found")
        self._command = command

    def subject(self, upload: Upload) -> dict[str, Any]:
        orgs = about(self.command)["org_ids"]
        return {"object_type": "upload", "object_id": upload.id, "org_ids": orgs}

    def new_upload(self, meta: UploadRequest, *, expires_at: datetime) -> Upload:
        device_id = self.device.device_id
        return upload_row(
            meta,
            expires_at,
            device_id=device_id,
            command_id=self.command.id,
            uploaded_by=str(device_id),
        )

    def check_open(self) -> None:
        command_transition(self.command.status, CommandStatus.COMPLETED)

    def close(self, uow: UnitOfWork, upload: Upload, info: ObjectInfo) -> None:
        super().close(uow, upload, info)
        if self._siblings is not None:
            background.settle(uow, self._siblings, self.actor)

    def count(self, info: ObjectInfo) -> None:
        self.command.status, self.command.finished_at = CommandStatus.COMPLETED, utcnow()

    def owner_details(self) -> dict[str, str]:
        command = self.command
        if self._siblings is not None:
            return {
                "command_id": str(command.id),
                "background_request_id": str(self._siblings.view.request.id),
            }
        return {"command_id": str(command.id), "export_id": str(command.export_id)}

    def announcement(self, upload: Upload, info: ObjectInfo) -> Event:
        if self._siblings is not None:
            return background.announcement(self._siblings.view.request, upload, info)
        command = self.command
        return VideoUploaded(
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
