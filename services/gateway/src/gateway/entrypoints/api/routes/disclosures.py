"""Disclosure packages: ask for one from evidence on a case (202: it is built in the
background; read it to follow its progress), list a case's, read and download one once
ready; the recipient acknowledges it with the one-time token from the receipt (no account
needed)."""

from __future__ import annotations

import uuid
from typing import Annotated

from custody_contracts.grpc import audit_pb2
from custody_platform.errors import Conflict
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
    DisclosureForRecipient,
    DisclosureList,
    DisclosurePublic,
    acknowledgement_public,
    disclosure_created_public,
    disclosure_for_recipient,
    disclosure_public,
)

router = APIRouter(tags=["disclosures"], responses=UPSTREAM)
public_router = APIRouter(tags=["disclosures"], responses=UPSTREAM)


@router.post("/cases/{case_id}/disclosures", status_code=status.HTTP_202_ACCEPTED, responses=CHANGE)
async def create_disclosure(
    case_id: uuid.UUID,
    body: DisclosureCreate,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> DisclosureCreatedPublic:
    """Asks for a package of the selected evidence of the case, built in the background as
    the caller (who must be allowed to download each item): the answer is at once, in state
    "building", and carries the acknowledgement token once."""
    request = audit_pb2.CreateDisclosureRequest(
        case_id=str(case_id),
        evidence_ids=[str(e) for e in body.evidence_ids],
        recipient_name=body.recipient_name,
        recipient_email=body.recipient_email,
        note=body.note,
        source_address=source or "",
    )
    found = await upstream.audit.CreateDisclosure(request, metadata=call_metadata(principal))
    return disclosure_created_public(found)


@router.get("/cases/{case_id}/disclosures", responses=NOT_FOUND)
async def list_disclosures(
    case_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> DisclosureList:
    """The case's disclosures made by the caller's organization, newest first, with state."""
    request = audit_pb2.ListDisclosuresRequest(case_id=str(case_id))
    found = await upstream.audit.ListDisclosures(request, metadata=call_metadata(principal))
    return DisclosureList(items=[disclosure_public(d) for d in found.disclosures])


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
    responses=body("application/zip") | GUARDED | CONFLICT,
)
async def download_disclosure(
    disclosure_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> StreamingResponse:
    """The package ZIP once ready (409 before), verified as it streams; audited."""
    metadata = call_metadata(principal)
    found = await upstream.audit.GetDisclosure(
        audit_pb2.GetDisclosureRequest(id=str(disclosure_id)), metadata=metadata
    )
    if found.state != "ready":
        raise Conflict(f"the package is not ready ({found.state})", current_state=found.state)
    request = audit_pb2.DownloadDisclosureRequest(id=found.id, source_address=source or "")
    body = await open_stream(upstream.audit.DownloadDisclosure(request, metadata=metadata))
    headers = {
        "Content-Length": str(found.size),
        "Content-Disposition": f'attachment; filename="disclosure-{found.id}.zip"',
        "X-Content-SHA256": found.sha256,
    }
    return StreamingResponse(body, media_type="application/zip", headers=headers)


@public_router.post("/disclosures/lookup", responses=NOT_FOUND)
async def look_up_disclosure(
    token: Annotated[Line, Form(min_length=16, max_length=200)], upstream: UpstreamDep
) -> DisclosureForRecipient:
    """What was disclosed to the holder of the receipt's token (a form post: the token stays
    out of URLs and logs), and whether it was acknowledged."""
    request = audit_pb2.LookupDisclosureRequest(token=token)
    return disclosure_for_recipient(await upstream.audit.LookupDisclosure(request))


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
