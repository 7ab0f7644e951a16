"""The background workers: processing new items, and purging deleted ones past their window.

Each loop owns its transactions: a step of the service layer runs in a unit of work opened
and committed here, and slow I/O (reading a whole original) runs in none. Bootstrap binds
every argument but `stop`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Concatenate, ParamSpec, TypeVar

import structlog
from custody_platform.metrics import OBJECT_INTEGRITY_FAILURES
from custody_platform.objectstore import ObjectStore
from custody_platform.unit_of_work import UnitOfWork

from evidence.service_layer import processing, retention
from evidence.service_layer.processing import ProcessingPolicy

log = structlog.get_logger(__name__)
P = ParamSpec("P")
R = TypeVar("R")
UowFactory = Callable[[], UnitOfWork]


async def in_transaction(
    uow_factory: UowFactory,
    step: Callable[Concatenate[UnitOfWork, P], Awaitable[R]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """Runs one service-layer step in a unit of work of its own, and commits it."""
    async with uow_factory() as uow:
        result = await step(uow, *args, **kwargs)
        await uow.commit()
        return result


async def process_next(
    uow_factory: UowFactory, store: ObjectStore, policy: ProcessingPolicy
) -> bool:
    """Processes one due item; False when there was none. The claim is committed (and the
    row unlocked) before the file is read."""
    claim = await in_transaction(uow_factory, processing.claim_next, policy)
    if claim is None:
        return False
    try:
        outcome = await processing.work(store, claim, policy.block_size)
    except Exception as exc:
        if isinstance(exc, processing.ObjectCorrupted):
            OBJECT_INTEGRITY_FAILURES.labels("evidence").inc()
        else:
            log.warning(
                "evidence.processing_attempt_failed", evidence_id=str(claim.id), error=str(exc)
            )
        await in_transaction(uow_factory, processing.record_failure, claim, exc, policy)
    else:
        await in_transaction(uow_factory, processing.record_done, claim, outcome, policy.block_size)
    return True


async def run_processing(
    uow_factory: UowFactory,
    store: ObjectStore,
    policy: ProcessingPolicy,
    idle_seconds: float,
    stop: asyncio.Event,
) -> None:
    while not stop.is_set():
        try:
            busy = await process_next(uow_factory, store, policy)
        except Exception:
            log.exception("evidence.processing_failed")
            busy = False
        if not busy:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), idle_seconds)


async def run_purge(
    uow_factory: UowFactory,
    store: ObjectStore,
    window: timedelta,
    interval_seconds: float,
    stop: asyncio.Event,
) -> None:
    """One sweep per interval, each in one transaction."""
    while not stop.is_set():
        try:
            await in_transaction(uow_factory, retention.purge_due, store, window)
        except Exception:
            log.exception("evidence.purge_failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval_seconds)
