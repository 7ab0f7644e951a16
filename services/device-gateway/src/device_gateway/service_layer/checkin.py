"""Check-in: the device reports its health and gets the commands due to it (the route
long-polls for them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from custody_contracts.events.device_gateway import DeviceSeen
from custody_platform.errors import Unauthenticated
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters import repository
from device_gateway.adapters.orm import Command, utcnow
from device_gateway.domain.model import (
    CommandStatus,
    DeviceIdentity,
    command_transition,
    seen_event_due,
)
from device_gateway.service_layer.commands import about, device_actor


@dataclass(frozen=True)
class CheckinPolicy:
    redeliver_after: timedelta
    poll_seconds: float


@dataclass(frozen=True)
class CheckIn:
    commands: Sequence[Command]
    background_recording: bool  # the setting the device is to apply


async def checkin(
    uow: UnitOfWork, device: DeviceIdentity, report: dict[str, Any], policy: CheckinPolicy
) -> CheckIn:
    """Records the device's report; the commands due to it, marked delivered, and its
    settings. The route polls `deliver_due` in fresh units of work while none is due."""
    background = await _record_seen(uow, device, report)
    return CheckIn(await deliver_due(uow, device, policy), background)


async def _record_seen(uow: UnitOfWork, identity: DeviceIdentity, report: dict[str, Any]) -> bool:
    """Heartbeats are telemetry, not custody: no audit record, and DeviceSeen at most once a
    minute per device so the outbox stays small."""
    device = await repository.device(uow.session, identity.device_id, lock=True)
    if device is None or device.revoked:
        raise Unauthenticated("device revoked")
    now = utcnow()
    device.last_seen_at, device.status = now, report
    if seen_event_due(device.seen_reported_at, now):
        device.seen_reported_at = now
        uow.emit(DeviceSeen(device_id=device.id, org_id=device.org_id, seen_at=now))
    return device.background_recording


async def deliver_due(
    uow: UnitOfWork, device: DeviceIdentity, policy: CheckinPolicy
) -> Sequence[Command]:
    now = utcnow()
    due = await repository.due_commands(
        uow.session, device.device_id, now, now - policy.redeliver_after
    )
    for command in due:
        command.status = command_transition(command.status, CommandStatus.DELIVERED)
        command.delivered_at, command.attempts = now, command.attempts + 1
        actor = device_actor(device)
        uow.audit(actor, "command.delivered", **about(command), attempt=command.attempts)
    return due
