"""Upload grants: the three RPCs, and tus uploads under a grant token with their limits."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import grpc
import httpx
import pytest
from custody_contracts.grpc import devices_pb2
from custody_contracts.principal import (
    ROLE_GUEST,
    ROLE_INVESTIGATOR,
    ROLE_ORG_ADMIN,
    ROLE_SERVICE,
)
from custody_platform import ratelimit
from custody_platform.runtime import ServiceParts, ServiceRuntime
from device_gateway.bootstrap import build
from device_gateway.config import Settings
from device_gateway.entrypoints.http_api import create_app
from google.protobuf.timestamp_pb2 import Timestamp
from PIL import Image

from .conftest import EnrolledDevice, as_user, execute, outbox, scalar, sha256_hex, tus_metadata

pytestmark = pytest.mark.integration
INGEST = "/ingest/v1/uploads"
TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = {**TUS, "Content-Type": "application/offset+octet-stream"}
COMPLETED = "device_gateway.upload_completed.v1"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(2000)


def jpeg(seed: int = 1) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (seed * 40 % 256, 90, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


def expiry(hours: float = 1) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(datetime.now(UTC) + timedelta(hours=hours))
    return stamp


async def new_grant(stub: Any, org: uuid.UUID, **fields: Any) -> tuple[Any, dict[str, str]]:
    request = devices_pb2.CreateUploadGrantRequest(
        case_id=str(fields.pop("case_id", uuid.uuid4())),
        source=fields.pop("source", "direct"),
        expires_at=expiry(),
        **fields,
    )
    created = await stub.CreateUploadGrant(request, metadata=as_user(org, ROLE_INVESTIGATOR))
    return created, {"Authorization": f"Bearer {created.token}"}


async def upload(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    data: bytes,
    *,
    declared_length: int | None = None,
    **meta: str,
) -> httpx.Response:
    """Creation with upload: the whole file in one request; returns the creation response."""
    pairs = {"filename": "photo.jpg", "filetype": "image/jpeg", **meta}
    headers = {
        **OCTETS,
        **auth,
        "Upload-Length": str(declared_length or len(data)),
        "Upload-Metadata": tus_metadata(**pairs),
    }
    return await client.post(INGEST, content=data, headers=headers)


async def test_grant_rpcs_are_org_scoped_and_role_checked(
    devices_stub: Any, runtime: ServiceRuntime
) -> None:
    org = uuid.uuid4()
    created, _ = await new_grant(
        devices_stub, org, max_files=3, allowed_media_types=["video/*", "image/jpeg"]
    )
    grant = created.grant
    assert created.token.startswith("ug_") and grant.org_id == str(org)
    assert grant.max_bytes_per_file == 8 << 20  # 0 fell back to the service limit
    stored = await scalar(
        runtime,
        "SELECT token_hash FROM device_gateway.upload_grants WHERE id = :id",
        id=uuid.UUID(grant.id),
    )
    assert stored == sha256_hex(created.token.encode()) and created.token not in stored
    same_org = as_user(org, ROLE_SERVICE)
    fetched = await devices_stub.GetUploadGrant(
        devices_pb2.GetUploadGrantRequest(id=grant.id), metadata=same_org
    )
    assert fetched == grant
    for metadata, code in (
        (as_user(uuid.uuid4(), ROLE_ORG_ADMIN), grpc.StatusCode.NOT_FOUND),
        (as_user(org, ROLE_GUEST), grpc.StatusCode.PERMISSION_DENIED),
    ):
        for call in (devices_stub.GetUploadGrant, devices_stub.RevokeUploadGrant):
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await call(devices_pb2.GetUploadGrantRequest(id=grant.id), metadata=metadata)
            assert refused.value.code() == code
    revoked = await devices_stub.RevokeUploadGrant(
        devices_pb2.RevokeUploadGrantRequest(id=grant.id), metadata=as_user(org, ROLE_ORG_ADMIN)
    )
    assert revoked.revoked
    audits = await outbox(runtime, "audit.record.v1", grant.id)
    assert [a["action"] for a in audits] == ["upload_grant.created", "upload_grant.revoked"]


@pytest.mark.parametrize(
    "fields",
    [
        {"source": "carrier_pigeon"},
        {"max_files": -1},
        {"max_bytes_per_file": (8 << 20) + 1},
        {"allowed_media_types": ["video"]},
        {"allowed_media_types": ["*/mp4"]},
        {"case_id": "not-a-uuid"},
    ],
)
async def test_bad_grants_are_refused(devices_stub: Any, fields: dict[str, Any]) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await new_grant(devices_stub, uuid.uuid4(), **fields)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_expired_at_creation_is_refused(devices_stub: Any) -> None:
    request = devices_pb2.CreateUploadGrantRequest(
        case_id=str(uuid.uuid4()), source="public", expires_at=expiry(-1)
    )
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await devices_stub.CreateUploadGrant(
            request, metadata=as_user(uuid.uuid4(), ROLE_ORG_ADMIN)
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_a_file_uploaded_under_a_grant_completes_once_with_its_case(
    devices_stub: Any, runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient
) -> None:
    org, case_id = uuid.uuid4(), uuid.uuid4()
    created, auth = await new_grant(
        devices_stub, org, case_id=case_id, source="public", allowed_media_types=["image/*"]
    )
    data = jpeg()
    response = await upload(
        client,
        auth,
        data,
        filename="../../etc/evil\x00name.jpg",
        filetype="image/png",
        contributor_name="Ada Witness",
        contributor_contact="ada@example.org",
    )
    assert response.status_code == 201, response.text
    assert response.headers["upload-offset"] == str(len(data))
    [event] = await outbox(runtime, COMPLETED, created.grant.id)
    assert event["case_id"] == str(case_id) and event["org_id"] == str(org)
    assert (event["sha256"], event["size"]) == (sha256_hex(data), len(data))
    assert event["filename"] == "evilname.jpg" and event["content_type"] == "image/jpeg"
    assert (event["source"], event["uploaded_by"]) == ("public", "public")
    assert event["contributor_name"] == "Ada Witness"
    store = parts.http_app.state.device_api.uploads.store  # type: ignore[union-attr]
    assert store.read_bytes(event["object_key"]) == data
    location = response.headers["location"]
    again = await client.head(location, headers={**TUS, **auth})
    assert again.status_code == 200 and again.headers["upload-offset"] == str(len(data))
    fetched = await devices_stub.GetUploadGrant(
        devices_pb2.GetUploadGrantRequest(id=created.grant.id),
        metadata=as_user(org, ROLE_INVESTIGATOR),
    )
    assert (fetched.files_uploaded, fetched.bytes_uploaded) == (1, len(data))


async def test_grant_limits_hold_at_creation(devices_stub: Any, client: httpx.AsyncClient) -> None:
    _, auth = await new_grant(
        devices_stub,
        uuid.uuid4(),
        max_files=2,
        max_bytes_per_file=4000,
        max_total_bytes=6000,
        allowed_media_types=["image/jpeg"],
    )
    assert (await upload(client, auth, b"x", declared_length=4001)).status_code == 413
    declared_video = await upload(client, auth, b"x", declared_length=10, filetype="video/mp4")
    assert declared_video.status_code == 403
    first = jpeg(1)
    assert (await upload(client, auth, first)).status_code == 201
    over_total = await upload(client, auth, b"x", declared_length=6001 - len(first))
    assert over_total.status_code == 413
    assert (await upload(client, auth, jpeg(2))).status_code == 201
    third = await upload(client, auth, jpeg(3))
    assert third.status_code == 403 and "2 files" in third.json()["detail"]


@pytest.mark.parametrize(
    ("data", "allowed"),
    [
        (ELF, []),  # a program is never accepted
        (b"MZ\x90\x00" + bytes(500), ["image/*"]),  # a renamed Windows executable
        (b"#!/bin/sh\nrm -rf /\n", []),
        (b"just some text, no magic at all", ["image/*"]),  # unidentified: not on the list
    ],
)
async def test_refused_content_never_becomes_an_object(
    devices_stub: Any,
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    data: bytes,
    allowed: list[str],
) -> None:
    created, auth = await new_grant(devices_stub, uuid.uuid4(), allowed_media_types=allowed)
    response = await upload(client, auth, data, filename="holiday.jpg")
    assert response.status_code == 415, response.text
    assert await outbox(runtime, COMPLETED, created.grant.id) == []
    store = parts.http_app.state.device_api.uploads.store  # type: ignore[union-attr]
    upload_id = await scalar(
        runtime,
        "SELECT id FROM device_gateway.uploads WHERE grant_id = :g AND status = 'failed'",
        g=uuid.UUID(created.grant.id),
    )
    assert upload_id is not None and not store.exists(f"uploads/{upload_id}")


async def test_a_wrong_declared_sha256_fails_the_upload(
    devices_stub: Any, runtime: ServiceRuntime, client: httpx.AsyncClient
) -> None:
    created, auth = await new_grant(devices_stub, uuid.uuid4())
    response = await upload(client, auth, jpeg(), sha256=sha256_hex(b"other"))
    assert response.status_code == 460
    assert await outbox(runtime, COMPLETED, created.grant.id) == []


async def test_revoked_or_expired_grants_are_refused_on_every_route(
    devices_stub: Any, runtime: ServiceRuntime, client: httpx.AsyncClient
) -> None:
    org = uuid.uuid4()
    for ending in ("revoke", "expire"):
        created, auth = await new_grant(devices_stub, org)
        data = jpeg()
        started = await client.post(
            INGEST,
            headers={
                **TUS,
                **auth,
                "Upload-Length": str(len(data)),
                "Upload-Metadata": tus_metadata(filename="a.jpg"),
            },
        )
        assert started.status_code == 201
        location = started.headers["location"]
        if ending == "revoke":
            await devices_stub.RevokeUploadGrant(
                devices_pb2.RevokeUploadGrantRequest(id=created.grant.id),
                metadata=as_user(org, ROLE_INVESTIGATOR),
            )
        else:
            await execute(
                runtime,
                "UPDATE device_gateway.upload_grants SET expires_at = now() WHERE id = :id",
                id=uuid.UUID(created.grant.id),
            )
        patch = {**OCTETS, **auth, "Upload-Offset": "0"}
        assert (await client.patch(location, content=data, headers=patch)).status_code == 401
        assert (await client.head(location, headers={**TUS, **auth})).status_code == 401
        assert (await upload(client, auth, data)).status_code == 401


async def test_tokens_only_open_their_own_endpoint_and_uploads(
    devices_stub: Any, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    _, auth_a = await new_grant(devices_stub, uuid.uuid4())
    _, auth_b = await new_grant(devices_stub, uuid.uuid4())
    started = await client.post(
        INGEST,
        headers={**TUS, **auth_a, "Upload-Length": "10", "Upload-Metadata": ""},
    )
    location = started.headers["location"]
    assert (await client.head(location, headers={**TUS, **auth_b})).status_code == 404
    assert (await client.head(location, headers={**TUS, **device.headers})).status_code == 401
    device_route = location.replace("/ingest/", "/device/")
    assert (await client.head(device_route, headers={**TUS, **auth_a})).status_code == 401


async def test_public_contributors_are_rate_limited_per_address_across_instances(
    devices_stub: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two instances behind one load balancer count one address's uploads together."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 2_000_010.0))
    limited = settings.model_copy(update={"public_uploads_per_minute": 2})
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"
    runtimes = [ServiceRuntime(limited) for _ in range(2)]
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=build(r).http_app, client=(address, 5000)),  # type: ignore[arg-type]
            base_url="http://device-gateway",
        )
        for r in runtimes
    ]
    try:
        _, public = await new_grant(devices_stub, uuid.uuid4(), source="public")
        _, direct = await new_grant(devices_stub, uuid.uuid4(), source="direct")
        replies = [await upload(clients[i % 2], public, jpeg(i)) for i in range(3)]
        assert [r.status_code for r in replies] == [201, 201, 429]
        assert replies[-1].headers["retry-after"] == "30"  # the minute's window ends in 30 s
        assert (await upload(clients[0], direct, jpeg(9))).status_code == 201  # not public
    finally:
        for client, runtime in zip(clients, runtimes, strict=True):
            await client.aclose()
            await runtime.publisher.stop()
            await runtime.engine.dispose()


async def test_browsers_on_the_gateway_origin_may_speak_tus(parts: ServiceParts) -> None:
    origin = "https://custody.example"
    app = create_app(parts.http_app.state.device_api, [origin])  # type: ignore[union-attr]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dg") as browser:
        preflight = await browser.options(
            INGEST,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "PATCH",
                "Access-Control-Request-Headers": "upload-offset,upload-checksum,tus-resumable",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin
        stranger = await browser.options(
            INGEST,
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "PATCH"},
        )
        assert "access-control-allow-origin" not in stranger.headers
        discovered = await browser.options(INGEST, headers={"Origin": origin})
        exposed = discovered.headers["access-control-expose-headers"].lower()
        assert "upload-offset" in exposed and "location" in exposed
