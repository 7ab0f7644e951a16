"""The organization's devices as the device pages and the home page read them."""

from __future__ import annotations

from web.domain.devices import Device
from web.service_layer.api import Api


async def devices(api: Api) -> list[Device]:
    """The devices that are not revoked, by name, each with its waiting video requests."""
    return [Device.model_validate(found) for found in await api.get_json("/devices")]
