"""A VMS reached over HTTP: `GET <base>/exports?camera=&start=&end=` streams the recording.
The host is resolved and checked before connecting, and the connection goes to the checked
address (no second lookup an attacker's DNS could answer differently)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import AsyncIterator
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import httpx

from device_gateway.adapters.vms import NoRecording, VmsExport, VmsUnavailable
from device_gateway.domain.tus import safe_filename
from device_gateway.domain.vms import refused_address, validate_vms_url

CHUNK = 1 << 20


class HttpVmsConnector:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = validate_vms_url(base_url)
        self.timeout = timeout

    async def export(self, camera_ref: str, start: datetime, end: datetime) -> VmsExport:
        url, host = await self._pinned_url()
        client = httpx.AsyncClient(timeout=self.timeout, headers={"Host": host})
        params = {"camera": camera_ref, "start": start.isoformat(), "end": end.isoformat()}
        try:
            request = client.build_request("GET", f"{url}/exports", params=params)
            response = await client.send(request, stream=True)
        except httpx.HTTPError as exc:
            await client.aclose()
            raise VmsUnavailable(f"VMS unreachable: {exc}") from exc
        if response.status_code != 200:
            await response.aclose()
            await client.aclose()
            if response.status_code == 404:
                raise NoRecording(f"no recording of {camera_ref} for the range")
            raise VmsUnavailable(f"VMS answered {response.status_code}")
        length = response.headers.get("content-length", "")
        return VmsExport(
            filename=safe_filename(response.headers.get("x-filename", f"{camera_ref}.mp4")),
            content_type=response.headers.get("content-type", "application/octet-stream"),
            length=int(length) if length.isdigit() else None,
            chunks=_stream(client, response),
        )

    async def _pinned_url(self) -> tuple[str, str]:
        """The base URL with its host replaced by a checked address; the original Host."""
        parts = urlsplit(self.base_url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
        if not addresses or any(refused_address(a) for a in addresses):
            raise VmsUnavailable(f"{host} resolves to a refused address")
        address = addresses[0]
        literal = f"[{address}]" if address.version == 6 else str(address)
        netloc = f"{literal}:{port}"
        if parts.scheme == "https":  # TLS must verify the name: keep it, checked above
            netloc = parts.netloc
        host_header = parts.netloc
        return urlunsplit((parts.scheme, netloc, parts.path, "", "")), host_header


async def _stream(client: httpx.AsyncClient, response: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes(CHUNK):
            yield chunk
    except httpx.HTTPError as exc:
        raise VmsUnavailable(f"VMS export interrupted: {exc}") from exc
    finally:
        await response.aclose()
        await client.aclose()
