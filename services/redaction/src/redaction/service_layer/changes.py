"""Every job state change: checked against the transition table, announced through the
outbox and written to the custody ledger, in the caller's unit of work."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from custody_contracts.events.redaction import RedactionStatusChanged
from custody_platform.unit_of_work import Actor, UnitOfWork

from redaction.adapters.orm import Job
from redaction.domain.jobs import ensure_transition

WORKER = Actor.service("redaction")
# Completed and failed have their own events, carrying the output or the reason.
_OWN_EVENTS = frozenset({"completed", "failed"})


def move(
    uow: UnitOfWork,
    job: Job,
    target: str,
    *,
    actor: Actor = WORKER,
    reason: str | None = None,
    **details: Any,
) -> None:
    ensure_transition(job.status, target)
    previous = job.status
    job.status, job.updated_at = target, datetime.now(UTC)
    if target not in _OWN_EVENTS:
        uow.emit(
            RedactionStatusChanged(
                job_id=job.id,
                evidence_id=job.evidence_id,
                org_id=job.org_id,
                previous_status=previous,
                status=target,
                actor_user_id=uuid.UUID(actor.id) if actor.type == "user" else None,
            ),
            subject=f"redaction_job/{job.id}",
        )
    record(uow, job, f"redaction.{target}", actor=actor, reason=reason, **details)


def record(
    uow: UnitOfWork,
    job: Job,
    action: str,
    *,
    actor: Actor = WORKER,
    reason: str | None = None,
    **details: Any,
) -> None:
    """A ledger entry on the original: its custody history shows every redaction step."""
    uow.audit(
        actor,
        action,
        object_type="evidence",
        object_id=job.evidence_id,
        org_ids=(job.org_id,),
        object_hash=job.sha256,
        reason=reason,
        job_id=str(job.id),
        **details,
    )


def release_lease(job: Job) -> None:
    job.lease_owner, job.lease_expires_at = None, None
