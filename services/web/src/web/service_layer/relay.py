"""The gateway's bytes sent on to the browser with the session's token: an item's verified
stream with the browser's Range (206 passed on), a download, a disclosure package."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

import httpx

from web.service_layer.api import Api
from web.service_layer.sessions import call

# What the browser is told of the relayed bytes; the rest of the gateway's headers stay behind.
RELAYED = (
    "content-type",
    "content-length",
    "content-range",
    "accept-ranges",
    "content-disposition",
    "x-content-sha256",
    "content-security-policy",
)


@dataclass
class Relay:
    """The gateway's answer, to be sent on: status, the headers kept, and the body, which
    closes the gateway's stream when it ends or the browser goes away."""

    status_code: int
    headers: dict[str, str]
    body: AsyncIterator[bytes]


async def relay(api: Api, path: str, range_header: str | None) -> Relay:
    stack = AsyncExitStack()
    asked = {"Range": range_header} if range_header else {}

    async def opened(token: str) -> httpx.Response:
        return await stack.enter_async_context(api.gateway.stream_bytes(path, token, asked))

    try:
        response = await call(api.store, api.gateway, api.session, opened)
    except BaseException:
        await stack.aclose()
        raise
    headers = {k: v for k, v in response.headers.items() if k.lower() in RELAYED}
    return Relay(response.status_code, headers, _body(response, stack))


async def _body(response: httpx.Response, stack: AsyncExitStack) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    finally:
        await stack.aclose()
