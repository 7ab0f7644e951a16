"""The worker's steps on a job, each in the unit of work its entrypoint gives it: claim it
under a lease, and end a step. Each one locks the row and checks the lease is still ours, so a
worker that lost its lease (it stalled past the lease and another took over) never overwrites
the new owner's work."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from custody_contracts.events.redaction import RedactionFailed
from custody_platform.objectstore import ObjectStore
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


@dataclass(frozen=True)
class Claimed:
    """The job found: leased to this worker, or closed on the way (cancelled or exhausted)."""

    job: Job
    leased: bool
    leftovers: list[str] = field(default_factory=list)  # to discard once committed
    waited: float | None = None  # seconds in the queue, when this claim started the job


async def claim_next(uow: UnitOfWork, deps: WorkerDeps) -> Claimed | None:
    """The next job, leased to this worker unless it is closed instead; None: queue empty."""
    now = datetime.now(UTC)
    job = await repository.claim_next(uow.session, now)
    if job is None:
        return None
    leftovers: list[str] = []
    waited = (now - job.created_at).total_seconds() if job.status == "queued" else None
    if job.cancel_requested:
        leftovers = _cancel(uow, job)
    elif job.attempts >= deps.timing.max_attempts:
        _fail(uow, job, f"gave up after {job.attempts} interrupted attempts at this step")
    else:
        _lease(uow, job, deps, now)
    leased = job.lease_owner == deps.worker_id
    return Claimed(job, leased, leftovers, waited if leased else None)


async def discard(store: ObjectStore, keys: Sequence[str]) -> None:
    """A cancelled job's stored render and manifest, deleted after the cancel committed."""
    await asyncio.to_thread(artifacts.delete_all, store, list(keys))


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


async def fail(uow: UnitOfWork, deps: WorkerDeps, job_id: uuid.UUID, reason: str) -> None:
    _fail(uow, await locked(uow, deps, job_id), reason)


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


async def cancel(uow: UnitOfWork, deps: WorkerDeps, job_id: uuid.UUID) -> list[str]:
    """Cancels our job; returns what to discard once that is committed."""
    return _cancel(uow, await locked(uow, deps, job_id))


def _cancel(uow: UnitOfWork, job: Job) -> list[str]:
    """Cancels the job; returns the stored render and manifest, which must not outlive it."""
    leftovers = [k for k in (job.output_key, job.manifest_key) if k]
    move(uow, job, "cancelled", step=job.step, discarded=leftovers)
    job.output_key = job.output_sha256 = job.manifest_key = job.manifest_sha256 = None
    job.output_size = None
    release_lease(job)
    return leftovers


async def release(uow: UnitOfWork, deps: WorkerDeps, job_id: uuid.UUID, *, retry: bool) -> None:
    """Hand the job back: on shutdown without counting the attempt, after an unexpected
    error counting it (the lease simply ends now instead of timing out)."""
    job = await locked(uow, deps, job_id)
    release_lease(job)
    if not retry:
        job.attempts = max(0, job.attempts - 1)
