"""Routes without an account: the token in the path is the credential, checked by evidence
on every call (revoked or expired is 404). Share links open a case or an item to view or
download; file request pages let anyone upload into a case without ever seeing it."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated

import segno
from custody_contracts.grpc import evidence_pb2
from custody_platform.errors import NotFound
from custody_platform.grpc.client import call_metadata
from custody_platform.grpc.fields import read_time
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from gateway.entrypoints.api.deps import LinksDep, SourceAddress, UpstreamDep
from gateway.entrypoints.api.downloads import (
    download_headers,
    open_stream,
    range_response,
    thumbnail_response,
)
from gateway.entrypoints.api.responses import GUARDED, NOT_FOUND, NOT_SATISFIABLE, UPSTREAM, body
from gateway.entrypoints.api.schemas.sharing import SharedContentPublic, shared_public

PUBLIC = Path(__file__).resolve().parents[2] / "public"
STATIC_URL = "/public/static"
STATIC_FILES = {
    "tus.min.js": "text/javascript",
    "tus-js-client.LICENSE": "text/plain",
    "upload.js": "text/javascript",
    "upload.css": "text/css",
}
Token = Annotated[str, PathParam(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]
_templates = Environment(
    loader=FileSystemLoader(PUBLIC / "templates"), autoescape=select_autoescape(["html"])
)
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


@router.get(
    "/public/f/{token}", response_class=HTMLResponse, responses=body("text/html") | NOT_FOUND
)
async def file_request_page(token: Token, upstream: UpstreamDep, links: LinksDep) -> HTMLResponse:
    """The upload page: the request's texts, consent and limits, and a resumable tus client
    sending each file straight to the device gateway with the token."""
    found = await _file_request(upstream, token)
    expires = read_time(found, "expires_at")
    html = _templates.get_template("file_request.html").render(
        request=found,
        token=token,
        tus_url=links.tus(),
        static_url=STATIC_URL,
        expires=_when(expires),
        per_file=_size(found.max_bytes_per_file),
        total=_size(found.max_total_bytes),
    )
    origin = links.device_gateway_url.rstrip("/") or "'self'"
    policy = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src {origin}; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    )
    return HTMLResponse(html, headers={**_PRIVATE, "Content-Security-Policy": policy})


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


@router.get(STATIC_URL + "/{name}", response_class=Response, include_in_schema=False)
async def static_file(name: str) -> Response:
    """The page's own script, style and the vendored tus-js-client (MIT, license alongside)."""
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise NotFound(f"no static file {name!r}")
    body = (PUBLIC / "static" / name).read_bytes()
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=media_type, headers=headers)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "further notice"


def _size(value: int) -> str:
    if value < 1024 * 1024:
        return f"{value} bytes"
    mib = value / (1024 * 1024)
    return f"{mib:.1f} MiB" if mib < 1024 else f"{mib / 1024:.1f} GiB"
