"""tus 1.0 routes: creation (with upload), checksum, termination, expiration. The same
protocol is served twice: devices at /device/v1/uploads (bound to their commands) and
upload-grant holders at /ingest/v1/uploads (bound to the grant's case); the dependency of
each resolves the uploader to the target its uploads answer. Each route commits its own
unit of work."""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from custody_platform.unit_of_work import UnitOfWork
from fastapi import APIRouter, Depends, Request, Response

from device_gateway.domain.errors import TooManyUploads, UnsupportedMediaType
from device_gateway.domain.tus import (
    OFFSET_CONTENT_TYPE,
    parse_metadata,
    parse_offset,
    require_version,
)
from device_gateway.entrypoints import tus_http
from device_gateway.entrypoints.deps import (
    Api,
    DeviceApi,
    RequestUoW,
    device_uploads,
    grant_uploads,
)
from device_gateway.entrypoints.openapi import TUS_ACTIONS, tus_route
from device_gateway.entrypoints.tus_http import DEVICE_PREFIX, INGEST_PREFIX
from device_gateway.service_layer import uploads
from device_gateway.service_layer.targets import UploadTarget


async def _tus_version(request: Request) -> None:  # async: no thread pool hop
    require_version(request.headers.get("tus-resumable"))


# No `from __future__ import annotations` here: FastAPI must see the local Target alias.
Versioned = Annotated[None, Depends(_tus_version)]


@dataclass(frozen=True)
class TusCall:
    """What every versioned tus route works with."""

    api: DeviceApi
    uow: UnitOfWork
    target: UploadTarget


def tus_router(prefix: str, resolve: Callable[..., Awaitable[UploadTarget]], who: str) -> APIRouter:
    """The tus routes under `prefix`, for the uploaders the `resolve` dependency accepts;
    `who` names their operations (``create_device_upload``)."""
    Target = Annotated[UploadTarget, Depends(resolve)]

    async def tus_call(api: Api, uow: RequestUoW, target: Target, _: Versioned) -> TusCall:
        return TusCall(api, uow, target)

    Call = Annotated[TusCall, Depends(tus_call)]

    async def create(request: Request, call: Call) -> Response:
        return await create_upload(call, request, prefix)

    async def head_upload(upload_id: uuid.UUID, call: Call) -> Response:
        return await upload_offset(call, upload_id)

    async def append(upload_id: uuid.UUID, request: Request, call: Call) -> Response:
        return await append_chunk(call, upload_id, request)

    async def terminate(upload_id: uuid.UUID, call: Call) -> Response:
        return await terminate_upload(call, upload_id)

    router = APIRouter(prefix=prefix, tags=["uploads"])
    endpoints: tuple[Callable[..., Any], ...] = (discover, create, head_upload, append, terminate)
    for action, endpoint in zip(TUS_ACTIONS, endpoints, strict=True):
        router.add_api_route(**tus_route(who, action), endpoint=endpoint)
    return router


async def discover(api: Api) -> Response:
    return Response(status_code=204, headers=tus_http.capabilities(api.uploads))


async def create_upload(call: TusCall, request: Request, prefix: str) -> Response:
    """Creation, with the first chunk when the body carries one; a failure before the
    commit leaves nothing behind."""
    await _rate_limit(call.api, call.target)
    length = parse_offset(request.headers.get("upload-length"), "Upload-Length")
    meta = call.target.upload_request(
        length, parse_metadata(request.headers.get("upload-metadata"))
    )
    with_body = request.headers.get("content-type") == OFFSET_CONTENT_TYPE
    first = tus_http.chunk(request, offset=0) if with_body else None
    ctx = call.api.uploads
    upload = await uploads.create_upload(call.uow, ctx, call.target, meta)
    try:
        written = await uploads.write(call.uow, ctx, call.target, upload, first)
        await call.uow.commit()
    except BaseException:
        ctx.staging.discard(upload.staging_name)
        raise
    upload = uploads.settle(ctx, written)
    location = {"Location": f"{prefix}/{upload.id}"}
    return Response(status_code=201, headers={**location, **tus_http.state(upload)})


async def upload_offset(call: TusCall, upload_id: uuid.UUID) -> Response:
    upload = await uploads.upload_status(call.uow, call.target, upload_id)
    headers = {
        **tus_http.state(upload),
        "Upload-Length": str(upload.length),
        "Cache-Control": "no-store",
    }
    return Response(status_code=200, headers=headers)


async def append_chunk(call: TusCall, upload_id: uuid.UUID, request: Request) -> Response:
    if request.headers.get("content-type") != OFFSET_CONTENT_TYPE:
        raise UnsupportedMediaType(f"Content-Type must be {OFFSET_CONTENT_TYPE}")
    offset = parse_offset(request.headers.get("upload-offset"), "Upload-Offset")
    chunk = tus_http.chunk(request, offset)
    ctx = call.api.uploads
    written = await uploads.append_chunk(call.uow, ctx, call.target, upload_id, chunk)
    await call.uow.commit()
    upload = uploads.settle(ctx, written)
    return Response(status_code=204, headers=tus_http.state(upload))


async def terminate_upload(call: TusCall, upload_id: uuid.UUID) -> Response:
    written = await uploads.terminate(call.uow, call.target, upload_id)
    await call.uow.commit()
    uploads.settle(call.api.uploads, written)
    return Response(status_code=204)


async def _rate_limit(api: DeviceApi, target: UploadTarget) -> None:
    """Public contributors may start only so many uploads per address and minute, counted
    together by every instance of the device gateway."""
    if not target.public:
        return
    verdict = await api.public_uploads.hit(f"public-upload:{target.source_address or '-'}")
    if not verdict.allowed:
        raise TooManyUploads("too many uploads from this address; retry later", verdict.retry_after)


device_router = tus_router(DEVICE_PREFIX, device_uploads, "device")
ingest_router = tus_router(INGEST_PREFIX, grant_uploads, "ingest")
