"""Pending transfers: an organization's view of what its devices owe and are uploading —
each export command with bytes done of bytes total per file."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from custody_contracts.principal import Principal
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, Upload
from device_gateway.domain.model import OPEN_COMMANDS
from device_gateway.service_layer.devices import get_device


@dataclass(frozen=True)
class Transfer:
    command: Command
    files: Sequence[Upload]


async def list_transfers(
    uow: UnitOfWork, principal: Principal, device_id: uuid.UUID, *, pending_only: bool
) -> list[Transfer]:
    """The device's commands, newest first, with their uploads; NotFound across orgs."""
    await get_device(uow, principal, device_id)
    statuses = OPEN_COMMANDS if pending_only else None
    commands = await repository.device_commands(uow.session, device_id, statuses)
    uploads = await repository.command_uploads(uow.session, [c.id for c in commands])
    return [Transfer(c, [u for u in uploads if u.command_id == c.id]) for c in commands]
