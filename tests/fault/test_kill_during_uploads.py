"""SIGKILL the device gateway 20 times while devices upload with the stock tuspy client:
every upload completes with its sha256, and the store holds no corrupt or extra object."""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.runtime import ServiceRuntime
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError, TusUploadFailed
from tusclient.storage.filestorage import FileStorage
from tusclient.uploader import Uploader

from .conftest import Device, GatewayProcesses, enrolled, queue_export, scalar

pytestmark = pytest.mark.integration
KILLS = 20
DEVICES = 3
SIZE = 256 * 1024
CHUNK = 8 * 1024
GONE = {404, 410}
STALL_SECONDS = 30.0


class Sha256Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def upload_until_done(
    url: str, device: Device, command_id: uuid.UUID, clip: Path, state: Path
) -> str:
    """What a device does: upload, and after any failure resume from the URL it stored (the
    server says where); only a gone upload is started afresh."""
    storage = FileStorage(str(state))
    sha256 = hashlib.sha256(clip.read_bytes()).hexdigest()
    metadata = {"command_id": str(command_id), "sha256": sha256}
    while True:
        try:
            client = TusClient(f"{url}/device/v1/uploads")
            client.set_headers({"Authorization": f"Bearer {device.token(url)}"})
            uploader = Sha256Uploader(
                file_path=str(clip),
                client=client,
                chunk_size=CHUNK,
                metadata=metadata,
                upload_checksum=True,
                store_url=True,
                url_storage=storage,
            )
            uploader.upload()
            return str(uploader.url)
        except (requests.RequestException, TusCommunicationError, TusUploadFailed) as exc:
            if getattr(exc, "status_code", None) in GONE:
                with clip.open("rb") as file:
                    storage.remove_item(uploader.fingerprinter.get_fingerprint(file))
            time.sleep(0.05)
        except Exception as exc:  # tuspy wraps a refused connection differently by version
            if "Connection" not in type(exc).__name__ and "Connection" not in str(exc):
                raise
            time.sleep(0.05)


async def progress(runtime: ServiceRuntime) -> int:
    sql = 'SELECT coalesce(sum("offset"), 0) FROM device_gateway.uploads'
    return int(await scalar(runtime, sql))


async def bytes_flowing(runtime: ServiceRuntime) -> None:
    """Returns once some upload's offset moved: the next kill lands mid-upload."""
    seen, deadline = await progress(runtime), time.monotonic() + STALL_SECONDS
    while await progress(runtime) == seen:
        assert time.monotonic() < deadline, "uploads stopped making progress"
        await asyncio.sleep(0.02)


@pytest.mark.timeout(900)  # each restart re-runs the service's start-up; slow on a busy host
async def test_uploads_survive_twenty_kills(
    gateway: GatewayProcesses, runtime: ServiceRuntime, tmp_path: Path
) -> None:
    rng = random.Random(20)
    jobs = []
    for index in range(DEVICES):
        device = await enrolled(runtime, gateway.url)
        command_id = await queue_export(runtime, device)
        clip = tmp_path / f"clip-{index}.mp4"
        clip.write_bytes(rng.randbytes(SIZE))
        jobs.append((device, command_id, clip, tmp_path / f"tus-{index}.json"))
    results: dict[int, str] = {}

    def run(index: int) -> None:
        results[index] = upload_until_done(gateway.url, *jobs[index])

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(DEVICES)]
    for thread in threads:
        thread.start()
    for _ in range(KILLS):
        await bytes_flowing(runtime)
        await asyncio.sleep(rng.uniform(0, 0.15))
        assert len(results) < DEVICES, "uploads finished before the last kill"
        await asyncio.to_thread(gateway.restart)
    assert gateway.kills == KILLS
    for thread in threads:
        await asyncio.to_thread(thread.join, 120)
    assert len(results) == DEVICES

    store = FilesystemObjectStore(gateway.settings.object_store_path)
    stored = sorted(p.name for p in (gateway.settings.object_store_path / "uploads").iterdir())
    ours = [job[0].id for job in jobs]
    completed = await scalar(
        runtime,
        "SELECT count(*) FROM device_gateway.uploads"
        " WHERE status = 'completed' AND device_id = ANY(:d)",
        d=ours,
    )
    assert len(stored) == DEVICES == completed  # no duplicate objects
    for index, (_, command_id, clip, _) in enumerate(jobs):
        upload_id = results[index].rsplit("/", 1)[1]
        assert (
            store.read_bytes(f"uploads/{upload_id}") == clip.read_bytes()
        )  # verified read: not corrupt
        status = await scalar(
            runtime, "SELECT status FROM device_gateway.commands WHERE id = :c", c=command_id
        )
        assert status == "completed"
    events = await scalar(
        runtime,
        "SELECT count(*) FROM device_gateway.outbox WHERE event_type = :t AND key = ANY(:k)",
        t="device_gateway.video_uploaded.v1",
        k=[str(d) for d in ours],
    )
    assert events == DEVICES  # one VideoUploaded per upload
