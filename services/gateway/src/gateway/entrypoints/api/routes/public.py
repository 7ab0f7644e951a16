"""Routes without an account: the token in the path is the credential, checked by evidence
on every call (revoked or expired is 404). Share links open a case or an item to view or
download; a file request lets anyone upload into a case without ever seeing it (its page is
the web app's /f/{token}; this API gives that page what it shows)."""

from __future__ import annotations

import io
import uuid
from typing import Annotated

import segno
from custody_contracts.grpc import evidence_pb2
from custody_platform.grpc.client import call_metadata
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from gateway.entrypoints.api.deps import LinksDep, SourceAddress, UpstreamDep
from gateway.entrypoints.api.downloads import (
    download_headers,
    open_stream,
    range_response,
    thumbnail_response,
)
from gateway.entrypoints.api.responses import GUARDED, NOT_FOUND, NOT_SATISFIABLE, UPSTREAM, body
from gateway.entrypoints.api.schemas.public_uploads import (
    PublicFileRequestView,
    public_file_request_view,
)
from gateway.entrypoints.api.schemas.sharing import SharedContentPublic, shared_public

Token = Annotated[str, PathParam(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]
# Tokens ride in URLs: never leak them to other sites, never cache or index the pages.
_PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

router = APIRouter(tags=["public"], responses=UPSTREAM)


@router.get("/public/v1/shares/{token}", responses=NOT_FOUND)
async def open_share(
    token: Token, upstream: UpstreamDep, source: SourceAddress
) -> SharedContentPublic:
    """What the link opens: the item, or the case's live items. Audited with the address."""
    content = await upstream.evidence.OpenShareLink(
        evidence_pb2.OpenShareLinkRequest(token=token, source_address=source or ""),
        metadata=call_metadata(),
    )
    return shared_public(content)


async def _shared_item(
    upstream: UpstreamDep, token: str, evidence_id: uuid.UUID
) -> evidence_pb2.EvidenceItem:
    item: evidence_pb2.EvidenceItem = await upstream.evidence.GetEvidence(
        evidence_pb2.GetEvidenceRequest(id=str(evidence_id), share_token=token),
        metadata=call_metadata(),
    )
    return item


@router.get(
    "/public/v1/shares/{token}/evidence/{evidence_id}/stream",
    responses=body("application/octet-stream") | NOT_FOUND | NOT_SATISFIABLE,
)
async def stream_shared(
    token: Token,
    evidence_id: uuid.UUID,
    request: Request,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> Response:
    """Any link may view: HTTP Range honoured, blocks verified, audited as a view."""
    item = await _shared_item(upstream, token, evidence_id)
    return await range_response(request, upstream.evidence, item, call_metadata(), source, token)


@router.get(
    "/public/v1/shares/{token}/evidence/{evidence_id}/download",
    responses=body("application/octet-stream") | GUARDED,
)
async def download_shared(
    token: Token, evidence_id: uuid.UUID, upstream: UpstreamDep, source: SourceAddress
) -> StreamingResponse:
    """Only through a link with download permission (403 otherwise); audited."""
    item = await _shared_item(upstream, token, evidence_id)
    call = upstream.evidence.DownloadEvidence(
        evidence_pb2.DownloadEvidenceRequest(
            id=item.id, source_address=source or "", share_token=token
        ),
        metadata=call_metadata(),
    )
    return StreamingResponse(await open_stream(call), headers=download_headers(item))


@router.get(
    "/public/v1/shares/{token}/evidence/{evidence_id}/thumbnail",
    response_class=Response,
    responses=body("image/jpeg") | NOT_FOUND,
)
async def shared_thumbnail(token: Token, evidence_id: uuid.UUID, upstream: UpstreamDep) -> Response:
    """The poster frame of an item the link opens."""
    thumbnail = await upstream.evidence.GetThumbnail(
        evidence_pb2.GetEvidenceThumbnailRequest(id=str(evidence_id), share_token=token),
        metadata=call_metadata(),
    )
    return thumbnail_response(thumbnail)


async def _file_request(upstream: UpstreamDep, token: str) -> evidence_pb2.PublicFileRequest:
    found: evidence_pb2.PublicFileRequest = await upstream.evidence.GetPublicFileRequest(
        evidence_pb2.GetPublicFileRequestRequest(token=token), metadata=call_metadata()
    )
    return found


@router.get("/public/v1/file-requests/{token}", responses=NOT_FOUND)
async def read_public_file_request(
    token: Token, upstream: UpstreamDep, links: LinksDep
) -> PublicFileRequestView:
    """What the upload page shows: the request's texts, consent and limits, and the tus
    endpoint that takes the files (with this token as the bearer credential)."""
    found = await _file_request(upstream, token)
    return public_file_request_view(found, links.tus())


@router.get("/public/f/{token}", status_code=307, responses=NOT_FOUND)
async def file_request_page(token: Token, upstream: UpstreamDep, links: LinksDep) -> Response:
    """Links printed before the page moved to the web app: sent on to it."""
    await _file_request(upstream, token)
    return RedirectResponse(links.file_request(token), status_code=307, headers=_PRIVATE)


@router.get(
    "/public/f/{token}/qr.png", response_class=Response, responses=body("image/png") | NOT_FOUND
)
async def file_request_qr_png(token: Token, upstream: UpstreamDep, links: LinksDep) -> Response:
    """A QR code of the file request's page, as PNG."""
    await _file_request(upstream, token)
    out = io.BytesIO()
    segno.make(links.file_request(token), error="m").save(out, kind="png", scale=8, border=4)
    return Response(out.getvalue(), media_type="image/png", headers=_PRIVATE)


@router.get(
    "/public/f/{token}/qr.svg", response_class=Response, responses=body("image/svg+xml") | NOT_FOUND
)
async def file_request_qr_svg(token: Token, upstream: UpstreamDep, links: LinksDep) -> Response:
    """A QR code of the file request's page, as SVG."""
    await _file_request(upstream, token)
    out = io.BytesIO()
    segno.make(links.file_request(token), error="m").save(out, kind="svg", scale=8, border=4)
    return Response(out.getvalue(), media_type="image/svg+xml", headers=_PRIVATE)
