"""tus 1.0 at /device/v1/uploads: creation (with upload), checksum, termination, expiration.
Every response carries Tus-Resumable; uploads are bound to the device's own commands."""

from __future__ import annotations

import uuid
from datetime import UTC
from email.utils import format_datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from device_gateway.adapters.orm import Upload
from device_gateway.domain.errors import TUS_VERSION, UnsupportedMediaType
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
from device_gateway.entrypoints.deps import Api, CurrentDevice
from device_gateway.service_layer import uploads

PREFIX = "/device/v1/uploads"


def _tus_version(request: Request) -> None:
    require_version(request.headers.get("tus-resumable"))


router = APIRouter(prefix=PREFIX, tags=["uploads"])
Versioned = Annotated[None, Depends(_tus_version)]


@router.options("")
async def discover(api: Api) -> Response:
    return Response(
        status_code=204,
        headers={
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": EXTENSIONS,
            "Tus-Max-Size": str(api.uploads.max_upload_bytes),
            "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
        },
    )


@router.post("", status_code=201)
async def create(request: Request, api: Api, device: CurrentDevice, _: Versioned) -> Response:
    length = parse_offset(request.headers.get("upload-length"), "Upload-Length")
    meta = upload_request(length, parse_metadata(request.headers.get("upload-metadata")))
    with_body = request.headers.get("content-type") == OFFSET_CONTENT_TYPE
    first = _chunk(request, offset=0) if with_body else None
    async with api.uow() as uow:
        upload = await uploads.create_upload(uow, api.uploads, device, meta, first)
        return Response(
            status_code=201, headers={"Location": f"{PREFIX}/{upload.id}", **_state(upload)}
        )


@router.head("/{upload_id}")
async def head_upload(
    upload_id: uuid.UUID, api: Api, device: CurrentDevice, _: Versioned
) -> Response:
    async with api.uow() as uow:
        upload = await uploads.upload_status(uow, device, upload_id)
        headers = {
            **_state(upload),
            "Upload-Length": str(upload.length),
            "Cache-Control": "no-store",
        }
        return Response(status_code=200, headers=headers)


@router.patch("/{upload_id}")
async def append(
    upload_id: uuid.UUID, request: Request, api: Api, device: CurrentDevice, _: Versioned
) -> Response:
    if request.headers.get("content-type") != OFFSET_CONTENT_TYPE:
        raise UnsupportedMediaType(f"Content-Type must be {OFFSET_CONTENT_TYPE}")
    chunk = _chunk(request, parse_offset(request.headers.get("upload-offset"), "Upload-Offset"))
    async with api.uow() as uow:
        upload = await uploads.append_chunk(uow, api.uploads, device, upload_id, chunk)
        return Response(status_code=204, headers=_state(upload))


@router.delete("/{upload_id}", status_code=204)
async def terminate(
    upload_id: uuid.UUID, api: Api, device: CurrentDevice, _: Versioned
) -> Response:
    async with api.uow() as uow:
        await uploads.terminate(uow, api.uploads, device, upload_id)
        return Response(status_code=204)


def _chunk(request: Request, offset: int) -> uploads.Chunk:
    declared = request.headers.get("content-length", "")
    return uploads.Chunk(
        offset=offset,
        body=request.stream(),
        length=int(declared) if declared.isdigit() else None,
        checksum=parse_checksum(request.headers.get("upload-checksum")),
    )


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
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            return await self.app(scope, receive, send)

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"tus-resumable", b"1.0.0")]
            await send(message)

        return await self.app(scope, receive, send_with_version)
