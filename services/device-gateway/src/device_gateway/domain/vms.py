"""VMS export locations: which base URLs a VMS device may name. Checked before any
connection, and again on every export (DNS may change)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from custody_platform.errors import InvalidArgument

WATCH_FOLDER_SCHEME = "watch-folder"
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}")
# Cloud metadata endpoints by name; their addresses are link-local or listed below.
_METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}
_METADATA_ADDRESSES = {
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}


def validate_vms_url(url: str) -> str:
    """The URL, or InvalidArgument: http(s) with a host and no credentials, or a watch folder
    name. The host's addresses are checked separately (refused_address) once resolved."""
    parts = urlsplit(url.strip())
    if parts.scheme == WATCH_FOLDER_SCHEME:
        if not _FOLDER_NAME.fullmatch(parts.netloc) or parts.path not in ("", "/"):
            raise InvalidArgument("watch-folder://<name>: a folder name under the watch root")
        return url.strip()
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidArgument("vms_base_url must be an http(s) URL with a host")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise InvalidArgument("vms_base_url must not carry credentials")
    if parts.query or parts.fragment:
        raise InvalidArgument("vms_base_url must not carry a query or fragment")
    if parts.hostname.lower().rstrip(".") in _METADATA_HOSTS:
        raise InvalidArgument("vms_base_url must not name a cloud metadata service")
    literal = _literal(parts.hostname)
    if literal is not None and refused_address(literal):
        raise InvalidArgument("vms_base_url must not be a link-local or metadata address")
    return url.strip().rstrip("/")


def refused_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Link-local (169.254/16 holds the usual metadata service), multicast, unspecified."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address in _METADATA_ADDRESSES
    )


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
