"""1,000 chunks with a wrong checksum: every one is refused with 460 and moves nothing."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import random

import httpx
import pytest
from custody_platform.runtime import ServiceRuntime

from .conftest import Device, GatewayProcesses, enrolled, queue_export

pytestmark = pytest.mark.integration
UPLOADS = 10  # in parallel, each taking 100 bad chunks between its good ones
CHUNKS = 4
BAD_PER_CHUNK = 25
CHUNK = 1024
OCTETS = "application/offset+octet-stream"


def checksum(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


def metadata(**pairs: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in pairs.items())


async def storm(
    client: httpx.AsyncClient, runtime: ServiceRuntime, device: Device, seed: int
) -> tuple[list[int], str, bytes]:
    """One upload: before each good chunk, BAD_PER_CHUNK tampered copies of it."""
    command_id = await queue_export(runtime, device)
    data = random.Random(seed).randbytes(CHUNKS * CHUNK)
    sha = hashlib.sha256(data).hexdigest()
    created = await client.post(
        "/device/v1/uploads",
        headers={
            "Upload-Length": str(len(data)),
            "Upload-Metadata": metadata(command_id=str(command_id), sha256=sha),
        },
    )
    location, statuses = created.headers["location"], []
    for offset in range(0, len(data), CHUNK):
        chunk = data[offset : offset + CHUNK]
        headers = {
            "Content-Type": OCTETS,
            "Upload-Offset": str(offset),
            "Upload-Checksum": checksum(chunk),  # the true chunk's: the body is tampered
        }
        for bad in range(BAD_PER_CHUNK):
            tampered = bytearray(chunk)
            tampered[(seed * 31 + bad) % CHUNK] ^= 0xFF
            response = await client.patch(
                location,
                content=bytes(tampered),
                headers={**headers, "Upload-Checksum": checksum(chunk)},
            )
            statuses.append(response.status_code)
        head = await client.head(location)
        assert head.headers["upload-offset"] == str(offset)  # nothing of them counted
        good = await client.patch(location, content=chunk, headers=headers)
        assert good.status_code == 204, good.text
    return statuses, location, data


async def test_bad_checksums_are_all_refused_and_offsets_never_move(
    gateway: GatewayProcesses, runtime: ServiceRuntime
) -> None:
    device = await enrolled(runtime, gateway.url)
    auth = {"Authorization": f"Bearer {device.token(gateway.url)}", "Tus-Resumable": "1.0.0"}
    async with httpx.AsyncClient(base_url=gateway.url, headers=auth, timeout=60) as client:
        results = await asyncio.gather(
            *(storm(client, runtime, device, seed) for seed in range(UPLOADS))
        )
    statuses = [status for result in results for status in result[0]]
    assert len(statuses) == 1000 and set(statuses) == {460}
    for _, location, data in results:
        upload_id = location.rsplit("/", 1)[1]
        stored = gateway.settings.object_store_path / "uploads" / upload_id
        assert stored.read_bytes() == data
