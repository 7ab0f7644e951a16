"""Commands and uploads that outlive their deadline: a command nobody fetched in time fails
its export (the requester is told); an abandoned upload frees its staging file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from custody_contracts.events.device_gateway import ExportFailed
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, Upload, utcnow
from device_gateway.domain.model import CommandStatus, UploadStatus, command_transition
from device_gateway.service_layer import background
from device_gateway.service_layer.commands import SERVICE, about, export_context


@dataclass(frozen=True)
class Expired:
    commands: Sequence[Command]
    uploads: Sequence[Upload]  # their staging files go once the expiry is committed

    @property
    def count(self) -> int:
        return len(self.commands) + len(self.uploads)


async def expire_overdue(uow: UnitOfWork) -> Expired:
    """One batch of overdue commands and uploads, expired."""
    now = utcnow()
    commands = await repository.overdue_commands(uow.session, now)
    for command in commands:
        if command.background_request_id is not None:
            await _expire_background(uow, command)
        else:
            _expire_command(uow, command)
    uploads = await repository.overdue_uploads(uow.session, now)
    for upload in uploads:
        upload.status = UploadStatus.EXPIRED
        uow.audit(SERVICE, "upload.expired", object_type="upload", object_id=upload.id)
    return Expired(commands, uploads)


async def _expire_background(uow: UnitOfWork, command: Command) -> None:
    """The device never came online in time for this channel: it ends without video."""
    command.status = command_transition(command.status, CommandStatus.EXPIRED)
    command.finished_at, command.outcome_reason = utcnow(), "expired"
    uow.audit(SERVICE, "command.expired", **about(command))
    background.settle(uow, await background.lock_siblings(uow, command), SERVICE)


def _expire_command(uow: UnitOfWork, command: Command) -> None:
    command.status = command_transition(command.status, CommandStatus.EXPIRED)
    command.finished_at, command.outcome_reason = utcnow(), "expired"
    context = export_context(command)
    uow.emit(ExportFailed(device_id=command.device_id, export=context, reason="expired"))
    uow.audit(
        SERVICE,
        "export.expired",
        object_type="command",
        object_id=command.id,
        org_ids=(command.org_id, command.requester_org_id),
        export_id=str(command.export_id),
    )
