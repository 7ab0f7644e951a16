"""Runtime workers of the requests service (not Kafka handlers): the SLA clock."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog
from custody_platform.runtime import Worker
from custody_platform.unit_of_work import UnitOfWork

from video_requests.adapters.metrics import SLA_BREACHES
from video_requests.service_layer import sla

log = structlog.get_logger()


def sla_worker(uow_factory: Callable[[], UnitOfWork], interval: float) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                changed = await sla_pass(uow_factory)
                if changed:
                    log.info("sla pass", changed=changed)
            except Exception:  # a bad pass must not stop the clock; the next one retries
                log.exception("sla pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    return run


async def sla_pass(uow_factory: Callable[[], UnitOfWork]) -> int:
    """Handles every item due for a reminder or expiry now, each in its own transaction;
    returns how many it changed."""
    async with uow_factory() as uow:
        due = await sla.due_line_items(uow)
    changed = 0
    for line_item_id in due:
        async with uow_factory() as uow:
            if outcome := await sla.apply_sla(uow, line_item_id):
                await uow.commit()
                changed += 1
                if outcome == "expired":
                    SLA_BREACHES.labels("requests").inc()
    return changed
