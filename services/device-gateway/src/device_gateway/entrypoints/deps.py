"""What the HTTP routes depend on: the wired services, the request's unit of work (opened
here, committed by the route) and the authenticated uploader (a device, or the holder of an
upload grant), resolved for tus to the target its uploads answer. Both are checked against
the database on every request, so revoking a device or a grant takes effect at once. The
check reads in the request's own transaction, which the route then goes on using: one
connection and one transaction per request."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from typing import Annotated

from custody_platform.errors import Unauthenticated
from custody_platform.ratelimit import RateLimiter
from custody_platform.unit_of_work import UnitOfWork
from fastapi import Depends, Request

from device_gateway.adapters import repository
from device_gateway.adapters.tokens import DeviceTokens
from device_gateway.domain.grants import TOKEN_PREFIX
from device_gateway.domain.model import DeviceIdentity
from device_gateway.service_layer import grants
from device_gateway.service_layer.checkin import CheckinPolicy
from device_gateway.service_layer.export_target import ExportTarget
from device_gateway.service_layer.grant_target import GrantTarget
from device_gateway.service_layer.targets import UploadTarget
from device_gateway.service_layer.uploads import UploadContext


@dataclass(frozen=True)
class DeviceApi:
    uow: Callable[[], UnitOfWork]
    tokens: DeviceTokens
    uploads: UploadContext
    checkin: CheckinPolicy
    public_uploads: RateLimiter  # per source address, counted in Postgres by every instance


async def _api(request: Request) -> DeviceApi:
    # async: FastAPI would run a plain function in its thread pool, a hop on every request.
    api: DeviceApi = request.app.state.device_api
    return api


Api = Annotated[DeviceApi, Depends(_api)]


async def _request_uow(api: Api) -> AsyncIterator[UnitOfWork]:
    async with api.uow() as uow:
        yield uow


RequestUoW = Annotated[UnitOfWork, Depends(_request_uow)]


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("a bearer token is required")
    return token.strip()


async def authenticated_device(request: Request, api: Api, uow: RequestUoW) -> DeviceIdentity:
    return await _device(request, api, uow)


async def authenticated_device_briefly(request: Request, api: Api) -> DeviceIdentity:
    """For the long-polling check-in: its own short transaction, so no connection is held
    while the request waits."""
    async with api.uow() as uow:
        return await _device(request, api, uow)


async def device_uploads(request: Request, api: Api, uow: RequestUoW) -> UploadTarget:
    """A device uploads the recordings its export commands ask for."""
    device = await _device(request, api, uow)
    return ExportTarget(device, max_open_uploads=api.uploads.max_device_uploads)


async def grant_uploads(request: Request, api: Api, uow: RequestUoW) -> UploadTarget:
    """An upload grant's holder uploads into the grant's case."""
    token = _bearer(request)
    if not token.startswith(TOKEN_PREFIX):
        raise Unauthenticated("an upload grant token is required")
    return GrantTarget(await grants.resolve_token(uow, token, source_address(request)))


async def _device(request: Request, api: DeviceApi, uow: UnitOfWork) -> DeviceIdentity:
    identity = api.tokens.verify(_bearer(request))
    device = await repository.device(uow.session, identity.device_id)
    if device is None or device.revoked:
        raise Unauthenticated("unknown or revoked device")
    return replace(identity, source_address=source_address(request))


CurrentDevice = Annotated[DeviceIdentity, Depends(authenticated_device)]
WaitingDevice = Annotated[DeviceIdentity, Depends(authenticated_device_briefly)]


def source_address(request: Request) -> str | None:
    return request.client.host if request.client else None
