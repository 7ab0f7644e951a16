"""Intake: a redaction request becomes a queued job; the handler stays short."""

from __future__ import annotations

from custody_contracts.events.evidence import RedactionRequested
from custody_platform.unit_of_work import UnitOfWork

from redaction.adapters import repository
from redaction.adapters.orm import Job
from redaction.domain.jobs import INITIAL_STATUS
from redaction.service_layer.changes import record


async def queue_job(uow: UnitOfWork, event: RedactionRequested) -> Job:
    """Idempotent by job id: the same request delivered twice queues one job. The worker
    picks it up from the table; nothing long runs here."""
    existing = await repository.get(uow.session, event.job_id)
    if existing is not None:
        return existing
    job = _new_job(event)
    await repository.add(uow.session, job)
    record(uow, job, "redaction.queued", requested_by=str(event.requested_by))
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
        filename=event.filename,
        content_type=event.content_type,
    )
