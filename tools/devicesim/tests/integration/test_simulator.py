from __future__ import annotations

import asyncio
import json

import pytest
from custody_devicesim.__main__ import main
from custody_devicesim.device import SimulatedDevice

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
