"""VMS connectors (the simulated VMS over HTTP, a watch folder) and the watch-folder Uploader,
against a real device gateway on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import io
import shutil
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from custody_contracts.principal import ROLE_INVESTIGATOR, ROLE_ORG_ADMIN, Principal
from custody_devicesim.clip import make_clip
from custody_devicesim.upload import Sha256Uploader
from custody_devicesim.uploader import INGEST_PATH, upload_folder
from custody_devicesim.vms_server import VmsServer, record
from device_gateway.bootstrap import connectors
from device_gateway.domain.grants import GrantLimits
from device_gateway.entrypoints.workers import export_next
from device_gateway.service_layer import devices, grants
from device_gateway.service_layer.vms_exports import VmsPolicy
from PIL import Image
from sqlalchemy import text
from tusclient.client import TusClient
from tusclient.storage.filestorage import FileStorage

from .conftest import Gateway

pytestmark = pytest.mark.integration
END = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
START = END - timedelta(minutes=10)
VIDEO_UPLOADED = "device_gateway.video_uploaded.v1"


async def vms_device(gateway: Gateway, base_url: str) -> tuple[uuid.UUID, uuid.UUID]:
    admin = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles={ROLE_ORG_ADMIN})
    new = devices.NewDevice("Harbor VMS", "vms", 16, None, base_url)
    async with gateway.runtime.uow() as uow:
        device, _ = await devices.create_device(uow, admin, new)
        await uow.commit()
    return device.id, device.org_id


async def pull_one(gateway: Gateway) -> bool:
    api = gateway.parts.http_app.state.device_api  # type: ignore[union-attr]
    settings = gateway.runtime.settings
    return await export_next(
        gateway.runtime.uow,
        api.uploads,
        connectors(settings),
        VmsPolicy(),  # type: ignore[arg-type]
    )


async def test_an_export_of_a_vms_camera_is_pulled_and_ingested(
    gateway: Gateway, tmp_path: Path
) -> None:
    recording = record(tmp_path / "vms", "dock-cam", START - timedelta(minutes=5), END)
    with VmsServer(tmp_path / "vms") as vms:
        device_id, org_id = await vms_device(gateway, vms.url)
        event = await gateway.request_export(device_id, org_id, vms_camera_ref="dock-cam")
        assert await pull_one(gateway)
        assert not await pull_one(gateway)  # nothing else due
        assert len(vms.requests) == 1 and "camera=dock-cam" in vms.requests[0]
    [uploaded] = await gateway.outbox(VIDEO_UPLOADED, device_id)
    assert uploaded["sha256"] == hashlib.sha256(recording.read_bytes()).hexdigest()
    assert uploaded["export"]["export_id"] == str(event.export_id)
    assert uploaded["content_type"] == "video/mp4" and uploaded["filename"] == recording.name
    store = gateway.parts.http_app.state.device_api.uploads.store  # type: ignore[union-attr]
    assert store.read_bytes(uploaded["object_key"]) == recording.read_bytes()


async def test_a_vms_without_the_recording_answers_no_video(
    gateway: Gateway, tmp_path: Path
) -> None:
    with VmsServer(tmp_path / "empty") as vms:
        device_id, org_id = await vms_device(gateway, vms.url)
        await gateway.request_export(device_id, org_id, vms_camera_ref="lobby")
        assert await pull_one(gateway)
    [answer] = await gateway.outbox("device_gateway.no_video_available.v1", device_id)
    assert answer["reason"] == "other"


async def test_a_watch_folder_vms_is_read_from_the_gateways_watch_root(gateway: Gateway) -> None:
    root = gateway.runtime.settings.vms_watch_root  # type: ignore[attr-defined]
    recording = record(root / "site-a", "gate", START, END)
    device_id, org_id = await vms_device(gateway, "watch-folder://site-a")
    await gateway.request_export(device_id, org_id, vms_camera_ref="gate")
    assert await pull_one(gateway)
    [uploaded] = await gateway.outbox(VIDEO_UPLOADED, device_id)
    assert uploaded["sha256"] == hashlib.sha256(recording.read_bytes()).hexdigest()


def jpeg(shade: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (shade, 10, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


async def investigator_grant(gateway: Gateway) -> tuple[uuid.UUID, str]:
    user = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles={ROLE_INVESTIGATOR})
    new = grants.NewGrant(
        uuid.uuid4(), "watch_folder", END + timedelta(days=9999), GrantLimits(0, 0, 0, ())
    )
    async with gateway.runtime.uow() as uow:
        grant, token = await grants.create_grant(uow, user, new, 1 << 30)
        await uow.commit()
    return grant.id, token


async def grant_uploads(gateway: Gateway, grant_id: uuid.UUID) -> list[tuple[str, str]]:
    query = "SELECT filename, status FROM device_gateway.uploads WHERE grant_id = :g"
    async with gateway.runtime.engine.connect() as conn:
        rows = await conn.execute(text(query), {"g": grant_id})
        return sorted((row.filename, row.status) for row in rows)


async def test_the_uploader_sends_new_files_once_and_resumes(
    gateway: Gateway, tmp_path: Path
) -> None:
    grant_id, token = await investigator_grant(gateway)
    folder, state = tmp_path / "dashcam", tmp_path / "state.json"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg(1))
    (folder / "clip.mp4").write_bytes(make_clip("dash", 1, START, END))
    (folder / "b.part").write_bytes(b"still downloading")
    sent = await _run(upload_folder, gateway.url, token, folder, state)
    assert [p.name for p in sent] == ["a.jpg", "clip.mp4"]
    assert len(await gateway.outbox("device_gateway.upload_completed.v1", grant_id)) == 2

    shutil.copy(folder / "a.jpg", folder / "a-copy.jpg")  # same bytes: already uploaded
    big = folder / "z.mp4"
    big.write_bytes(make_clip("dash", 2, START, END, max_seconds=20))
    urls = FileStorage(str(state.with_suffix(".tus.json")))
    client = TusClient(gateway.url + INGEST_PATH, headers={"Authorization": f"Bearer {token}"})
    partial = Sha256Uploader(
        file_path=str(big),
        client=client,
        chunk_size=4096,
        metadata={"filename": big.name},
        store_url=True,
        url_storage=urls,
    )
    await _run(partial.upload, 8192)  # interrupted after two chunks
    urls._db.close()
    sent = await _run(upload_folder, gateway.url, token, folder, state)
    assert [p.name for p in sent] == ["z.mp4"]
    uploads = await grant_uploads(gateway, grant_id)
    assert uploads == [("a.jpg", "completed"), ("clip.mp4", "completed"), ("z.mp4", "completed")]
    assert await _run(upload_folder, gateway.url, token, folder, state) == []


async def _run(function, *args):  # type: ignore[no-untyped-def]
    return await asyncio.to_thread(function, *args)  # the Uploader is synchronous (tuspy)
