from __future__ import annotations

from typing import Annotated

from custody_contracts.grpc import audit_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Query

from gateway.entrypoints.api.deps import CurrentPrincipal, UpstreamDep
from gateway.entrypoints.api.schemas.audit import AuditRecordsPublic, audit_records_public

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("/records")
async def list_audit_records(
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    object_id: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=500)] = 500,
) -> AuditRecordsPublic:
    """The ledger entries about one object that the caller's organization is party to."""
    found = await upstream.audit.ListRecords(
        audit_pb2.ListRecordsRequest(object_id=object_id, limit=limit),
        metadata=call_metadata(principal),
    )
    return audit_records_public(found)
