"""Events the device gateway reacts to: one handler per event type, listed here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.video_requests import ExportRequested
from custody_platform.consumer import Handler
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.service_layer import commands


def build_handlers(command_ttl: timedelta) -> Mapping[type[Event], Handler]:
    async def on_export_requested(
        event: ExportRequested, uow: UnitOfWork, envelope: Envelope
    ) -> None:
        await commands.queue_export(uow, event, ttl=command_ttl)

    return {ExportRequested: on_export_requested}
