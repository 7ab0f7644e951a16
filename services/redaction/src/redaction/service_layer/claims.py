"""The worker's transactions on a job: claim it under a lease, and end a step. Each one
locks the row and checks the lease is still ours, so a worker that lost its lease (it
stalled past the lease and another took over) never overwrites the new owner's work."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from custody_contracts.events.redaction import RedactionFailed
from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters import artifacts, repository
from redaction.adapters.orm import Job
from redaction.domain.jobs import step_of
from redaction.service_layer.changes import move, record, release_lease
from redaction.service_layer.ports import WorkerDeps


class LeaseLost(Exception):
    """Another worker owns the job now."""


class CancelRequested(Exception):
    """A user cancelled the job between two steps of the worker."""


async def claim(deps: WorkerDeps) -> Job | bool:
    """The next job to work on, leased to this worker; else whether a job was found at all
    (a cancelled or exhausted job found on the way is closed, which counts as work done)."""
    leftovers: list[str] = []
    async with deps.uow_factory() as uow:
        now = datetime.now(UTC)
        job = await repository.claim_next(uow.session, now)
        if job is None:
            return False
        if job.cancel_requested:
            leftovers = _cancel(uow, job)
        elif job.attempts >= deps.timing.max_attempts:
            _fail(uow, job, f"gave up after {job.attempts} interrupted attempts at this step")
        else:
            _lease(uow, job, deps, now)
        await uow.commit()
    await asyncio.to_thread(artifacts.delete_all, deps.store, leftovers)
    return job if job.lease_owner == deps.worker_id else True


def _lease(uow: UnitOfWork, job: Job, deps: WorkerDeps, now: datetime) -> None:
    if job.status == "queued":
        move(uow, job, "analysing")
    elif job.attempts:
        record(uow, job, "redaction.resumed", step=step_of(job.status), attempt=job.attempts + 1)
    job.lease_owner, job.lease_expires_at = deps.worker_id, now + deps.timing.lease
    job.attempts += 1
    job.step, job.frames_done, job.frames_total, job.fps = step_of(job.status), 0, 0, 0.0


async def locked(uow: UnitOfWork, deps: WorkerDeps, job_id: uuid.UUID) -> Job:
    """Our job, row-locked; LeaseLost when it is no longer ours."""
    job = await repository.get(uow.session, job_id)
    if job is not None:
        await uow.session.refresh(job, with_for_update=True)
    if job is None or job.lease_owner != deps.worker_id:
        raise LeaseLost(str(job_id))
    return job


async def fail(deps: WorkerDeps, job_id: uuid.UUID, reason: str) -> None:
    async with deps.uow_factory() as uow:
        job = await locked(uow, deps, job_id)
        _fail(uow, job, reason)
        await uow.commit()


def _fail(uow: UnitOfWork, job: Job, reason: str) -> None:
    move(uow, job, "failed", reason=reason)
    job.reason = reason
    release_lease(job)
    uow.emit(
        RedactionFailed(
            job_id=job.id, evidence_id=job.evidence_id, org_id=job.org_id, reason=reason
        ),
        subject=f"redaction_job/{job.id}",
    )


async def cancel(deps: WorkerDeps, job_id: uuid.UUID) -> None:
    async with deps.uow_factory() as uow:
        job = await locked(uow, deps, job_id)
        leftovers = _cancel(uow, job)
        await uow.commit()
    await asyncio.to_thread(artifacts.delete_all, deps.store, leftovers)


def _cancel(uow: UnitOfWork, job: Job) -> list[str]:
    """Cancels the job; returns the stored render and manifest, which must not outlive it."""
    leftovers = [k for k in (job.output_key, job.manifest_key) if k]
    move(uow, job, "cancelled", step=job.step, discarded=leftovers)
    job.output_key = job.output_sha256 = job.manifest_key = job.manifest_sha256 = None
    job.output_size = None
    release_lease(job)
    return leftovers


async def release(deps: WorkerDeps, job_id: uuid.UUID, *, retry: bool) -> None:
    """Hand the job back: on shutdown without counting the attempt, after an unexpected
    error counting it (the lease simply ends now instead of timing out)."""
    async with deps.uow_factory() as uow:
        job = await locked(uow, deps, job_id)
        release_lease(job)
        if not retry:
            job.attempts = max(0, job.attempts - 1)
        await uow.commit()
