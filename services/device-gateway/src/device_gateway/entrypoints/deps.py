"""What the HTTP routes depend on: the wired services and the authenticated device."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated

from custody_platform.errors import Unauthenticated
from custody_platform.unit_of_work import UnitOfWork
from fastapi import Depends, Request

from device_gateway.adapters.tokens import DeviceTokens
from device_gateway.domain.model import DeviceIdentity
from device_gateway.service_layer.checkin import CheckinPolicy
from device_gateway.service_layer.uploads import UploadContext


@dataclass(frozen=True)
class DeviceApi:
    uow: Callable[[], UnitOfWork]
    tokens: DeviceTokens
    uploads: UploadContext
    checkin: CheckinPolicy


def _api(request: Request) -> DeviceApi:
    api: DeviceApi = request.app.state.device_api
    return api


Api = Annotated[DeviceApi, Depends(_api)]


def _device(request: Request, api: Api) -> DeviceIdentity:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("a device access token is required")
    identity = api.tokens.verify(token.strip())
    return replace(identity, source_address=request.client.host if request.client else None)


CurrentDevice = Annotated[DeviceIdentity, Depends(_device)]


def source_address(request: Request) -> str | None:
    return request.client.host if request.client else None
