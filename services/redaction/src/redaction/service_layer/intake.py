"""Intake: a redaction request becomes a queued job; the handler stays short."""

from __future__ import annotations

from custody_contracts.events import RedactionRequested
from custody_platform.unit_of_work import Actor, UnitOfWork

from redaction.adapters import repository
from redaction.adapters.orm import Job
from redaction.domain.jobs import INITIAL_STATUS


async def queue_job(uow: UnitOfWork, event: RedactionRequested) -> Job:
    """Idempotent by job id: the same request delivered twice queues one job."""
    existing = await repository.get(uow.session, event.job_id)
    if existing is not None:
        return existing
    job = _new_job(event)
    await repository.add(uow.session, job)
    uow.audit(
        Actor.service("redaction"),
        "redaction.queued",
        object_type="evidence",
        object_id=event.evidence_id,
        org_ids=(event.org_id,),
        object_hash=event.sha256,
        job_id=str(job.id),
        requested_by=str(event.requested_by),
    )
    return job


def _new_job(event: RedactionRequested) -> Job:
    return Job(
        id=event.job_id,
        evidence_id=event.evidence_id,
        case_id=event.case_id,
        org_id=event.org_id,
        object_key=event.object_key,
        sha256=event.sha256,
        requested_by=event.requested_by,
        status=INITIAL_STATUS,
    )
