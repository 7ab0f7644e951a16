"""The job workers: runtime workers (not Kafka handlers) that run redaction steps until the
service stops. Each keeps at most one pipeline busy, and owns every transaction it makes:
the claim commits before the long work starts, the heartbeat commits each beat, each part of
a step commits its results.

How a step ends:
  done                  -> the step's own transactions (below)
  user cancelled        -> cancelled, stored render deleted
  unreadable media      -> failed with the pipeline's reason; nothing stored
  original unavailable  -> failed (gone, altered, or no longer downloadable)
  service shutting down -> lease released, the next worker reruns the step
  lease lost            -> nothing: the job belongs to another worker now
  anything else         -> lease released, attempt counted; retried up to max_attempts
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from pathlib import Path
from typing import ParamSpec, TypeVar

import structlog
from custody_platform.errors import DomainError
from custody_platform.objectstore import IntegrityError
from custody_platform.runtime import Worker
from custody_platform.unit_of_work import committed

from redaction.adapters.metrics import QUEUE_WAIT
from redaction.adapters.orm import Job
from redaction.domain.jobs import step_of
from redaction.domain.media import Cancelled, MediaError, Progress
from redaction.service_layer import claims, monitor, steps
from redaction.service_layer.monitor import Monitor
from redaction.service_layer.ports import WorkerDeps

log = structlog.get_logger()
P = ParamSpec("P")
T = TypeVar("T")


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


async def run_once(deps: WorkerDeps, stop: asyncio.Event) -> bool:
    """Works on one job if there is one; False when the queue is empty."""
    claimed = await claim(deps)
    if isinstance(claimed, Job):
        await run_step(deps, claimed, Monitor(stop))
        return True
    return claimed


async def claim(deps: WorkerDeps) -> Job | bool:
    """The next job, leased to this worker; else whether a job was found at all (a cancelled
    or exhausted job found on the way is closed, which counts as work done)."""
    found = await committed(deps.uow_factory, claims.claim_next, deps)
    if found is None:
        return False
    await claims.discard(deps.store, found.leftovers)
    if found.waited is not None:
        QUEUE_WAIT.labels("redaction").observe(found.waited)
    return found.job if found.leased else True


async def run_step(deps: WorkerDeps, job: Job, watch: Monitor) -> None:
    step = step_of(job.status)
    work = deps.work_dir / f"{job.id}-{deps.worker_id}"
    work.mkdir(parents=True, exist_ok=True)
    beat = asyncio.create_task(heartbeat(deps, job, watch))
    log.info("redaction.step_started", job_id=str(job.id), step=step, attempt=job.attempts)
    try:
        await _run(deps, job, watch, step, work)
    except claims.LeaseLost:
        log.warning("redaction.lease_lost", job_id=str(job.id), step=step)
    finally:
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
        await asyncio.to_thread(shutil.rmtree, work, True)


async def _run(deps: WorkerDeps, job: Job, watch: Monitor, step: str, work: Path) -> None:
    try:
        if step == "analyse":
            await _analyse(deps, job, watch, work)
        else:
            await _render(deps, job, watch, work)
    except (Cancelled, claims.CancelRequested):
        await _stopped(deps, job, watch)
    except MediaError as exc:
        await committed(
            deps.uow_factory,
            claims.fail,
            deps,
            job.id,
            f"the file cannot be redacted: {exc.reason}",
        )
    except (DomainError, IntegrityError) as exc:
        await committed(
            deps.uow_factory, claims.fail, deps, job.id, f"the original could not be read: {exc}"
        )
    except Exception:
        log.exception("redaction.step_error", job_id=str(job.id), step=step)
        await committed(deps.uow_factory, claims.release, deps, job.id, retry=True)


async def _analyse(deps: WorkerDeps, job: Job, watch: Monitor, work: Path) -> None:
    analysed = await steps.analyse(deps, job, watch, work)
    await committed(deps.uow_factory, steps.record_analysis, deps, job, analysed)


async def _render(deps: WorkerDeps, job: Job, watch: Monitor, work: Path) -> None:
    if job.output_key is None:  # not stored by an earlier, interrupted attempt
        async with deps.uow_factory() as uow:
            analysis = await steps.stored_analysis(uow, job)
        rendered = await steps.render(deps, job, watch, work, analysis)
        await committed(deps.uow_factory, steps.record_render, deps, job, rendered)
    derived_id = await steps.register_copy(deps, job, watch)
    await committed(deps.uow_factory, steps.complete, deps, job, derived_id)


async def _stopped(deps: WorkerDeps, job: Job, watch: Monitor) -> None:
    if watch.lease_lost:
        raise claims.LeaseLost(str(job.id))
    if watch.shutting_down and not watch.cancel_requested:
        await committed(deps.uow_factory, claims.release, deps, job.id, retry=False)
        return
    leftovers = await committed(deps.uow_factory, claims.cancel, deps, job.id)
    await claims.discard(deps.store, leftovers)


async def heartbeat(deps: WorkerDeps, job: Job, watch: Monitor) -> None:
    """Renews the lease, stores progress, publishes it (throttled) and watches for cancel,
    lease loss and shutdown, one committed beat at a time, until cancelled itself."""
    last_published = 0.0
    published: Progress | None = None
    while True:
        await asyncio.sleep(deps.timing.heartbeat_s)
        progress = watch.latest()
        publish = (
            progress is not None
            and progress != published
            and time.monotonic() - last_published >= deps.timing.progress_s
        )
        cancel = await committed(deps.uow_factory, monitor.beat, deps, job, progress, publish)
        if publish:
            last_published, published = time.monotonic(), progress
        watch.heard(cancel)
