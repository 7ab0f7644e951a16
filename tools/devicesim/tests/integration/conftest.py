"""A real device gateway for the simulator: Postgres, filesystem object store, uvicorn on
127.0.0.1. The simulator is synchronous, so tests drive it through asyncio.to_thread."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from custody_contracts.envelope import Envelope
from custody_contracts.events.video_requests import ExportRequested
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.migrations import upgrade
from custody_platform.runtime import ServiceParts, ServiceRuntime
from device_gateway.bootstrap import build
from device_gateway.config import Settings
from device_gateway.service_layer import devices
from pydantic import SecretStr
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool


@pytest.fixture(scope="session")
def gateway_database_url(database_url: str) -> Iterator[str]:
    name = f"sim_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    upgrade("device_gateway", url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@dataclass
class Gateway:
    url: str
    runtime: ServiceRuntime
    parts: ServiceParts

    async def new_device(self, kind: str = "in_car") -> tuple[uuid.UUID, uuid.UUID, str]:
        """(device id, org id, enrollment code), as Harbor Mall's org admin creates it."""
        admin = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles={ROLE_ORG_ADMIN})
        async with self.runtime.uow() as uow:
            device, code = await devices.create_device(
                uow, admin, devices.NewDevice("Dock DVR", kind, 2)
            )
            await uow.commit()
        return device.id, device.org_id, code

    async def request_export(
        self, device_id: uuid.UUID, org_id: uuid.UUID, **overrides: Any
    ) -> ExportRequested:
        """ExportRequested through the service's own consumer, as Kafka would deliver it."""
        end = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
        event = ExportRequested(
            export_id=uuid.uuid4(),
            request_id=uuid.uuid4(),
            line_item_id=uuid.uuid4(),
            owner_org_id=org_id,
            requester_org_id=uuid.uuid4(),
            camera_id=uuid.uuid4(),
            device_id=device_id,
            channel=1,
            start=end - timedelta(minutes=10),
            end=end,
            case_number="MPD-77",
            permission="download",
            **overrides,
        )
        headers = {
            k: v.decode() for k, v in Envelope(type=event.type, source="requests").to_headers()
        }
        consumer, _ = self.parts.consumers[0]
        await consumer.handle(
            event.model_dump_json().encode(),
            headers,
            topic="requests.events",
            partition=0,
            offset=0,
            key=None,
        )
        return event

    async def outbox(self, event_type: str, key: object) -> list[dict[str, Any]]:
        query = "SELECT payload FROM device_gateway.outbox WHERE event_type = :t AND key = :k"
        async with self.runtime.engine.connect() as conn:
            rows = await conn.execute(text(query), {"t": event_type, "k": str(key)})
            return [json.loads(row.payload) for row in rows]


@pytest.fixture
async def gateway(
    gateway_database_url: str, kafka_bootstrap_servers: str, tmp_path: Path
) -> AsyncIterator[Gateway]:
    settings = Settings(
        database_url=gateway_database_url,
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        object_store_path=tmp_path / "objects",
        staging_dir=tmp_path / "staging",
        jwt_secret=SecretStr("simulator-test-secret-of-32-bytes-or-more"),
        checkin_poll_seconds=0.1,
        vms_watch_root=tmp_path / "vms-watch",
    )
    runtime = ServiceRuntime(settings)
    parts = build(runtime)
    sock = socket.create_server(("127.0.0.1", 0))  # listening now: no wait for uvicorn
    server = uvicorn.Server(uvicorn.Config(parts.http_app, log_level="warning"))  # type: ignore[arg-type]
    task = asyncio.create_task(server.serve(sockets=[sock]))
    yield Gateway(f"http://127.0.0.1:{sock.getsockname()[1]}", runtime, parts)
    server.should_exit = True
    await task
    await runtime.publisher.stop()  # never started here; closes it quietly
    await runtime.engine.dispose()
