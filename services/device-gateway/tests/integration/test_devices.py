from __future__ import annotations

import uuid

import grpc
import httpx
import jwt
import pytest
from custody_contracts.grpc import devices_pb2
from custody_contracts.principal import ROLE_GUEST, ROLE_INVESTIGATOR, ROLE_ORG_ADMIN
from custody_platform.runtime import ServiceRuntime

from .conftest import (
    TOKEN_SECRET,
    EnrolledDevice,
    as_user,
    create_device,
    execute,
    outbox,
    scalar,
)

pytestmark = pytest.mark.integration
AUDIT = "audit.record.v1"


async def test_org_admin_creates_a_device_over_grpc_and_only_its_org_sees_it(
    devices_stub, runtime: ServiceRuntime
) -> None:
    org = uuid.uuid4()
    created = await devices_stub.CreateDevice(
        devices_pb2.CreateDeviceRequest(name="Dock DVR", kind="in_car", channels=2),
        metadata=as_user(org, ROLE_ORG_ADMIN),
    )
    device = created.device
    assert len(created.enrollment_code) >= 40
    # It goes on command lines (python -m custody_devicesim --enrollment-code ...): hex only,
    # never a leading "-" that would read as an option.
    assert set(created.enrollment_code) <= set("0123456789abcdef")
    assert (device.org_id, device.kind, device.background_recording) == (str(org), "in_car", True)
    assert not device.online and not device.HasField("last_seen_at")
    fetched = await devices_stub.GetDevice(
        devices_pb2.GetDeviceRequest(id=device.id), metadata=as_user(org, ROLE_INVESTIGATOR)
    )
    assert fetched == device
    with pytest.raises(grpc.aio.AioRpcError) as other_org:
        await devices_stub.GetDevice(
            devices_pb2.GetDeviceRequest(id=device.id),
            metadata=as_user(uuid.uuid4(), ROLE_ORG_ADMIN),
        )
    assert other_org.value.code() == grpc.StatusCode.NOT_FOUND
    [audit] = await outbox(runtime, AUDIT, device.id)
    assert audit["action"] == "device.created" and audit["org_ids"] == [str(org)]
    code_hash = "SELECT enrollment_code_hash FROM device_gateway.devices WHERE id = :id"
    stored = await scalar(runtime, code_hash, id=uuid.UUID(device.id))
    assert stored and created.enrollment_code not in stored  # only a hash is kept


async def test_create_device_rules(devices_stub) -> None:
    org = uuid.uuid4()
    body_worn = await devices_stub.CreateDevice(
        devices_pb2.CreateDeviceRequest(name="Cam 7", kind="body_worn", channels=1),
        metadata=as_user(org, ROLE_ORG_ADMIN),
    )
    assert body_worn.device.background_recording is False
    forced = await devices_stub.CreateDevice(
        devices_pb2.CreateDeviceRequest(
            name="Cam 8", kind="body_worn", channels=1, background_recording=True
        ),
        metadata=as_user(org, ROLE_ORG_ADMIN),
    )
    assert forced.device.background_recording is True
    cases = [
        (as_user(org, ROLE_INVESTIGATOR), "in_car", grpc.StatusCode.PERMISSION_DENIED),
        (as_user(org, ROLE_ORG_ADMIN), "drone", grpc.StatusCode.INVALID_ARGUMENT),
        ([], "in_car", grpc.StatusCode.UNAUTHENTICATED),
    ]
    for metadata, kind, code in cases:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await devices_stub.CreateDevice(
                devices_pb2.CreateDeviceRequest(name="X", kind=kind, channels=1), metadata=metadata
            )
        assert refused.value.code() == code


async def test_enrollment_code_is_single_use(
    runtime: ServiceRuntime, client: httpx.AsyncClient
) -> None:
    device_id, _, code = await create_device(runtime)
    first = await client.post("/device/v1/enroll", json={"enrollment_code": code})
    assert first.status_code == 200 and first.json()["device_id"] == str(device_id)
    for attempt in (code, "never-issued"):
        again = await client.post("/device/v1/enroll", json={"enrollment_code": attempt})
        assert again.status_code == 401
        assert again.headers["content-type"] == "application/problem+json"
        assert again.json()["status"] == 401
    [_, enrolled] = await outbox(runtime, AUDIT, device_id)
    assert enrolled["action"] == "device.enrolled" and enrolled["actor_type"] == "device"


async def test_tokens_are_short_lived_device_jwts(
    client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    body = {"device_id": str(device.id), "device_secret": device.secret}
    issued = (await client.post("/device/v1/token", json=body)).json()
    assert issued["expires_in"] == 900
    claims = jwt.decode(
        issued["access_token"],
        TOKEN_SECRET,
        algorithms=["HS256"],
        audience="custody-device",
    )
    assert claims["sub"] == str(device.id) and claims["exp"] - claims["iat"] == 900
    for wrong in (
        {"device_id": str(device.id), "device_secret": "guess"},
        {"device_id": str(uuid.uuid4()), "device_secret": device.secret},
    ):
        assert (await client.post("/device/v1/token", json=wrong)).status_code == 401


async def test_device_routes_refuse_missing_forged_and_revoked_tokens(
    runtime: ServiceRuntime, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    forged = jwt.encode(
        {
            "sub": str(device.id),
            "org": str(device.org_id),
            "aud": "custody-device",
            "iss": "custody-device-gateway",
            "exp": 4102444800,
        },
        "someone-elses-secret-also-32-bytes-long",
        algorithm="HS256",
    )
    user_token = jwt.encode(
        {"sub": str(device.id), "aud": "custody-api", "exp": 4102444800},
        TOKEN_SECRET,
        algorithm="HS256",
    )
    for headers in (
        {},
        {"Authorization": "Basic abc"},
        {"Authorization": f"Bearer {forged}"},
        {"Authorization": f"Bearer {user_token}"},
    ):
        refused = await client.post("/device/v1/checkin", json={}, headers=headers)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    await execute(
        runtime, "UPDATE device_gateway.devices SET revoked = true WHERE id = :id", id=device.id
    )
    assert (
        await client.post("/device/v1/checkin", json={}, headers=device.headers)
    ).status_code == 401
    body = {"device_id": str(device.id), "device_secret": device.secret}
    assert (await client.post("/device/v1/token", json=body)).status_code == 401


async def test_checkin_records_health_and_reports_device_seen_once_a_minute(
    runtime: ServiceRuntime, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    report = {"storage_free_bytes": 1 << 30, "battery_percent": 55.5, "recording": True}
    for _ in range(3):
        response = await client.post("/device/v1/checkin", json=report, headers=device.headers)
        assert response.status_code == 200 and response.json()["commands"] == []
    [seen] = await outbox(runtime, "device_gateway.device_seen.v1", device.id)
    assert seen["org_id"] == str(device.org_id)
    bad = await client.post(
        "/device/v1/checkin", json={"battery_percent": 140}, headers=device.headers
    )
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    too_long = await client.post("/device/v1/checkin?wait=60", json={}, headers=device.headers)
    assert too_long.status_code == 422


async def test_a_guest_of_the_organization_sees_none_of_its_devices(devices_stub) -> None:
    """A guest carries the inviting organization's id but is no member of it."""
    org = uuid.uuid4()
    created = await devices_stub.CreateDevice(
        devices_pb2.CreateDeviceRequest(name="Yard DVR", kind="in_car", channels=1),
        metadata=as_user(org, ROLE_ORG_ADMIN),
    )
    guest = as_user(org, ROLE_GUEST)
    calls = (
        devices_stub.GetDevice(devices_pb2.GetDeviceRequest(id=created.device.id), metadata=guest),
        devices_stub.ListTransfers(
            devices_pb2.ListTransfersRequest(device_id=created.device.id), metadata=guest
        ),
    )
    for call in calls:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
