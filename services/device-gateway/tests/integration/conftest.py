"""A real device gateway against real Postgres, a filesystem object store and the embedded
Kafka broker: the app through httpx's ASGI transport, or served by uvicorn for tuspy."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
import uvicorn
from custody_contracts.envelope import Envelope
from custody_contracts.events.video_requests import ExportRequested
from custody_contracts.grpc import devices_pb2_grpc
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.grpc import call_metadata, start_grpc_server
from custody_platform.migrations import upgrade
from custody_platform.runtime import ServiceParts, ServiceRuntime
from device_gateway.bootstrap import build
from device_gateway.config import Settings
from device_gateway.service_layer import devices
from pydantic import SecretStr
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

TOKEN_SECRET = "integration-test-secret-of-32-bytes-or-more"


@pytest.fixture(scope="session")
def gateway_database_url(database_url: str) -> Iterator[str]:
    """A database of its own, migrated once: other services' tests share the server."""
    name = f"dg_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    upgrade("device_gateway", url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def settings(gateway_database_url: str, kafka_bootstrap_servers: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=gateway_database_url,
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        object_store_path=tmp_path / "objects",
        staging_dir=tmp_path / "staging",
        jwt_secret=SecretStr(TOKEN_SECRET),
        checkin_poll_seconds=0.1,
        max_upload_bytes=8 << 20,
    )


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime(settings)
    yield runtime
    await runtime.publisher.stop()  # never started here; closes it quietly
    await runtime.engine.dispose()


@pytest.fixture
def parts(runtime: ServiceRuntime) -> ServiceParts:
    return build(runtime)


@pytest.fixture
async def client(parts: ServiceParts) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=parts.http_app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://device-gateway") as client:
        yield client


@pytest.fixture
async def live_url(parts: ServiceParts) -> AsyncIterator[str]:
    """The app on a real socket, in this event loop (tuspy runs in a thread). The socket
    listens before uvicorn starts, so early connections wait in its backlog."""
    sock = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(parts.http_app, log_level="warning"))  # type: ignore[arg-type]
    task = asyncio.create_task(server.serve(sockets=[sock]))
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    await task


@pytest.fixture
async def devices_stub(parts: ServiceParts) -> AsyncIterator[devices_pb2_grpc.DevicesStub]:
    server = await start_grpc_server(parts.grpc_servicers, port=0, service_name="device-gateway")
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{server.port}")
    yield devices_pb2_grpc.DevicesStub(channel)
    await channel.close()
    await server.stop(grace=None)


def as_user(org_id: uuid.UUID, *roles: str) -> list[tuple[str, str]]:
    return call_metadata(Principal(user_id=uuid.uuid4(), org_id=org_id, roles=frozenset(roles)))


@dataclass
class EnrolledDevice:
    id: uuid.UUID
    org_id: uuid.UUID
    secret: str
    headers: dict[str, str]


async def create_device(
    runtime: ServiceRuntime, org_id: uuid.UUID | None = None, kind: str = "in_car"
) -> tuple[uuid.UUID, uuid.UUID, str]:
    """(device id, org id, enrollment code), as an org admin would create it."""
    admin = Principal(user_id=uuid.uuid4(), org_id=org_id or uuid.uuid4(), roles={ROLE_ORG_ADMIN})
    async with runtime.uow() as uow:
        device, code = await devices.create_device(uow, admin, devices.NewDevice("Dock", kind, 2))
        await uow.commit()
    return device.id, device.org_id, code


async def enrolled_device(
    runtime: ServiceRuntime, client: httpx.AsyncClient, org_id: uuid.UUID | None = None
) -> EnrolledDevice:
    device_id, org, code = await create_device(runtime, org_id)
    enrolled = await client.post("/device/v1/enroll", json={"enrollment_code": code})
    assert enrolled.status_code == 200, enrolled.text
    secret = enrolled.json()["device_secret"]
    token = await client.post(
        "/device/v1/token", json={"device_id": str(device_id), "device_secret": secret}
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    return EnrolledDevice(device_id, org, secret, headers)


@pytest.fixture
async def device(runtime: ServiceRuntime, client: httpx.AsyncClient) -> EnrolledDevice:
    return await enrolled_device(runtime, client)


def export_for(device: EnrolledDevice, **overrides: Any) -> ExportRequested:
    end = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    fields: dict[str, Any] = {
        "export_id": uuid.uuid4(),
        "request_id": uuid.uuid4(),
        "line_item_id": uuid.uuid4(),
        "owner_org_id": device.org_id,
        "requester_org_id": uuid.uuid4(),
        "camera_id": uuid.uuid4(),
        "device_id": device.id,
        "channel": 1,
        "start": end - timedelta(minutes=10),
        "end": end,
        "case_number": "MPD-1",
        "permission": "download",
    }
    return ExportRequested(**(fields | overrides))


async def deliver(
    parts: ServiceParts, event: ExportRequested, event_id: uuid.UUID | None = None
) -> None:
    """Hand the event to the service's consumer exactly as the Kafka subscriber does."""
    consumer, _ = parts.consumers[0]
    envelope = Envelope(id=event_id or uuid.uuid4(), type=event.type, source="requests")
    headers = {k: v.decode() for k, v in envelope.to_headers()}
    await consumer.handle(
        event.model_dump_json().encode(),
        headers,
        topic="requests.events",
        partition=0,
        offset=0,
        key=str(event.request_id).encode(),
    )


async def queued_command(
    parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> str:
    await deliver(parts, export_for(device))
    response = await client.post("/device/v1/checkin", json={}, headers=device.headers)
    assert response.status_code == 200, response.text
    return str(response.json()["commands"][0]["id"])


async def outbox(runtime: ServiceRuntime, event_type: str, key: object) -> list[dict[str, Any]]:
    """Payloads of one type about one aggregate (audit records: about one object)."""
    query = (
        "SELECT payload FROM device_gateway.outbox WHERE event_type = :t AND key = :k ORDER BY seq"
    )
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(text(query), {"t": event_type, "k": str(key)})
        return [json.loads(row.payload) for row in rows]


async def scalar(runtime: ServiceRuntime, sql: str, **params: Any) -> Any:
    async with runtime.engine.connect() as conn:
        return await conn.scalar(text(sql), params)


async def execute(runtime: ServiceRuntime, sql: str, **params: Any) -> None:
    async with runtime.engine.begin() as conn:
        await conn.execute(text(sql), params)


def tus_metadata(**pairs: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in pairs.items())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
