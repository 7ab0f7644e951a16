"""Background-video requests through the gRPC API and the device API: queued while the
device is offline, delivered at its check-in with its settings, answered per channel, and
finished with BackgroundVideoFinished (complete, no_video, or failed when nobody answered)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import httpx
import pytest
from custody_contracts.grpc import devices_pb2, devices_pb2_grpc
from custody_contracts.principal import ROLE_APPROVER, ROLE_INVESTIGATOR, ROLE_ORG_ADMIN
from custody_platform.grpc.fields import timestamp
from custody_platform.runtime import ServiceParts, ServiceRuntime
from device_gateway.config import GIB, Settings
from device_gateway.entrypoints.workers import expire_overdue

from .conftest import EnrolledDevice, as_user, execute, outbox, sha256_hex, tus_metadata

pytestmark = pytest.mark.integration
END = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
DATA = bytes(range(256)) * 40
FINISHED = "device_gateway.background_video_finished.v1"


def ask(
    device: EnrolledDevice, channels: list[int], case_id: uuid.UUID | None = None
) -> devices_pb2.RequestBackgroundVideoRequest:
    return devices_pb2.RequestBackgroundVideoRequest(
        device_id=str(device.id),
        start=timestamp(END - timedelta(hours=10)),
        end=timestamp(END),
        channels=channels,
        case_id=str(case_id or uuid.uuid4()),
        case_named=case_id is not None,
    )


async def checkin(client: httpx.AsyncClient, device: EnrolledDevice) -> dict[str, Any]:
    body = {"battery_percent": 41.5, "storage_free_bytes": 5 << 30, "storage_total_bytes": 64 << 30}
    response = await client.post("/device/v1/checkin", json=body, headers=device.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def upload(client: httpx.AsyncClient, device: EnrolledDevice, command_id: str) -> None:
    headers = {
        "Tus-Resumable": "1.0.0",
        "Content-Type": "application/offset+octet-stream",
        **device.headers,
        "Upload-Length": str(len(DATA)),
        "Upload-Metadata": tus_metadata(
            command_id=command_id, filename="ch1.mp4", filetype="video/mp4", sha256=sha256_hex(DATA)
        ),
    }
    created = await client.post("/device/v1/uploads", headers=headers, content=DATA)
    assert created.status_code == 201, created.text


async def no_video(
    client: httpx.AsyncClient, device: EnrolledDevice, command_id: str, detail: str
) -> None:
    body = {"reason": "background_recording_disabled", "detail": detail}
    path = f"/device/v1/commands/{command_id}/no-video"
    answered = await client.post(path, json=body, headers=device.headers)
    assert answered.status_code == 200, answered.text


async def test_a_request_waits_for_the_device_then_finishes_complete(
    runtime: ServiceRuntime,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    devices_stub: devices_pb2_grpc.DevicesStub,
) -> None:
    admin = as_user(device.org_id, ROLE_ORG_ADMIN)
    await execute(runtime, "UPDATE device_gateway.devices SET last_seen_at = NULL")
    case_id = uuid.uuid4()
    asked = await devices_stub.RequestBackgroundVideo(ask(device, [2, 1], case_id), metadata=admin)
    assert asked.status == "pending" and list(asked.channels) == [1, 2]
    assert [t.status for t in asked.transfers] == ["queued", "queued"]
    waiting = await devices_stub.ListDevices(devices_pb2.ListDevicesRequest(), metadata=admin)
    [listed] = waiting.devices
    assert not listed.online  # offline: the commands wait on its queue
    assert dict(waiting.pending_video_requests) == {str(device.id): 1}

    answer = await checkin(client, device)
    assert answer["settings"] == {"background_recording": True}  # in_car default
    commands = {c["channel"]: c for c in answer["commands"]}
    assert {c["kind"] for c in commands.values()} == {"background_video"}
    await upload(client, device, commands[1]["id"])
    assert await outbox(runtime, FINISHED, device.id) == []  # channel 2 is still open
    await no_video(client, device, commands[2]["id"], "card swapped")

    [stored] = await outbox(runtime, "device_gateway.upload_completed.v1", asked.id)
    assert stored["case_id"] == str(case_id) and stored["size"] == len(DATA)
    [finished] = await outbox(runtime, FINISHED, device.id)
    assert finished["outcome"] == "complete" and finished["files"] == 1
    assert finished["case_id"] == str(case_id) and finished["total_bytes"] == len(DATA)
    request = devices_pb2.GetBackgroundRequestRequest(device_id=str(device.id), id=asked.id)
    shown = await devices_stub.GetBackgroundRequest(request, metadata=admin)
    files = [f for t in shown.transfers for f in t.files]
    assert shown.status == "complete" and [(f.bytes_done, f.bytes_total) for f in files] == [
        (len(DATA), len(DATA))
    ]
    assert shown.transfers[1].no_video_detail == "card swapped"
    done = await devices_stub.ListDevices(devices_pb2.ListDevicesRequest(), metadata=admin)
    [listed] = done.devices
    assert dict(done.pending_video_requests) == {}  # finished: nothing waits any more
    assert (
        listed.online and listed.battery_percent == 41.5 and listed.storage_total_bytes == 64 << 30
    )
    actions = [r["action"] for r in await outbox(runtime, "audit.record.v1", asked.id)]
    assert actions == ["background_video.requested", "background_video.finished"]


async def test_no_video_on_every_channel_finishes_with_the_devices_reason(
    runtime: ServiceRuntime,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    devices_stub: devices_pb2_grpc.DevicesStub,
) -> None:
    investigator = as_user(device.org_id, ROLE_INVESTIGATOR)
    asked = await devices_stub.RequestBackgroundVideo(ask(device, [1]), metadata=investigator)
    [command] = (await checkin(client, device))["commands"]
    await no_video(client, device, command["id"], "disabled on the device")
    [finished] = await outbox(runtime, FINISHED, device.id)
    assert finished["outcome"] == "no_video" and finished["files"] == 0
    assert finished["reason"] == "background_recording_disabled: disabled on the device"
    assert finished["case_id"] is None  # the org's device-uploads case
    assert finished["background_request_id"] == asked.id


async def test_a_request_nobody_answers_in_time_fails_as_expired(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    device: EnrolledDevice,
    devices_stub: devices_pb2_grpc.DevicesStub,
) -> None:
    admin = as_user(device.org_id, ROLE_ORG_ADMIN)
    await devices_stub.RequestBackgroundVideo(ask(device, [1, 2]), metadata=admin)
    await execute(
        runtime,
        "UPDATE device_gateway.commands SET expires_at = now() WHERE device_id = :d",
        d=device.id,
    )
    staging = parts.http_app.state.device_api.uploads.staging  # type: ignore[union-attr]
    assert await expire_overdue(runtime.uow, staging) >= 2
    [finished] = await outbox(runtime, FINISHED, device.id)
    assert finished["outcome"] == "failed" and finished["reason"] == "expired"


async def test_who_may_ask_and_what_is_refused_changes_nothing(
    runtime: ServiceRuntime,
    device: EnrolledDevice,
    devices_stub: devices_pb2_grpc.DevicesStub,
) -> None:
    refusals = [
        (
            ask(device, [3]),
            as_user(device.org_id, ROLE_ORG_ADMIN),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (ask(device, []), as_user(device.org_id, ROLE_ORG_ADMIN), grpc.StatusCode.INVALID_ARGUMENT),
        (
            ask(device, [1]),
            as_user(device.org_id, ROLE_APPROVER),
            grpc.StatusCode.PERMISSION_DENIED,
        ),
        (ask(device, [1]), as_user(uuid.uuid4(), ROLE_ORG_ADMIN), grpc.StatusCode.NOT_FOUND),
    ]
    backwards = ask(device, [1])
    backwards.start.CopyFrom(backwards.end)
    refusals.append(
        (backwards, as_user(device.org_id, ROLE_ORG_ADMIN), grpc.StatusCode.INVALID_ARGUMENT)
    )
    for request, who, status in refusals:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await devices_stub.RequestBackgroundVideo(request, metadata=who)
        assert refused.value.code() == status
    listing = devices_pb2.ListBackgroundRequestsRequest(device_id=str(device.id))
    mine = await devices_stub.ListBackgroundRequests(listing, metadata=as_user(device.org_id))
    assert list(mine.requests) == []
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await devices_stub.ListBackgroundRequests(listing, metadata=as_user(uuid.uuid4()))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND


async def test_background_recording_reaches_the_device_at_its_next_checkin(
    runtime: ServiceRuntime,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    devices_stub: devices_pb2_grpc.DevicesStub,
) -> None:
    off = devices_pb2.SetBackgroundRecordingRequest(id=str(device.id), enabled=False)
    for who, status in [
        (as_user(device.org_id, ROLE_INVESTIGATOR), grpc.StatusCode.PERMISSION_DENIED),
        (as_user(uuid.uuid4(), ROLE_ORG_ADMIN), grpc.StatusCode.NOT_FOUND),
    ]:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await devices_stub.SetBackgroundRecording(off, metadata=who)
        assert refused.value.code() == status
    assert (await checkin(client, device))["settings"]["background_recording"] is True
    changed = await devices_stub.SetBackgroundRecording(
        off, metadata=as_user(device.org_id, ROLE_ORG_ADMIN)
    )
    assert not changed.background_recording
    assert (await checkin(client, device))["settings"]["background_recording"] is False
    [record] = [
        r
        for r in await outbox(runtime, "audit.record.v1", device.id)
        if r["action"] == "device.background_recording_set"
    ]
    assert record["details"]["enabled"] is False


def test_the_upload_cap_is_a_setting_of_64_gib_by_default() -> None:
    assert Settings.model_fields["max_upload_bytes"].default == 64 * GIB


async def test_the_cap_setting_is_what_tus_announces_and_enforces(
    client: httpx.AsyncClient, device: EnrolledDevice, settings: Settings
) -> None:
    options = await client.options("/device/v1/uploads", headers={"Tus-Resumable": "1.0.0"})
    assert options.headers["tus-max-size"] == str(settings.max_upload_bytes)
    headers = {
        "Tus-Resumable": "1.0.0",
        **device.headers,
        "Upload-Length": str(settings.max_upload_bytes + 1),
        "Upload-Metadata": tus_metadata(
            command_id=str(uuid.uuid4()), filename="a.mp4", filetype="video/mp4", sha256="0" * 64
        ),
    }
    too_big = await client.post("/device/v1/uploads", headers=headers)
    assert too_big.status_code == 413, too_big.text
