"""A runtime worker that measures the queue: busy job workers never look at it, and a queue
that grows while they all work is what operators must see."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog
from custody_platform.runtime import Worker
from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters.metrics import QUEUE_OLDEST
from redaction.service_layer import queue

log = structlog.get_logger()


def queue_watch(uow_factory: Callable[[], UnitOfWork], interval: float) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await measure(uow_factory)
            except Exception as exc:  # the database blinked: the next measure retries
                log.warning("redaction.queue_watch_failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)

    return run


async def measure(uow_factory: Callable[[], UnitOfWork]) -> float:
    async with uow_factory() as uow:
        waited = await queue.oldest_wait(uow)
    QUEUE_OLDEST.labels("redaction").set(waited)
    return waited
