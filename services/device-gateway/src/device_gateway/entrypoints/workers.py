"""Background work of the device gateway process."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog
from custody_platform.runtime import Worker
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters.staging import StagingArea
from device_gateway.service_layer.expiry import expire_overdue
from device_gateway.service_layer.uploads import UploadContext
from device_gateway.service_layer.vms_exports import ConnectorFor, VmsPolicy, export_next

log = structlog.get_logger()


def expiry_sweeper(uow: Callable[[], UnitOfWork], staging: StagingArea, interval: float) -> Worker:
    """Expires overdue commands and uploads every `interval` seconds until stopped."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                while await expire_overdue(uow, staging):
                    pass  # batches of 100 until nothing is overdue
            except Exception:
                log.exception("expiry sweep failed; will retry")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    return run


def vms_exporter(
    uow: Callable[[], UnitOfWork],
    ctx: UploadContext,
    connector_for: ConnectorFor,
    policy: VmsPolicy,
    interval: float,
) -> Worker:
    """Pulls due VMS exports one after another; idles `interval` seconds when none is due."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                while not stop.is_set() and await export_next(uow, ctx, connector_for, policy):
                    pass
            except Exception:
                log.exception("VMS export failed; will retry")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    return run
