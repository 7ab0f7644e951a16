"""Where a webhook may go: an https URL whose host resolves only to public addresses.

Checked when an endpoint is saved and again before every delivery, on the addresses the
delivery then connects to (a name that resolved to a public address yesterday may resolve to
an internal one today). No I/O: the resolver is an adapter.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

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


@dataclass(frozen=True)
class Target:
    """A checked URL, split: the host to resolve and the port to connect to."""

    url: str
    scheme: str
    host: str
    port: int


@dataclass(frozen=True)
class Reach:
    """What this deployment lets a webhook reach: http and loopback are for tests only."""

    allow_http: bool = False
    allow_loopback: bool = False


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
    """Why a webhook may not connect to `address`, or None when it may."""
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
            raise InvalidArgument(f"url: {host} resolves to {why}, which webhooks may not reach")
    return addresses
