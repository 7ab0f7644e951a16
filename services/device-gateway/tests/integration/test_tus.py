from __future__ import annotations

import asyncio
import base64
import hashlib
import random
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.runtime import ServiceParts, ServiceRuntime
from prometheus_client import REGISTRY

from .conftest import (
    EnrolledDevice,
    enrolled_device,
    execute,
    outbox,
    queued_command,
    scalar,
    sha256_hex,
    tus_metadata,
)

pytestmark = pytest.mark.integration
UPLOADS = "/device/v1/uploads"
DATA = bytes(range(256)) * 40  # 10 KiB
TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = {**TUS, "Content-Type": "application/offset+octet-stream"}


def chunk_checksum(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


async def create(
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
    *,
    data: bytes = DATA,
    sha256: str | None = None,
    length: int | None = None,
) -> httpx.Response:
    headers = {
        **TUS,
        **device.headers,
        "Upload-Length": str(len(data) if length is None else length),
        "Upload-Metadata": tus_metadata(
            command_id=command_id,
            filename="dock.mp4",
            filetype="video/mp4",
            sha256=sha256 or sha256_hex(data),
        ),
    }
    return await client.post(UPLOADS, headers=headers)


async def patch(
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    url: str,
    offset: int,
    body: bytes,
    **extra: str,
) -> httpx.Response:
    headers = {**OCTETS, **device.headers, "Upload-Offset": str(offset), **extra}
    return await client.patch(url, content=body, headers=headers)


async def head(client: httpx.AsyncClient, device: EnrolledDevice, url: str) -> httpx.Response:
    return await client.head(url, headers={**TUS, **device.headers})


@pytest.fixture
async def command_id(parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice) -> str:
    return await queued_command(parts, client, device)


def store(parts: ServiceParts) -> FilesystemObjectStore:
    return parts.http_app.state.device_api.uploads.store  # type: ignore[union-attr,no-any-return]


def staging_dir(parts: ServiceParts) -> Path:
    return parts.http_app.state.device_api.uploads.staging.root  # type: ignore[union-attr,no-any-return]


async def test_options_advertises_the_protocol(client: httpx.AsyncClient) -> None:
    response = await client.options(UPLOADS)
    assert response.status_code == 204
    assert response.headers["tus-version"] == "1.0.0"
    assert response.headers["tus-resumable"] == "1.0.0"
    assert set(response.headers["tus-extension"].split(",")) == {
        "creation",
        "creation-with-upload",
        "checksum",
        "termination",
        "expiration",
    }
    assert "sha256" in response.headers["tus-checksum-algorithm"].split(",")
    assert response.headers["tus-max-size"] == str(8 << 20)


async def test_creation_rules(
    client: httpx.AsyncClient, device: EnrolledDevice, command_id: str
) -> None:
    old = await client.post(UPLOADS, headers={**device.headers, "Tus-Resumable": "0.2.2"})
    assert old.status_code == 412 and old.headers["tus-version"] == "1.0.0"
    assert old.headers["tus-resumable"] == "1.0.0"
    no_length = await client.post(UPLOADS, headers={**TUS, **device.headers})
    assert no_length.status_code == 422
    too_big = await create(client, device, command_id, length=(8 << 20) + 1)
    assert too_big.status_code == 413 and too_big.headers["tus-resumable"] == "1.0.0"
    unknown = await create(client, device, str(uuid.uuid4()))
    assert unknown.status_code == 404
    no_auth = await client.post(UPLOADS, headers=TUS)
    assert no_auth.status_code == 401 and no_auth.headers["tus-resumable"] == "1.0.0"


async def test_chunks_resume_at_the_confirmed_offset_and_bad_chunks_change_nothing(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
) -> None:
    created = await create(client, device, command_id)
    assert created.status_code == 201 and created.headers["upload-offset"] == "0"
    url = created.headers["location"]
    assert url.startswith(f"{UPLOADS}/") and "upload-expires" in created.headers
    first = DATA[:4096]
    ok = await patch(client, device, url, 0, first, **{"Upload-Checksum": chunk_checksum(first)})
    assert ok.status_code == 204 and ok.headers["upload-offset"] == "4096"
    partial = await head(client, device, url)
    assert partial.status_code == 200
    assert (partial.headers["upload-offset"], partial.headers["upload-length"]) == (
        "4096",
        str(len(DATA)),
    )
    assert (
        partial.headers["cache-control"] == "no-store"
        and partial.headers["tus-resumable"] == "1.0.0"
    )

    rest = DATA[4096:]
    wrong_offset = await patch(client, device, url, 0, rest)
    assert wrong_offset.status_code == 409
    bad_sum = await patch(
        client, device, url, 4096, rest, **{"Upload-Checksum": chunk_checksum(b"x")}
    )
    assert bad_sum.status_code == 460 and bad_sum.headers["tus-resumable"] == "1.0.0"
    too_long = await patch(client, device, url, 4096, rest + b"extra")
    assert too_long.status_code == 413
    wrong_type = await client.patch(
        url,
        content=rest,
        headers={
            **TUS,
            **device.headers,
            "Upload-Offset": "4096",
            "Content-Type": "application/octet-stream",
        },
    )
    assert wrong_type.status_code == 415
    assert (await head(client, device, url)).headers["upload-offset"] == "4096"
    upload_id = url.rsplit("/", 1)[1]
    assert (staging_dir(parts) / f"{upload_id}.part").stat().st_size == 4096
    assert not store(parts).exists(f"uploads/{upload_id}")

    done = await patch(client, device, url, 4096, rest, **{"Upload-Checksum": chunk_checksum(rest)})
    assert done.status_code == 204 and done.headers["upload-offset"] == str(len(DATA))
    await assert_stored(runtime, parts, device, upload_id, command_id)
    completed = await head(client, device, url)
    assert completed.status_code == 200 and completed.headers["upload-offset"] == str(len(DATA))
    assert (await patch(client, device, url, len(DATA), b"")).status_code == 409


async def assert_stored(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    device: EnrolledDevice,
    upload_id: str,
    command_id: str,
) -> None:
    assert store(parts).read_bytes(f"uploads/{upload_id}") == DATA
    assert not (staging_dir(parts) / f"{upload_id}.part").exists()
    [uploaded] = await outbox(runtime, "device_gateway.video_uploaded.v1", device.id)
    assert uploaded["upload_id"] == upload_id and uploaded["sha256"] == sha256_hex(DATA)
    assert uploaded["object_key"] == f"uploads/{upload_id}" and uploaded["size"] == len(DATA)
    assert uploaded["export"]["owner_org_id"] == str(device.org_id)
    assert (uploaded["filename"], uploaded["content_type"]) == ("dock.mp4", "video/mp4")
    created, completed = await outbox(runtime, "audit.record.v1", upload_id)
    assert (created["action"], completed["action"]) == ("upload.created", "upload.completed")
    assert completed["object_hash"] == sha256_hex(DATA) and completed["actor_type"] == "device"
    status = "SELECT status FROM device_gateway.commands WHERE id = :id"
    assert await scalar(runtime, status, id=uuid.UUID(command_id)) == "completed"


async def test_creation_with_upload_stores_a_small_file_in_one_request(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
) -> None:
    headers = {
        **OCTETS,
        **device.headers,
        "Upload-Length": str(len(DATA)),
        "Upload-Metadata": tus_metadata(
            command_id=command_id,
            filename="dock.mp4",
            filetype="video/mp4",
            sha256=sha256_hex(DATA),
        ),
    }
    created = await client.post(UPLOADS, headers=headers, content=DATA)
    assert created.status_code == 201 and created.headers["upload-offset"] == str(len(DATA))
    await assert_stored(
        runtime, parts, device, created.headers["location"].rsplit("/", 1)[1], command_id
    )
    closed = await create(client, device, command_id)
    assert closed.status_code == 409 and closed.json()["current_state"] == "completed"


async def test_declared_sha256_mismatch_stores_nothing_and_keeps_the_command_open(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
) -> None:
    created = await create(client, device, command_id, sha256=sha256_hex(b"another file"))
    url = created.headers["location"]
    upload_id = url.rsplit("/", 1)[1]
    failed = _ended("failed")
    final = await patch(client, device, url, 0, DATA)
    assert final.status_code == 460
    assert _ended("failed") == failed + 1
    assert not store(parts).exists(f"uploads/{upload_id}")
    assert not (staging_dir(parts) / f"{upload_id}.part").exists()
    assert (await head(client, device, url)).status_code == 410
    assert await outbox(runtime, "device_gateway.video_uploaded.v1", device.id) == []
    status = "SELECT status FROM device_gateway.commands WHERE id = :id"
    assert await scalar(runtime, status, id=uuid.UUID(command_id)) == "delivered"
    retry = await create(client, device, command_id)  # the device may try again
    assert retry.status_code == 201


def _ended(outcome: str) -> float:
    labels = {"service": "device-gateway", "outcome": outcome}
    return REGISTRY.get_sample_value("custody_uploads_ended_total", labels) or 0.0


async def test_termination_expiry_and_other_devices(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
) -> None:
    url = (await create(client, device, command_id)).headers["location"]
    other = await enrolled_device(runtime, client, org_id=device.org_id)
    assert (await head(client, other, url)).status_code == 404
    assert (await patch(client, other, url, 0, DATA)).status_code == 404
    assert (await create(client, other, command_id)).status_code == 404  # not its command
    terminated = _ended("terminated")
    deleted = await client.delete(url, headers={**TUS, **device.headers})
    assert deleted.status_code == 204 and deleted.headers["tus-resumable"] == "1.0.0"
    assert _ended("terminated") == terminated + 1
    assert (await head(client, device, url)).status_code == 410
    assert (await patch(client, device, url, 0, DATA)).status_code == 410

    expiring = (await create(client, device, command_id)).headers["location"]
    await execute(
        runtime,
        "UPDATE device_gateway.uploads SET expires_at = now() WHERE id = :id",
        id=uuid.UUID(expiring.rsplit("/", 1)[1]),
    )
    assert (await head(client, device, expiring)).status_code == 410
    assert (await patch(client, device, expiring, 0, DATA)).status_code == 410


async def dropped_upload(
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
    live_url: str,
    *,
    checksum: bool,
) -> tuple[bytes, str]:
    """(data, upload URL) of a 3 MiB upload whose first PATCH, carrying the whole file (and
    its checksum if asked), hangs up after 2 MiB."""
    data = random.Random(7).randbytes(3 << 20)
    url = (await create(client, device, command_id, data=data)).headers["location"]
    extra = {"Upload-Checksum": chunk_checksum(data)} if checksum else {}
    await _cut_short_patch(live_url, device, url, data, sent=2 << 20, **extra)
    return data, url


async def _cut_short_patch(
    live_url: str, device: EnrolledDevice, url: str, body: bytes, sent: int, **extra: str
) -> None:
    host, port = live_url.removeprefix("http://").split(":")
    _, writer = await asyncio.open_connection(host, int(port))
    headers = {
        **OCTETS,
        **device.headers,
        "Host": "device-gateway",
        "Upload-Offset": "0",
        "Content-Length": str(len(body)),
        **extra,
    }
    request = f"PATCH {url} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(request.encode() + b"\r\n")
    for at in range(0, sent, 64 << 10):
        writer.write(body[at : min(at + (64 << 10), sent)])
        await writer.drain()
    await asyncio.sleep(0.3)  # the gateway takes in what arrived
    writer.close()
    await writer.wait_closed()


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Polls: the gateway's handler finishes after the client has gone, with no signal."""
    async with asyncio.timeout(10):
        while not await check():  # noqa: ASYNC110
            await asyncio.sleep(0.05)


async def test_a_dropped_connection_keeps_what_arrived_and_the_upload_resumes_there(
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
    live_url: str,
) -> None:
    data, url = await dropped_upload(client, device, command_id, live_url, checksum=False)

    async def offset() -> int:
        return int((await head(client, device, url)).headers["upload-offset"])

    async def moved() -> bool:
        return await offset() > 0

    await eventually(moved)
    kept = await offset()
    assert 0 < kept <= 2 << 20  # what the gateway read before the hang-up, no more
    done = await patch(client, device, url, kept, data[kept:])
    assert done.status_code == 204 and done.headers["upload-offset"] == str(len(data))
    stored = store(parts).stat(f"uploads/{url.rsplit('/', 1)[1]}")
    assert (stored.size, stored.sha256) == (len(data), sha256_hex(data))


async def test_a_dropped_chunk_with_a_checksum_keeps_nothing(
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    command_id: str,
    live_url: str,
) -> None:
    """Bytes cut short cannot match the chunk's checksum, so none of them count."""
    data, url = await dropped_upload(client, device, command_id, live_url, checksum=True)
    checksum = {"Upload-Checksum": chunk_checksum(data)}

    async def whole_file_from_zero() -> bool:
        # 409 while the cut-short PATCH still holds the upload, or if it moved the offset
        return (await patch(client, device, url, 0, data, **checksum)).status_code == 204

    await eventually(whole_file_from_zero)
    assert store(parts).stat(f"uploads/{url.rsplit('/', 1)[1]}").sha256 == sha256_hex(data)
