"""Background work of the device gateway process. Each worker owns its loop and its units
of work: one step of the service layer per transaction."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog
from custody_platform.runtime import Worker
from custody_platform.unit_of_work import UnitOfWork

from device_gateway.adapters.metrics import UPLOADS_ENDED
from device_gateway.adapters.staging import StagingArea
from device_gateway.adapters.vms import NoRecording, VmsUnavailable
from device_gateway.service_layer import expiry, uploads, vms_exports
from device_gateway.service_layer.uploads import UploadContext
from device_gateway.service_layer.vms_exports import ConnectorFor, VmsPolicy

log = structlog.get_logger()
UowFactory = Callable[[], UnitOfWork]


def expiry_sweeper(uow: UowFactory, staging: StagingArea, interval: float) -> Worker:
    """Expires overdue commands and uploads every `interval` seconds until stopped."""

    async def sweep() -> bool:
        return await expire_overdue(uow, staging) > 0  # batches of 100 until none is overdue

    return _every(interval, sweep, "expiry sweep failed; will retry")


def vms_exporter(
    uow: UowFactory,
    ctx: UploadContext,
    connector_for: ConnectorFor,
    policy: VmsPolicy,
    interval: float,
) -> Worker:
    """Pulls due VMS exports one after another; idles `interval` seconds when none is due."""

    async def pull() -> bool:
        return await export_next(uow, ctx, connector_for, policy)

    return _every(interval, pull, "VMS export failed; will retry")


async def expire_overdue(uow: UowFactory, staging: StagingArea) -> int:
    """One batch; returns how many commands and uploads expired."""
    async with uow() as unit:
        expired = await expiry.expire_overdue(unit)
        await unit.commit()
    for upload in expired.uploads:
        staging.discard(upload.staging_name)
    UPLOADS_ENDED.labels("device-gateway", "expired").inc(len(expired.uploads))
    return expired.count


async def export_next(
    uow: UowFactory, ctx: UploadContext, connector_for: ConnectorFor, policy: VmsPolicy
) -> bool:
    """Pulls one due VMS export; False when none is due. The pull itself holds no
    transaction: claiming commits first, ingesting (or giving up) commits after."""
    async with uow() as unit:
        claimed = await vms_exports.claim(unit, policy)
        await unit.commit()
    if claimed is None:
        return False
    try:
        upload = await vms_exports.pull(ctx, connector_for, claimed)
    except NoRecording as exc:
        async with uow() as unit:
            await vms_exports.no_recording(unit, claimed, exc)
            await unit.commit()
        return True
    except VmsUnavailable:
        async with uow() as unit:
            await vms_exports.retry_or_fail(unit, claimed, policy)
            await unit.commit()
        return True
    async with uow() as unit:
        written = await vms_exports.ingest(unit, ctx, claimed, upload)
        await unit.commit()
    uploads.settle(ctx, written)
    return True


def _every(interval: float, step: Callable[[], Awaitable[bool]], failed: str) -> Worker:
    """Runs `step` while it finds work, then idles `interval` seconds, until stopped."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                while not stop.is_set() and await step():
                    pass
            except Exception:
                log.exception(failed)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    return run
