"""The webhook delivery worker: claims what is due, sends it, records each outcome.

Claiming commits a lease before any HTTP call, so a worker that dies mid-send leaves the
delivery due again after the lease (sent twice at worst; receivers dedupe on webhook-id).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from custody_platform.logging import get_logger
from custody_platform.runtime import Worker
from custody_platform.unit_of_work import UnitOfWork

from notifier.adapters.metrics import WEBHOOK_DELIVERIES, WEBHOOK_LATENCY
from notifier.adapters.webhook_sender import WebhookSender
from notifier.service_layer import webhook_sending
from notifier.service_layer.ports import Directory
from notifier.service_layer.webhook_sending import Outgoing, Schedule

log = get_logger()
BATCH = 20


def webhook_worker(
    uow_factory: Callable[[], UnitOfWork],
    sender: WebhookSender,
    directory: Directory,
    schedule: Schedule,
    interval: float,
) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                sent = await delivery_pass(uow_factory, sender, directory, schedule)
            except Exception:  # a bad pass must not stop the worker; the next one retries
                log.exception("webhook pass failed")
                sent = 0
            if sent < BATCH:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval)

    return run


async def delivery_pass(
    uow_factory: Callable[[], UnitOfWork],
    sender: WebhookSender,
    directory: Directory,
    schedule: Schedule,
) -> int:
    """Sends up to BATCH due deliveries at once; returns how many."""
    async with uow_factory() as uow:
        claimed = await webhook_sending.claim(uow, BATCH, schedule.lease)
        await uow.commit()
    await asyncio.gather(*(_send(uow_factory, sender, directory, schedule, o) for o in claimed))
    return len(claimed)


async def _send(
    uow_factory: Callable[[], UnitOfWork],
    sender: WebhookSender,
    directory: Directory,
    schedule: Schedule,
    outgoing: Outgoing,
) -> None:
    attempt = await sender.send(outgoing.url, outgoing.headers, outgoing.body)
    if attempt.status_code is not None:
        WEBHOOK_LATENCY.observe(attempt.seconds)
    async with uow_factory() as uow:
        outcome = await webhook_sending.record(
            uow, directory, outgoing.delivery_id, attempt, schedule
        )
        await uow.commit()
    if outcome is not None:
        WEBHOOK_DELIVERIES.labels(outcome=outcome).inc()
        log.info(
            "webhook attempt",
            delivery_id=str(outgoing.delivery_id),
            outcome=outcome,
            status_code=attempt.status_code,
            error=attempt.error,
        )
