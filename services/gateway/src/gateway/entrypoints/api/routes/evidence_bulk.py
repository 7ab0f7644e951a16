"""Bulk changes to a case's evidence: tags and a retention category (decision 0036)."""

from __future__ import annotations

import uuid

from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.responses import CHANGE, UPSTREAM
from gateway.entrypoints.api.schemas.evidence_bulk import (
    EvidenceBulkChange,
    EvidenceBulkResult,
    bulk_result,
)

router = APIRouter(tags=["evidence"], responses=UPSTREAM)


@router.post("/cases/{case_id}/evidence/bulk", responses=CHANGE)
async def bulk_update_evidence(
    case_id: uuid.UUID, body: EvidenceBulkChange, principal: CurrentPrincipal, upstream: UpstreamDep
) -> EvidenceBulkResult:
    """Adds and removes tags and sets a retention category on many items of one case of the
    caller's organization, all or nothing: 404 naming the ids that are not live items of the
    case, 422 for a category that is not one of the organization's; each item is audited."""
    found = await upstream.evidence.BulkUpdateEvidence(
        body.to_proto(case_id), metadata=call_metadata(principal)
    )
    return bulk_result(found)
