"""Work that spans several transactions, each opened and committed here: signing a tree head
on a schedule whenever the ledger has grown (the disclosure builder is in builder.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog
from custody_platform.unit_of_work import UnitOfWork

from audit.adapters import metrics
from audit.adapters.signing_key import LedgerKey
from audit.service_layer.tree_heads import sign_if_grown, signing_state

log = structlog.get_logger()


def tree_head_signer(
    uow_factory: Callable[[], UnitOfWork], key: LedgerKey, interval: float
) -> Callable[[asyncio.Event], Awaitable[None]]:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await _sign_once(uow_factory, key)
            except Exception as exc:  # a database hiccup must not end the schedule
                log.warning("tree head signing failed", error=repr(exc))
            try:  # apart: a signer that keeps failing is what the gauges must show
                await measure(uow_factory)
            except Exception as exc:
                log.warning("ledger measure failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)

    return run


async def _sign_once(uow_factory: Callable[[], UnitOfWork], key: LedgerKey) -> None:
    async with uow_factory() as uow:
        head = await sign_if_grown(uow, key.current())
        await uow.commit()
    if head is not None:
        log.info("tree head signed", tree_size=head.tree_size, head_id=head.id, key_id=head.key_id)


async def measure(uow_factory: Callable[[], UnitOfWork]) -> None:
    async with uow_factory() as uow:  # the head is read while its session is open
        size, head = await signing_state(uow)
        metrics.LEDGER_ENTRIES.labels("audit").set(size)
        if head is not None:
            metrics.SIGNED_ENTRIES.labels("audit").set(head.tree_size)
            metrics.SIGNED_AT.labels("audit").set(head.timestamp_ms / 1000)
