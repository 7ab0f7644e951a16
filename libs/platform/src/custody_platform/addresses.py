"""Where an outgoing request may go (SSRF): an https URL whose host resolves only to public
addresses. Webhooks (notifier, decision 0025) and organizations' identity providers (gateway,
decision 0037) are checked with it when they are saved and again before every connection, on
the addresses the connection then uses (a name that resolved to a public address yesterday may
resolve to an internal one today).

`target`, `refusal` and `check` do no I/O; `resolve` looks a name up (no connection), `checked`
does both, and `pinned_request` sends a request to the checked address itself.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from custody_platform.errors import InvalidArgument

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL = 2000
# Cloud instance metadata services; most are link-local or unique-local anyway, named here so
# that a refusal says what it refused.
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
RESOLVE_SECONDS = 5.0


@dataclass(frozen=True)
class Target:
    """A checked URL, split: the host to resolve and the port to connect to."""

    url: str
    scheme: str
    host: str
    port: int


@dataclass(frozen=True)
class Reach:
    """What this deployment lets outgoing requests reach: http and loopback are for tests only.
    ``what`` names the callers in refusals ("webhooks", "identity providers")."""

    allow_http: bool = False
    allow_loopback: bool = False
    what: str = "webhooks"


def target(url: str, reach: Reach) -> Target:
    """The URL's parts, or InvalidArgument before any lookup or connection."""
    url = url.strip()
    if len(url) > MAX_URL:
        raise InvalidArgument(f"url: at most {MAX_URL} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as bad:
        raise InvalidArgument(f"url: {bad}") from None
    schemes = ("https", "http") if reach.allow_http else ("https",)
    if parts.scheme not in schemes:
        raise InvalidArgument("url: must be an https URL")
    if not parts.hostname or parts.username or parts.password:
        raise InvalidArgument("url: needs a host and no user or password")
    default = 443 if parts.scheme == "https" else 80
    return Target(url, parts.scheme, parts.hostname, port or default)


def refusal(address: Address, reach: Reach) -> str | None:
    """Why a request may not connect to `address`, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or (
            ipaddress.IPv4Address(address.packed[-4:]) if address in NAT64 else None
        )
        if embedded is not None:
            return refusal(embedded, reach)
    if address.is_loopback:
        return None if reach.allow_loopback else "a loopback address"
    if address in METADATA:
        return "a cloud metadata address"
    for name, hit in _KINDS:
        if hit(address):
            return name
    return None if address.is_global else "not a public address"


_KINDS = (
    ("a link-local address", lambda a: a.is_link_local),
    ("a multicast address", lambda a: a.is_multicast),
    ("an unspecified address", lambda a: a.is_unspecified),
    ("a reserved address", lambda a: a.is_reserved),
    ("a private address", lambda a: a.is_private),  # RFC 1918, unique-local fc00::/7, ...
)


def check(host: str, addresses: list[Address], reach: Reach) -> list[Address]:
    """Every address the host resolved to must be allowed (a mix is refused whole)."""
    if not addresses:
        raise InvalidArgument(f"url: {host} does not resolve")
    for address in addresses:
        why = refusal(address, reach)
        if why is not None:
            raise InvalidArgument(
                f"url: {host} resolves to {why}, which {reach.what} may not reach"
            )
    return addresses


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
    where = target(url, reach)
    return where, check(where.host, await resolve(where.host, where.port), reach)


async def pinned_request(
    client: httpx.AsyncClient, method: str, url: str, reach: Reach, **kwargs: Any
) -> httpx.Response:
    """One request to a URL checked just now, sent to the checked IP itself with the URL's
    host in the Host header and as the TLS server name (httpcore's ``sni_hostname``), so the
    certificate is verified for the host and a DNS answer that changes after the check is
    never used. Redirects are not followed. InvalidArgument before any connection."""
    where, allowed = await checked(url, reach)
    pinned = httpx.URL(where.url).copy_with(host=str(allowed[0]), port=where.port)
    headers = dict(kwargs.pop("headers", None) or {}) | {"host": host_header(where)}
    return await client.request(
        method,
        pinned,
        headers=headers,
        extensions={"sni_hostname": where.host},
        follow_redirects=False,
        **kwargs,
    )


def host_header(where: Target) -> str:
    default = 443 if where.scheme == "https" else 80
    host = f"[{where.host}]" if ":" in where.host else where.host
    return host if where.port == default else f"{host}:{where.port}"
