"""Asking for a redaction: evidence checks who may, then announces RedactionRequested; the
redaction service runs the job and hands the redacted copy back as a derived item.

Who may redact: users of the item's own organization who may download it. Guests may not
(even with a download grant), nor may anyone on an item they may only view: a redaction
reads every byte of the original and produces a copy meant to be shared."""

from __future__ import annotations

import uuid

from custody_contracts.events.evidence import RedactionRequested
from custody_contracts.principal import ROLE_GUEST, Principal
from custody_platform.errors import NotFound, PermissionDenied
from custody_platform.unit_of_work import Actor, UnitOfWork

from evidence.service_layer.access import item_for


async def request_redaction(
    uow: UnitOfWork, principal: Principal, evidence_id: uuid.UUID, source_address: str | None
) -> uuid.UUID:
    """The new job's id."""
    found = await item_for(uow, principal, evidence_id)
    item = found.item
    if found.access != "owner" or item.deleted_at is not None:
        raise NotFound(f"evidence {evidence_id} not found")
    if principal.has_role(ROLE_GUEST):
        raise PermissionDenied("guests may not redact evidence")
    if found.permission != "download":
        raise PermissionDenied("evidence that may only be viewed cannot be redacted")
    job_id = uuid.uuid4()
    uow.emit(
        RedactionRequested(
            job_id=job_id,
            evidence_id=item.id,
            case_id=item.case_id,
            org_id=item.org_id,
            object_key=item.object_key,
            sha256=item.sha256,
            requested_by=principal.user_id,
            filename=item.filename,
            content_type=item.content_type,
        ),
        subject=f"evidence/{item.id}",
    )
    uow.audit(
        Actor.of(principal, source_address),
        "evidence.redaction_requested",
        object_type="evidence",
        object_id=item.id,
        org_ids=(item.org_id,),
        object_hash=item.sha256,
        job_id=str(job_id),
    )
    return job_id
