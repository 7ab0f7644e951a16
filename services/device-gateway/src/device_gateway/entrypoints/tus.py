"""tus 1.0: creation (with upload), checksum, termination, expiration. The same protocol is
served twice: devices at /device/v1/uploads (bound to their commands) and upload-grant
holders at /ingest/v1/uploads (bound to the grant's case). Every response carries
Tus-Resumable."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC
from email.utils import format_datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from device_gateway.adapters.orm import Upload
from device_gateway.domain.errors import (
    TUS_VERSION,
    BodyCutShort,
    TooManyUploads,
    UnsupportedMediaType,
)
from device_gateway.domain.grants import GrantHolder, GrantSource
from device_gateway.domain.model import UploadStatus
from device_gateway.domain.tus import (
    CHECKSUM_ALGORITHMS,
    EXTENSIONS,
    OFFSET_CONTENT_TYPE,
    parse_checksum,
    parse_metadata,
    parse_offset,
    require_version,
    upload_request,
)
from device_gateway.entrypoints.deps import (
    Api,
    DeviceApi,
    RequestUoW,
    authenticated_device,
    authenticated_grant,
)
from device_gateway.service_layer import uploads
from device_gateway.service_layer.completion import Owner

DEVICE_PREFIX = "/device/v1/uploads"
INGEST_PREFIX = "/ingest/v1/uploads"
PREFIXES = (DEVICE_PREFIX, INGEST_PREFIX)
# What a browser tus client must send and read across origins.
TUS_REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "Tus-Resumable",
    "Upload-Length",
    "Upload-Offset",
    "Upload-Metadata",
    "Upload-Checksum",
    "X-HTTP-Method-Override",
]
TUS_RESPONSE_HEADERS = [
    "Location",
    "Tus-Resumable",
    "Tus-Version",
    "Tus-Extension",
    "Tus-Max-Size",
    "Tus-Checksum-Algorithm",
    "Upload-Offset",
    "Upload-Length",
    "Upload-Expires",
    "Upload-Metadata",
]


def _tus_version(request: Request) -> None:
    require_version(request.headers.get("tus-resumable"))


# No `from __future__ import annotations` here: FastAPI must see the local Uploader alias.
Versioned = Annotated[None, Depends(_tus_version)]


def tus_router(prefix: str, owner: Callable[..., Awaitable[Any]]) -> APIRouter:
    """The tus routes under `prefix`, authenticating uploaders with the `owner` dependency."""
    router = APIRouter(prefix=prefix, tags=["uploads"])
    Uploader = Annotated[Owner, Depends(owner)]

    @router.options("")
    async def discover(api: Api) -> Response:
        return Response(status_code=204, headers=_capabilities(api))

    @router.post("", status_code=201)
    async def create(
        request: Request, api: Api, uow: RequestUoW, who: Uploader, _: Versioned
    ) -> Response:
        _rate_limit(api, who)
        length = parse_offset(request.headers.get("upload-length"), "Upload-Length")
        pairs = parse_metadata(request.headers.get("upload-metadata"))
        meta = upload_request(length, pairs, device=not isinstance(who, GrantHolder))
        with_body = request.headers.get("content-type") == OFFSET_CONTENT_TYPE
        first = _chunk(request, offset=0) if with_body else None
        upload = await uploads.create_upload(uow, api.uploads, who, meta, first)
        location = {"Location": f"{prefix}/{upload.id}"}
        return Response(status_code=201, headers={**location, **_state(upload)})

    @router.head("/{upload_id}")
    async def head_upload(
        upload_id: uuid.UUID, uow: RequestUoW, who: Uploader, _: Versioned
    ) -> Response:
        upload = await uploads.upload_status(uow, who, upload_id)
        headers = {
            **_state(upload),
            "Upload-Length": str(upload.length),
            "Cache-Control": "no-store",
        }
        return Response(status_code=200, headers=headers)

    @router.patch("/{upload_id}")
    async def append(
        upload_id: uuid.UUID,
        request: Request,
        api: Api,
        uow: RequestUoW,
        who: Uploader,
        _: Versioned,
    ) -> Response:
        if request.headers.get("content-type") != OFFSET_CONTENT_TYPE:
            raise UnsupportedMediaType(f"Content-Type must be {OFFSET_CONTENT_TYPE}")
        offset = parse_offset(request.headers.get("upload-offset"), "Upload-Offset")
        upload = await uploads.append_chunk(
            uow, api.uploads, who, upload_id, _chunk(request, offset)
        )
        return Response(status_code=204, headers=_state(upload))

    @router.delete("/{upload_id}", status_code=204)
    async def terminate(
        upload_id: uuid.UUID, api: Api, uow: RequestUoW, who: Uploader, _: Versioned
    ) -> Response:
        await uploads.terminate(uow, api.uploads, who, upload_id)
        return Response(status_code=204)

    return router


device_router = tus_router(DEVICE_PREFIX, authenticated_device)
ingest_router = tus_router(INGEST_PREFIX, authenticated_grant)


def _capabilities(api: DeviceApi) -> dict[str, str]:
    return {
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": EXTENSIONS,
        "Tus-Max-Size": str(api.uploads.max_upload_bytes),
        "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
    }


def _rate_limit(api: DeviceApi, who: Owner) -> None:
    """Public contributors may start only so many uploads per address and minute."""
    public = isinstance(who, GrantHolder) and who.source == GrantSource.PUBLIC
    if public and not api.public_uploads.allow(getattr(who, "source_address", None) or "-"):
        raise TooManyUploads("too many uploads from this address; retry in a minute")


def _chunk(request: Request, offset: int) -> uploads.Chunk:
    declared = request.headers.get("content-length", "")
    return uploads.Chunk(
        offset=offset,
        body=_body(request),
        length=int(declared) if declared.isdigit() else None,
        checksum=parse_checksum(request.headers.get("upload-checksum")),
    )


async def _body(request: Request) -> AsyncIterator[bytes]:
    try:
        async for piece in request.stream():
            yield piece
    except ClientDisconnect:
        raise BodyCutShort("the connection closed before the end of the body") from None


def _state(upload: Upload) -> dict[str, str]:
    headers = {"Upload-Offset": str(upload.offset)}
    if upload.status == UploadStatus.OPEN:
        headers["Upload-Expires"] = format_datetime(upload.expires_at.astimezone(UTC), usegmt=True)
    return headers


class TusResumableHeader:
    """Adds Tus-Resumable to every upload response, errors included (pure ASGI, so the
    request body still streams untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIXES):
            return await self.app(scope, receive, send)

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"tus-resumable", b"1.0.0")]
            await send(message)

        return await self.app(scope, receive, send_with_version)
