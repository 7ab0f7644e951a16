"""One job step, start to finish: claim, run with a heartbeat, end it in the right state.

How a step ends:
  done                  -> the step's own transaction (steps.py)
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
from pathlib import Path

import structlog
from custody_platform.errors import DomainError
from custody_platform.objectstore import IntegrityError

from redaction.adapters.orm import Job
from redaction.domain.jobs import step_of
from redaction.domain.media import Cancelled, MediaError
from redaction.service_layer import claims, steps
from redaction.service_layer.monitor import Monitor, heartbeat
from redaction.service_layer.ports import WorkerDeps

log = structlog.get_logger()


async def run_once(deps: WorkerDeps, stop: asyncio.Event) -> bool:
    """Works on one job if there is one; False when the queue is empty."""
    claimed = await claims.claim(deps)
    if isinstance(claimed, Job):
        await run_step(deps, claimed, Monitor(stop))
        return True
    return claimed


async def run_step(deps: WorkerDeps, job: Job, monitor: Monitor) -> None:
    step = step_of(job.status)
    work = deps.work_dir / f"{job.id}-{deps.worker_id}"
    work.mkdir(parents=True, exist_ok=True)
    beat = asyncio.create_task(heartbeat(deps, job, monitor))
    log.info("redaction.step_started", job_id=str(job.id), step=step, attempt=job.attempts)
    try:
        await _run(deps, job, monitor, step, work)
    except claims.LeaseLost:
        log.warning("redaction.lease_lost", job_id=str(job.id), step=step)
    finally:
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
        await asyncio.to_thread(shutil.rmtree, work, True)


async def _run(deps: WorkerDeps, job: Job, monitor: Monitor, step: str, work: Path) -> None:
    try:
        if step == "analyse":
            await steps.analyse(deps, job, monitor, work)
        else:
            await steps.render(deps, job, monitor, work)
    except (Cancelled, claims.CancelRequested):
        await _stopped(deps, job, monitor)
    except MediaError as exc:
        await claims.fail(deps, job.id, f"the file cannot be redacted: {exc.reason}")
    except (DomainError, IntegrityError) as exc:
        await claims.fail(deps, job.id, f"the original could not be read: {exc}")
    except Exception:
        log.exception("redaction.step_error", job_id=str(job.id), step=step)
        await claims.release(deps, job.id, retry=True)


async def _stopped(deps: WorkerDeps, job: Job, monitor: Monitor) -> None:
    if monitor.lease_lost:
        raise claims.LeaseLost(str(job.id))
    if monitor.shutting_down and not monitor.cancel_requested:
        await claims.release(deps, job.id, retry=False)
        return
    await claims.cancel(deps, job.id)
