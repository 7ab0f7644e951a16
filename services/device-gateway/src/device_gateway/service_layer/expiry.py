"""Commands and uploads that outlive their deadline: a command nobody fetched in time fails
its export (the requester is told); an abandoned upload frees its staging file."""

from __future__ import annotations

from collections.abc import Callable

from custody_contracts.events.device_gateway import ExportFailed
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, utcnow
from device_gateway.adapters.staging import StagingArea
from device_gateway.domain.model import CommandStatus, UploadStatus, command_transition
from device_gateway.service_layer.commands import SERVICE, export_context


async def expire_overdue(uow_factory: Callable[[], UnitOfWork], staging: StagingArea) -> int:
    """One batch; returns how many commands and uploads expired."""
    async with uow_factory() as uow:
        now = utcnow()
        commands = await repository.overdue_commands(uow.session, now)
        for command in commands:
            _expire_command(uow, command)
        uploads = await repository.overdue_uploads(uow.session, now)
        for upload in uploads:
            upload.status = UploadStatus.EXPIRED
            uow.audit(SERVICE, "upload.expired", object_type="upload", object_id=upload.id)
        await uow.commit()
    for upload in uploads:
        staging.discard(upload.staging_name)
    return len(commands) + len(uploads)


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
