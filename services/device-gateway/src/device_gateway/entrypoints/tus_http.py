"""tus 1.0 over HTTP, apart from the routes: the headers a browser may send and read, the
server's capabilities, a request body as a chunk, an upload's state as headers, and the
Tus-Resumable header on every upload response."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC
from email.utils import format_datetime

from fastapi import Request
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from device_gateway.adapters.orm import Upload
from device_gateway.domain.errors import TUS_VERSION, BodyCutShort
from device_gateway.domain.model import UploadStatus
from device_gateway.domain.tus import CHECKSUM_ALGORITHMS, EXTENSIONS, parse_checksum
from device_gateway.service_layer.uploads import Chunk, UploadContext

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


def capabilities(ctx: UploadContext) -> dict[str, str]:
    return {
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": EXTENSIONS,
        "Tus-Max-Size": str(ctx.max_upload_bytes),
        "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
    }


def chunk(request: Request, offset: int) -> Chunk:
    declared = request.headers.get("content-length", "")
    return Chunk(
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


def state(upload: Upload) -> dict[str, str]:
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
