"""The job workers: runtime workers (not Kafka handlers) that run redaction steps until the
service stops. Each keeps at most one pipeline busy."""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from custody_platform.runtime import Worker

from redaction.service_layer.ports import WorkerDeps
from redaction.service_layer.worker import run_once

log = structlog.get_logger()


def job_worker(deps: WorkerDeps) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                worked = await run_once(deps, stop)
            except Exception:  # the database blinked: keep the worker alive, try again
                log.exception("redaction.worker_error", worker=deps.worker_id)
                worked = False
            if not worked:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), deps.timing.poll_s)

    return run
