from __future__ import annotations

import uuid

from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, UpstreamDep
from gateway.entrypoints.api.downloads import download_headers, open_stream
from gateway.entrypoints.api.schemas.evidence import EvidencePublic, evidence_public

router = APIRouter(prefix="/evidence", tags=["evidence"])


@router.get("/{evidence_id}")
async def read_evidence(
    evidence_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> EvidencePublic:
    item = await upstream.evidence.GetEvidence(
        evidence_pb2.GetEvidenceRequest(id=str(evidence_id)), metadata=call_metadata(principal)
    )
    return evidence_public(item)


@router.get("/{evidence_id}/download", response_class=StreamingResponse)
async def download_evidence(
    evidence_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> StreamingResponse:
    """The original bytes, verified by evidence as they stream; audited there as a download.

    The headers need the item's name, size and hash, which the byte stream does not carry:
    one GetEvidence first, then the stream.
    """
    metadata = call_metadata(principal)
    item = await upstream.evidence.GetEvidence(
        evidence_pb2.GetEvidenceRequest(id=str(evidence_id)), metadata=metadata
    )
    request = evidence_pb2.DownloadEvidenceRequest(id=item.id, source_address=source or "")
    body = await open_stream(upstream.evidence.DownloadEvidence(request, metadata=metadata))
    return StreamingResponse(body, headers=download_headers(item))
