"""SIGKILL the device gateway 10 times while devices upload with the stock tuspy client:
every upload completes with its sha256, and the store holds no corrupt or extra object.

The test paces the clients chunk by chunk, so every kill lands mid-upload whatever the
machine's speed: before each kill the devices have been allowed fewer chunks than their
clips hold. Even kills land between chunks the server acknowledged; odd kills land as soon
as the server acknowledged one more chunk, with further chunks allowed and often in flight."""

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
from sqlalchemy import text
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError, TusUploadFailed
from tusclient.storage.filestorage import FileStorage
from tusclient.uploader import Uploader

from .conftest import Device, GatewayProcesses, enrolled, queue_export, scalar

pytestmark = pytest.mark.integration
KILLS = 10  # a longer run of kills belongs to bench/, not to `make test`
DEVICES = 3
CHUNK = 8 * 1024
# Kill rounds grant 1 and 2 chunks in turn, and a failed attempt uses up its chunk, so at
# most 15 chunks are acknowledged before the last kill: 17 chunks cannot have finished.
SIZE = (KILLS // 2 * 3 + 2) * CHUNK
GONE = {404, 410}
STALL_SECONDS = 30.0


class Sha256Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


class Pacer:
    """Chunk permits per device: a device sends a chunk only with a permit, and parks
    without one, so the test decides how far each upload may get before each kill."""

    def __init__(self, devices: int) -> None:
        self._cond = threading.Condition()
        self._permits = [0] * devices
        self._parked = [False] * devices
        self._done = [False] * devices
        self._unlimited = False

    def take(self, device: int) -> None:
        with self._cond:
            self._parked[device] = True
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._unlimited or self._permits[device] > 0)
            self._parked[device] = False
            if not self._unlimited:
                self._permits[device] -= 1

    def grant(self, chunks: int) -> None:
        with self._cond:
            self._permits = [permits + chunks for permits in self._permits]
            self._cond.notify_all()

    def unlimit(self) -> None:
        with self._cond:
            self._unlimited = True
            self._cond.notify_all()

    def finished(self, device: int) -> None:
        with self._cond:
            self._done[device] = True
            self._cond.notify_all()

    def wait_idle(self) -> None:
        """Until every device has used its permits and waits at the gate (or is done)."""
        with self._cond:
            idle = self._cond.wait_for(
                lambda: all(
                    done or (parked and permits == 0)
                    for done, parked, permits in zip(
                        self._done, self._parked, self._permits, strict=True
                    )
                ),
                timeout=STALL_SECONDS,
            )
        assert idle, "uploads stopped making progress"


def upload_until_done(
    url: str, device: Device, command_id: uuid.UUID, clip: Path, state: Path, gate: Pacer, n: int
) -> str:
    """What a device does: upload chunk by chunk, and after any failure resume from the URL
    it stored (the server says where); only a gone upload is started afresh."""
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
            while uploader.offset < SIZE:
                gate.take(n)
                uploader.upload_chunk()
            gate.finished(n)
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


async def progress(runtime: ServiceRuntime, devices: list[uuid.UUID]) -> tuple[int, int]:
    """(bytes the server acknowledged, uploads it completed) for these devices."""
    sql = (
        "SELECT coalesce(sum(\"offset\"), 0), count(*) FILTER (WHERE status = 'completed')"
        " FROM device_gateway.uploads WHERE device_id = ANY(:d)"
    )
    async with runtime.engine.connect() as conn:
        acknowledged, completed = (await conn.execute(text(sql), {"d": devices})).one()
    return int(acknowledged), int(completed)


async def acknowledged_beyond(runtime: ServiceRuntime, devices: list[uuid.UUID], seen: int) -> None:
    deadline = time.monotonic() + STALL_SECONDS
    while (await progress(runtime, devices))[0] <= seen:
        assert time.monotonic() < deadline, "uploads stopped making progress"
        await asyncio.sleep(0.01)


@pytest.mark.timeout(900)  # each restart re-runs the service start-up; slow on a busy host
async def test_uploads_survive_ten_kills(
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
    ours = [job[0].id for job in jobs]
    pacer = Pacer(DEVICES)
    results: dict[int, str] = {}

    def run(index: int) -> None:
        results[index] = upload_until_done(gateway.url, *jobs[index], pacer, index)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(DEVICES)]
    for thread in threads:
        thread.start()
    for round_ in range(KILLS):
        await asyncio.to_thread(pacer.wait_idle)
        seen, _ = await progress(runtime, ours)
        if round_ % 2 == 0:  # kill between chunks, once each device's next one is acknowledged
            pacer.grant(1)
            await asyncio.to_thread(pacer.wait_idle)
        else:  # kill as soon as one more chunk is acknowledged, others may be in flight
            pacer.grant(2)
        await acknowledged_beyond(runtime, ours, seen)
        acknowledged, completed = await progress(runtime, ours)
        assert 0 < acknowledged < DEVICES * SIZE and completed == 0 and not results
        await asyncio.to_thread(gateway.restart)
    assert gateway.kills == KILLS
    pacer.unlimit()
    for thread in threads:
        await asyncio.to_thread(thread.join, 120)
    assert len(results) == DEVICES

    store = FilesystemObjectStore(gateway.settings.object_store_path)
    stored = sorted(p.name for p in (gateway.settings.object_store_path / "uploads").iterdir())
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
