"""The digest scheduler: every so often, sends the digests that are due. Its clock is
passed in, so tests drive it instead of waiting for the hour."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime

from custody_platform.logging import get_logger
from custody_platform.runtime import Worker
from custody_platform.unit_of_work import UnitOfWork

from notifier.domain.digests import window
from notifier.service_layer import digests
from notifier.service_layer.ports import Post

log = get_logger()


def digest_worker(
    uow_factory: Callable[[], UnitOfWork],
    post: Post,
    clock: Callable[[], datetime],
    hour: int,
    interval: float,
) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                sent = await digest_pass(uow_factory, post, clock(), hour)
                if sent:
                    log.info("digests sent", count=sent)
            except Exception:  # a bad pass must not stop the scheduler; the next one retries
                log.exception("digest pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    return run


async def digest_pass(
    uow_factory: Callable[[], UnitOfWork], post: Post, now: datetime, hour: int
) -> int:
    """Sends every digest due at `now` not sent yet, each person in their own transaction;
    returns how many were sent."""
    due = window(now, hour)
    async with uow_factory() as uow:
        users = await digests.waiting_users(uow, due)
    sent = 0
    for user_id in users:
        async with uow_factory() as uow:
            if await digests.send_one(uow, post, user_id, due):
                await uow.commit()
                sent += 1
    return sent
