"""The stock tuspy client against the gateway on a real socket."""

from __future__ import annotations

import asyncio
import hashlib
import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from custody_devicesim.clip import make_clip
from custody_platform.runtime import ServiceParts, ServiceRuntime
from tusclient.client import TusClient
from tusclient.uploader import Uploader

from .conftest import EnrolledDevice, outbox, queued_command

pytestmark = pytest.mark.integration
CHUNK = 16 * 1024


class Sha256Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def uploader(url: str, device: EnrolledDevice, command_id: str, clip: bytes) -> Uploader:
    client = TusClient(f"{url}/device/v1/uploads", headers=device.headers)
    metadata = {
        "command_id": command_id,
        "filename": "dock.mp4",
        "filetype": "video/mp4",
        "sha256": hashlib.sha256(clip).hexdigest(),
    }
    return Sha256Uploader(
        file_stream=io.BytesIO(clip),
        client=client,
        chunk_size=CHUNK,
        metadata=metadata,
        upload_checksum=True,
    )


@pytest.fixture
def clip() -> bytes:
    start = datetime(2024, 5, 1, 11, 50, tzinfo=UTC)
    data = make_clip("dock-dvr", 1, start, start + timedelta(minutes=10))
    assert len(data) > 3 * CHUNK  # several chunks
    return data


async def test_tuspy_uploads_a_real_mp4_in_small_chunks(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    live_url: str,
    clip: bytes,
) -> None:
    command_id = await queued_command(parts, client, device)
    tus = uploader(live_url, device, command_id, clip)
    await asyncio.to_thread(tus.upload)
    upload_id = str(tus.url).rsplit("/", 1)[1]
    stored = parts.http_app.state.device_api.uploads.store  # type: ignore[union-attr]
    info = stored.stat(f"uploads/{upload_id}")
    assert info.sha256 == hashlib.sha256(clip).hexdigest() and info.size == len(clip)
    assert stored.read_bytes(f"uploads/{upload_id}") == clip
    [event] = await outbox(runtime, "device_gateway.video_uploaded.v1", device.id)
    assert event["sha256"] == info.sha256


async def test_an_interrupted_upload_resumes_where_the_server_says(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    live_url: str,
    clip: bytes,
) -> None:
    command_id = await queued_command(parts, client, device)
    first = uploader(live_url, device, command_id, clip)
    await asyncio.to_thread(first.upload, 2 * CHUNK)  # the connection "drops" here
    assert first.offset == 2 * CHUNK
    resumed = await asyncio.to_thread(  # a new uploader asks the server for its offset
        Sha256Uploader,
        file_stream=io.BytesIO(clip),
        url=first.url,
        client=first.client,
        chunk_size=CHUNK,
        upload_checksum=True,
    )
    assert resumed.offset == 2 * CHUNK
    await asyncio.to_thread(resumed.upload)
    [event] = await outbox(runtime, "device_gateway.video_uploaded.v1", device.id)
    assert event["sha256"] == hashlib.sha256(clip).hexdigest() and event["size"] == len(clip)
