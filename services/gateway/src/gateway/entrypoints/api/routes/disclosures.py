"""Disclosure packages: build one from evidence on a case, read and download it; the
recipient acknowledges it with the one-time token from the receipt (no account needed)."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import audit_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Form, status
from fastapi.responses import StreamingResponse

from gateway.entrypoints.api.deps import CurrentPrincipal, SourceAddress, UpstreamDep
from gateway.entrypoints.api.downloads import open_stream
from gateway.entrypoints.api.responses import CHANGE, CONFLICT, GUARDED, NOT_FOUND, UPSTREAM, body
from gateway.entrypoints.api.schemas.common import Line, Name
from gateway.entrypoints.api.schemas.disclosures import (
    AcknowledgementPublic,
    DisclosureCreate,
    DisclosureCreatedPublic,
    DisclosurePublic,
    acknowledgement_public,
    disclosure_created_public,
    disclosure_public,
)

router = APIRouter(tags=["disclosures"], responses=UPSTREAM)
public_router = APIRouter(tags=["disclosures"], responses=UPSTREAM)

# Building streams every original through evidence into the package: allow for big files.
BUILD_TIMEOUT = 3600.0


@router.post("/cases/{case_id}/disclosures", status_code=status.HTTP_201_CREATED, responses=CHANGE)
async def create_disclosure(
    case_id: uuid.UUID,
    body: DisclosureCreate,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> DisclosureCreatedPublic:
    """Packages the selected evidence of the case (the caller must be allowed to download
    each item); the response carries the acknowledgement token once."""
    request = audit_pb2.CreateDisclosureRequest(
        case_id=str(case_id),
        evidence_ids=[str(e) for e in body.evidence_ids],
        recipient_name=body.recipient_name,
        recipient_email=body.recipient_email,
        note=body.note,
        source_address=source or "",
    )
    found = await upstream.audit.CreateDisclosure(
        request, metadata=call_metadata(principal), timeout=BUILD_TIMEOUT
    )
    return disclosure_created_public(found)


@router.get("/disclosures/{disclosure_id}", responses=NOT_FOUND)
async def read_disclosure(
    disclosure_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> DisclosurePublic:
    """A disclosure package's record: items, recipient, hash and acknowledgement."""
    request = audit_pb2.GetDisclosureRequest(id=str(disclosure_id))
    return disclosure_public(
        await upstream.audit.GetDisclosure(request, metadata=call_metadata(principal))
    )


@router.get(
    "/disclosures/{disclosure_id}/download",
    response_class=StreamingResponse,
    responses=body("application/zip") | GUARDED,
)
async def download_disclosure(
    disclosure_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> StreamingResponse:
    """The package ZIP, verified as it streams; audited as a download."""
    metadata = call_metadata(principal)
    found = await upstream.audit.GetDisclosure(
        audit_pb2.GetDisclosureRequest(id=str(disclosure_id)), metadata=metadata
    )
    request = audit_pb2.DownloadDisclosureRequest(id=found.id, source_address=source or "")
    body = await open_stream(upstream.audit.DownloadDisclosure(request, metadata=metadata))
    headers = {
        "Content-Length": str(found.size),
        "Content-Disposition": f'attachment; filename="disclosure-{found.id}.zip"',
        "X-Content-SHA256": found.sha256,
    }
    return StreamingResponse(body, media_type="application/zip", headers=headers)


@public_router.post("/disclosures/acknowledge", responses=NOT_FOUND | CONFLICT)
async def acknowledge_disclosure(
    token: Annotated[Line, Form(min_length=16, max_length=200)],
    name: Annotated[Name, Form(min_length=1, max_length=200)],
    upstream: UpstreamDep,
    source: SourceAddress,
) -> AcknowledgementPublic:
    """The recipient's acknowledgement (a form post, as from the receipt); once only."""
    request = audit_pb2.AcknowledgeDisclosureRequest(
        token=token, name=name, source_address=source or ""
    )
    return acknowledgement_public(await upstream.audit.AcknowledgeDisclosure(request))
