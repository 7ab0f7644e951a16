"""Sends one signed webhook with httpx, connected to an address that was just checked.

The host is resolved here, every address checked (`custody_platform.addresses`), and the
request goes to the checked IP itself, with the URL's host in the Host header and as the TLS
server name (httpcore's `sni_hostname` extension), so the certificate is still verified for
the host and a DNS answer that changes between the check and the connection is never used.
Redirects are not followed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
from custody_platform.addresses import Address, Reach, Target, checked, host_header
from custody_platform.errors import InvalidArgument

MAX_ERROR = 300


@dataclass(frozen=True)
class Attempt:
    status_code: int | None  # None: no answer (refused, unreachable, timed out)
    error: str | None
    seconds: float


class WebhookSender:
    def __init__(self, client: httpx.AsyncClient, reach: Reach) -> None:
        self._client = client
        self._reach = reach

    async def send(self, url: str, headers: dict[str, str], body: str) -> Attempt:
        started = time.monotonic()
        try:
            where, allowed = await checked(url, self._reach)
        except InvalidArgument as refused:
            return Attempt(None, f"refused before connecting: {refused.message}", 0.0)
        try:
            response = await self._post(where, allowed[0], headers, body)
        except httpx.HTTPError as failed:
            text = f"{type(failed).__name__}: {failed}"[:MAX_ERROR]
            return Attempt(None, text, time.monotonic() - started)
        error = None if response.is_success else f"answered {response.status_code}"
        return Attempt(response.status_code, error, time.monotonic() - started)

    async def _post(
        self, where: Target, address: Address, headers: dict[str, str], body: str
    ) -> httpx.Response:
        pinned = httpx.URL(where.url).copy_with(host=str(address), port=where.port)
        return await self._client.post(
            pinned,
            content=body.encode(),
            headers=headers | {"host": host_header(where)},
            extensions={"sni_hostname": where.host},
            follow_redirects=False,
        )
