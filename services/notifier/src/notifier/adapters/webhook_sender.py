"""Sends one signed webhook with httpx, connected to an address that was just checked.

The host is resolved here, every address checked (`domain.addresses`), and the request goes
to the checked IP itself, with the URL's host in the Host header and as the TLS server name
(httpcore's `sni_hostname` extension), so the certificate is still verified for the host and
a DNS answer that changes between the check and the connection is never used. Redirects are
not followed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from dataclasses import dataclass

import httpx
from custody_platform.errors import InvalidArgument

from notifier.domain import addresses
from notifier.domain.addresses import Address, Reach, Target

MAX_ERROR = 300
RESOLVE_SECONDS = 5.0


@dataclass(frozen=True)
class Attempt:
    status_code: int | None  # None: no answer (refused, unreachable, timed out)
    error: str | None
    seconds: float


async def resolve(host: str, port: int) -> list[Address]:
    """Every address of the host (a literal IP is itself); a name lookup opens no connection."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        lookup = asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        found = await asyncio.wait_for(lookup, RESOLVE_SECONDS)
    except (OSError, TimeoutError, UnicodeError, ValueError):  # no such name, or no valid one
        return []
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))


async def checked(url: str, reach: Reach) -> tuple[Target, list[Address]]:
    """The URL's target and its allowed addresses, or InvalidArgument before any connection."""
    where = addresses.target(url, reach)
    return where, addresses.check(where.host, await resolve(where.host, where.port), reach)


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
            headers=headers | {"host": _host_header(where)},
            extensions={"sni_hostname": where.host},
            follow_redirects=False,
        )


def _host_header(where: Target) -> str:
    default = 443 if where.scheme == "https" else 80
    host = f"[{where.host}]" if ":" in where.host else where.host
    return host if where.port == default else f"{host}:{where.port}"
