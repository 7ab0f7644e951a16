"""Device-side limits: concurrent uploads per device, staging space, revocation."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import grpc
import httpx
import pytest
from custody_contracts.grpc import devices_pb2
from custody_contracts.principal import ROLE_INVESTIGATOR, ROLE_ORG_ADMIN
from custody_platform.runtime import ServiceParts, ServiceRuntime

from .conftest import (
    EnrolledDevice,
    as_user,
    deliver,
    export_for,
    queued_command,
    scalar,
    sha256_hex,
    tus_metadata,
)

pytestmark = pytest.mark.integration
UPLOADS = "/device/v1/uploads"
TUS = {"Tus-Resumable": "1.0.0"}


async def start(
    client: httpx.AsyncClient, device: EnrolledDevice, command_id: str, length: int = 100
) -> httpx.Response:
    metadata = tus_metadata(command_id=command_id, sha256=sha256_hex(b"x" * length))
    headers = {**TUS, **device.headers, "Upload-Length": str(length), "Upload-Metadata": metadata}
    return await client.post(UPLOADS, headers=headers)


async def test_a_device_has_at_most_four_uploads_open(
    parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    command_id = await queued_command(parts, client, device)
    opened = [await start(client, device, command_id) for _ in range(4)]
    assert [r.status_code for r in opened] == [201] * 4
    fifth = await start(client, device, command_id)
    assert fifth.status_code == 400 and "at most 4" in fifth.json()["detail"]
    await client.delete(opened[0].headers["location"], headers={**TUS, **device.headers})
    assert (await start(client, device, command_id)).status_code == 201


async def test_uploads_wait_when_staging_space_is_reserved(
    runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    app = parts.http_app
    api = app.state.device_api  # type: ignore[union-attr]
    open_sql = "SELECT coalesce(sum(length), 0) FROM device_gateway.uploads WHERE status = 'open'"
    reserved = int(await scalar(runtime, open_sql))  # other tests' uploads share the database
    uploads = dataclasses.replace(api.uploads, staging_max_bytes=reserved + 1000)
    app.state.device_api = dataclasses.replace(api, uploads=uploads)  # type: ignore[union-attr]
    command_id = await queued_command(parts, client, device)
    assert (await start(client, device, command_id, length=600)).status_code == 201
    full = await start(client, device, command_id, length=600)
    assert full.status_code == 400 and "staging" in full.json()["detail"]


async def test_revoking_a_device_shuts_every_route_at_once(
    devices_stub: Any, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    command_id = await queued_command(parts, client, device)
    started = await start(client, device, command_id)
    revoke = devices_pb2.RevokeDeviceRequest(id=str(device.id))
    with pytest.raises(grpc.aio.AioRpcError) as foreign:
        await devices_stub.RevokeDevice(revoke, metadata=as_user(uuid.uuid4(), ROLE_ORG_ADMIN))
    assert foreign.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as investigator:
        await devices_stub.RevokeDevice(revoke, metadata=as_user(device.org_id, ROLE_INVESTIGATOR))
    assert investigator.value.code() == grpc.StatusCode.PERMISSION_DENIED
    revoked = await devices_stub.RevokeDevice(
        revoke, metadata=as_user(device.org_id, ROLE_ORG_ADMIN)
    )
    assert revoked.revoked and not revoked.online
    headers = device.headers  # a token issued before the revocation, still unexpired
    calls = [
        client.post("/device/v1/checkin", json={}, headers=headers),
        client.post(f"/device/v1/commands/{command_id}/ack", headers=headers),
        client.head(started.headers["location"], headers={**TUS, **headers}),
        start(client, device, command_id),
        client.post(
            "/device/v1/token",
            json={"device_id": str(device.id), "device_secret": device.secret},
        ),
    ]
    for call in calls:
        assert (await call).status_code == 401


async def test_pending_transfers_show_bytes_done_per_file_and_no_video_reasons(
    devices_stub: Any, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    await deliver(parts, export_for(device, channel=1))
    await deliver(parts, export_for(device, channel=2))
    due = (await client.post("/device/v1/checkin", json={}, headers=device.headers)).json()
    by_channel = {c["channel"]: c["id"] for c in due["commands"]}
    started = await start(client, device, by_channel[1], length=100)
    patch = {
        **TUS,
        **device.headers,
        "Content-Type": "application/offset+octet-stream",
        "Upload-Offset": "0",
    }
    await client.patch(started.headers["location"], content=b"x" * 40, headers=patch)
    no_video = {"reason": "overwritten", "detail": "loop recording"}
    url = f"/device/v1/commands/{by_channel[2]}/no-video"
    assert (await client.post(url, json=no_video, headers=device.headers)).status_code == 200
    request = devices_pb2.ListTransfersRequest(device_id=str(device.id))
    listed = await devices_stub.ListTransfers(
        request, metadata=as_user(device.org_id, ROLE_INVESTIGATOR)
    )
    transfers = {t.channel: t for t in listed.transfers}
    [file] = transfers[1].files
    assert (file.bytes_done, file.bytes_total, file.status) == (40, 100, "open")
    assert transfers[1].status == "delivered"
    assert (transfers[2].status, transfers[2].no_video_reason) == ("no_video", "overwritten")
    pending = await devices_stub.ListTransfers(
        devices_pb2.ListTransfersRequest(device_id=str(device.id), pending_only=True),
        metadata=as_user(device.org_id, ROLE_INVESTIGATOR),
    )
    assert [t.channel for t in pending.transfers] == [1]
    with pytest.raises(grpc.aio.AioRpcError) as foreign:
        await devices_stub.ListTransfers(request, metadata=as_user(uuid.uuid4(), ROLE_ORG_ADMIN))
    assert foreign.value.code() == grpc.StatusCode.NOT_FOUND
