from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_devicesim.__main__ import main
from custody_devicesim.device import SimulatedDevice
from device_gateway.service_layer import background, devices
from device_gateway.service_layer.background import NewBackgroundRequest

from .conftest import Gateway

pytestmark = pytest.mark.integration


async def test_device_enrolls_checks_in_and_uploads_the_export(gateway: Gateway) -> None:
    device_id, org_id, code = await gateway.new_device()
    with SimulatedDevice(gateway.url, enrollment_code=code, chunk_size=16 * 1024) as device:
        credentials = await asyncio.to_thread(device.enroll)
        assert credentials.device_id == str(device_id)
        assert await asyncio.to_thread(device.checkin) == []
        waiting = asyncio.create_task(asyncio.to_thread(device.checkin, 10))
        await asyncio.sleep(0.3)
        event = await gateway.request_export(device_id, org_id)
        [command] = await waiting
        assert command.channel == 1 and command.start == event.start
        result = await asyncio.to_thread(device.handle, command)
    assert result is not None and result.data[4:8] == b"ftyp"
    [uploaded] = await gateway.outbox("device_gateway.video_uploaded.v1", device_id)
    assert uploaded["sha256"] == result.sha256 and uploaded["size"] == result.size
    assert uploaded["export"]["export_id"] == str(event.export_id)
    assert uploaded["filename"] == "ch1-20240501T115000.mp4"
    store = gateway.parts.http_app.state.device_api.uploads.store  # type: ignore[union-attr]
    assert store.read_bytes(uploaded["object_key"]) == result.data


async def test_a_body_cam_without_background_recording_says_so(gateway: Gateway) -> None:
    device_id, org_id, code = await gateway.new_device(kind="body_worn")
    await gateway.request_export(device_id, org_id)
    with SimulatedDevice(gateway.url, enrollment_code=code, background_recording=False) as device:
        await asyncio.to_thread(device.enroll)
        [command] = await asyncio.to_thread(device.checkin)
        assert await asyncio.to_thread(device.handle, command) is None
    [event] = await gateway.outbox("device_gateway.no_video_available.v1", device_id)
    assert event["reason"] == "background_recording_disabled"


async def test_command_line_runs_once_and_keeps_credentials(
    gateway: Gateway,
    tmp_path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    device_id, org_id, code = await gateway.new_device()
    await gateway.request_export(device_id, org_id)
    credentials = tmp_path / "device.json"
    args = [
        "--base-url",
        gateway.url,
        "--enrollment-code",
        code,
        "--once",
        "--wait",
        "1",
        "--credentials-file",
        str(credentials),
    ]
    assert await asyncio.to_thread(main, args) == 0
    line = json.loads(capsys.readouterr().out.strip())
    assert line["uploaded"] is True
    assert json.loads(credentials.read_text())["device_id"] == str(device_id)
    again = [
        "--base-url",
        gateway.url,
        "--once",
        "--wait",
        "0",
        "--credentials-file",
        str(credentials),
    ]
    assert await asyncio.to_thread(main, again) == 0  # no code needed the second time
    [uploaded] = await gateway.outbox("device_gateway.video_uploaded.v1", device_id)
    assert uploaded["sha256"] == line["sha256"]


async def test_background_video_follows_the_setting_each_checkin_carries(gateway: Gateway) -> None:
    """A body cam records in the background only once its organization turns it on: with it
    off the request gets no video and why; turned on, the next request gets the clip."""
    device_id, org_id, code = await gateway.new_device(kind="body_worn")
    admin = Principal(user_id=uuid.uuid4(), org_id=org_id, roles=frozenset({ROLE_ORG_ADMIN}))
    end = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
    ask = NewBackgroundRequest(device_id, end - timedelta(hours=8), end, [1], uuid.uuid4(), True)
    seen: list[tuple[int, int]] = []
    with SimulatedDevice(gateway.url, enrollment_code=code, chunk_size=16 * 1024) as device:
        device.progress = lambda done, total: seen.append((done, total))
        await asyncio.to_thread(device.enroll)
        for turn_on in (False, True):
            async with gateway.runtime.uow() as uow:
                if turn_on:
                    await devices.set_background_recording(uow, admin, device_id, True)
                await background.request_video(uow, admin, ask, timedelta(days=1))
                await uow.commit()
            [command] = await asyncio.to_thread(device.checkin)
            assert command.kind == "background_video" and device.background_recording is turn_on
            result = await asyncio.to_thread(device.handle, command)
            assert (result is not None) is turn_on
    no_video, complete = await gateway.outbox(
        "device_gateway.background_video_finished.v1", device_id
    )
    assert no_video["outcome"] == "no_video"
    assert no_video["reason"].startswith("background_recording_disabled: ")
    assert complete["outcome"] == "complete" and complete["total_bytes"] == result.size
    assert len(seen) > 1 and seen[-1] == (result.size, result.size)  # chunk by chunk
