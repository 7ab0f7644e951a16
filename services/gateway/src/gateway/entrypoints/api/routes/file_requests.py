"""Getting files into a case: public file requests (a link and QR code anyone can upload
through) and upload grants for the organization's own people (direct and bulk upload).
Both end at the device gateway's tus endpoint, authenticated by the grant's token."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from custody_contracts.grpc import devices_pb2, evidence_pb2
from custody_platform.grpc.client import call_metadata
from custody_platform.grpc.fields import read_time, timestamp
from fastapi import APIRouter

from gateway.entrypoints.api.deps import (
    CurrentPrincipal,
    LifetimesDep,
    LinksDep,
    SourceAddress,
    UpstreamDep,
)
from gateway.entrypoints.api.responses import CHANGE, GUARDED, NOT_FOUND, UPSTREAM
from gateway.entrypoints.api.schemas.sharing import (
    FileRequestCreate,
    FileRequestCreated,
    FileRequestPublic,
    FileRequestsPublic,
    UploadGrantCreate,
    UploadGrantCreated,
    file_request_public,
    file_requests_public,
)

router = APIRouter(tags=["uploads"], responses=UPSTREAM)
DIRECT_GRANT_LIFETIME = timedelta(hours=24)


@router.post("/cases/{case_id}/file-requests", status_code=201, responses=CHANGE)
async def create_file_request(
    case_id: uuid.UUID,
    body: FileRequestCreate,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    links: LinksDep,
    source: SourceAddress,
    lifetimes: LifetimesDep,
) -> FileRequestCreated:
    """The token is shown once, inside the page URL and QR codes; uploads through it become
    evidence with source "public", and the contributor never sees the case. It expires at
    most UPLOAD_GRANT_MAX_DAYS ahead (30 by default)."""
    lifetimes.check(body.expires_at, lifetimes.upload_grant, "expires_at")
    created = await upstream.evidence.CreateFileRequest(
        evidence_pb2.CreateFileRequestRequest(
            case_id=str(case_id),
            title=body.title,
            instructions=body.instructions,
            consent_text=body.consent_text,
            expires_at=timestamp(body.expires_at),
            max_files=body.max_files,
            max_bytes_per_file=body.max_bytes_per_file,
            max_total_bytes=body.max_total_bytes,
            allowed_media_types=body.allowed_media_types,
            ask_contributor=body.ask_contributor,
            source_address=source or "",
        ),
        metadata=call_metadata(principal),
    )
    page = links.file_request(created.token)
    return FileRequestCreated(
        file_request=file_request_public(created.file_request),
        token=created.token,
        url=page,
        qr_png_url=f"{page}/qr.png",
        qr_svg_url=f"{page}/qr.svg",
    )


@router.get("/cases/{case_id}/file-requests", responses=NOT_FOUND)
async def list_file_requests(
    case_id: uuid.UUID, principal: CurrentPrincipal, upstream: UpstreamDep
) -> FileRequestsPublic:
    """The case's public file requests, with their status."""
    found = await upstream.evidence.ListFileRequests(
        evidence_pb2.ListFileRequestsRequest(case_id=str(case_id)),
        metadata=call_metadata(principal),
    )
    return file_requests_public(found)


@router.delete("/file-requests/{file_request_id}", responses=GUARDED)
async def revoke_file_request(
    file_request_id: uuid.UUID,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    source: SourceAddress,
) -> FileRequestPublic:
    """The link stops working at once, uploads in progress included."""
    found = await upstream.evidence.RevokeFileRequest(
        evidence_pb2.RevokeFileRequestRequest(id=str(file_request_id), source_address=source or ""),
        metadata=call_metadata(principal),
    )
    return file_request_public(found)


@router.post("/cases/{case_id}/uploads", status_code=201, responses=CHANGE)
async def create_upload_grant(
    case_id: uuid.UUID,
    body: UploadGrantCreate,
    principal: CurrentPrincipal,
    upstream: UpstreamDep,
    links: LinksDep,
    lifetimes: LifetimesDep,
) -> UploadGrantCreated:
    """A direct upload grant: evidence checks the caller may add to the case, the device
    gateway issues the token; `source` says what made the uploads (an API client, the web
    app's upload page, field capture). Upload any number of files (within the limits) with
    tus until it expires (24 hours by default, at most UPLOAD_GRANT_MAX_DAYS ahead)."""
    lifetimes.check(body.expires_at, lifetimes.upload_grant, "expires_at")
    metadata = call_metadata(principal)
    await upstream.evidence.AuthorizeUpload(
        evidence_pb2.AuthorizeUploadRequest(case_id=str(case_id)), metadata=metadata
    )
    expires_at = body.expires_at or datetime.now(UTC) + DIRECT_GRANT_LIFETIME
    created = await upstream.devices.CreateUploadGrant(
        devices_pb2.CreateUploadGrantRequest(
            case_id=str(case_id),
            source=body.source,
            expires_at=timestamp(expires_at),
            max_files=body.max_files,
            max_bytes_per_file=body.max_bytes_per_file,
            max_total_bytes=body.max_total_bytes,
            allowed_media_types=body.allowed_media_types,
        ),
        metadata=metadata,
    )
    return UploadGrantCreated(
        grant_id=uuid.UUID(created.grant.id),
        case_id=case_id,
        expires_at=read_time(created.grant, "expires_at"),
        tus_url=links.tus(),
        token=created.token,
    )
