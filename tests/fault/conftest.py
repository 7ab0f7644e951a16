"""Fault tests: real device-gateway processes on loopback, against real Postgres, the
Kafka-protocol broker and a filesystem object store, killed with SIGKILL mid-work."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
from custody_contracts.events.video_requests import ExportRequested
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.migrations import upgrade
from custody_platform.runtime import ServiceRuntime
from device_gateway.config import Settings
from device_gateway.service_layer import commands, devices
from pydantic import SecretStr
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

SECRET = "fault-test-secret-of-at-least-32-bytes!!"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def fault_database_url(database_url: str) -> Iterator[str]:
    name = f"fault_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    upgrade("device_gateway", url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class ForkServer:
    """The gateway_forkserver.py process: imports the service once, forks gateways fast."""

    def __init__(self, log: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "S3_ENDPOINT"}
        self.log = log
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("gateway_forkserver.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            env=env,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready", log.read_text()[-3000:]

    def fork(self, env: dict[str, str]) -> int:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(f"start {json.dumps(env)}\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        self._log_file.close()


@pytest.fixture(scope="session")
def forkserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkServer]:
    server = ForkServer(tmp_path_factory.mktemp("fault") / "gateways.log")
    yield server
    server.close()


@dataclass
class GatewayProcesses:
    """One gateway at a time on a fixed port; `restart` kills the current one with SIGKILL."""

    settings: Settings
    env: dict[str, str]
    forkserver: ForkServer
    pid: int | None = None
    kills: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.http_port}"

    def start(self) -> None:
        self.pid = self.forkserver.fork(self.env)
        self._wait_healthy()

    def kill(self) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.kills += 1
            self.pid = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        log = self.forkserver.log.read_text()[-3000:]
        raise AssertionError(f"gateway did not start:\n{log}")


@pytest.fixture
def fault_settings(
    fault_database_url: str, kafka_bootstrap_servers: str, tmp_path: Path
) -> Settings:
    return Settings(
        database_url=fault_database_url,
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        object_store_path=tmp_path / "objects",
        staging_dir=tmp_path / "staging",
        jwt_secret=SecretStr(SECRET),
        http_port=free_port(),
        grpc_port=free_port(),
        checkin_poll_seconds=0.05,
        sweep_seconds=0.2,
        max_device_uploads=50,  # clients that lost a creation response leave open uploads
    )


@pytest.fixture
def gateway(fault_settings: Settings, forkserver: ForkServer) -> Iterator[GatewayProcesses]:
    s = fault_settings
    env = {
        "DATABASE_URL": s.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": s.kafka_bootstrap_servers,
        "OBJECT_STORE_PATH": str(s.object_store_path),
        "STAGING_DIR": str(s.staging_dir),
        "JWT_SECRET": SECRET,
        "HTTP_PORT": str(s.http_port),
        "GRPC_PORT": str(s.grpc_port),
        "CHECKIN_POLL_SECONDS": str(s.checkin_poll_seconds),
        "SWEEP_SECONDS": str(s.sweep_seconds),
        "MAX_DEVICE_UPLOADS": str(s.max_device_uploads),
        # A killed gateway never leaves its consumer group: the restarted one waits for the
        # group to expire the dead member before it starts. 10 s by default; not under 4 s,
        # as the embedded broker holds a first JoinGroup for 3 s without heartbeats.
        "KAFKA_SESSION_TIMEOUT_MS": "4000",
    }
    processes = GatewayProcesses(s, env, forkserver)
    processes.start()
    try:
        yield processes
    finally:
        processes.kill()


@pytest.fixture
async def runtime(fault_settings: Settings) -> AsyncIterator[ServiceRuntime]:
    """The same database from the test process: create devices, queue commands, inspect."""
    runtime = ServiceRuntime(fault_settings)
    yield runtime
    await runtime.publisher.stop()
    await runtime.engine.dispose()


@dataclass
class Device:
    id: uuid.UUID
    org_id: uuid.UUID
    secret: str

    def token(self, url: str) -> str:
        body = {"device_id": str(self.id), "device_secret": self.secret}
        response = requests.post(f"{url}/device/v1/token", json=body, timeout=10)
        response.raise_for_status()
        return str(response.json()["access_token"])


async def enrolled(runtime: ServiceRuntime, url: str) -> Device:
    admin = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles={ROLE_ORG_ADMIN})
    async with runtime.uow() as uow:
        device, code = await devices.create_device(
            uow, admin, devices.NewDevice("Car 7", "in_car", 2)
        )
        await uow.commit()
    async with httpx.AsyncClient(base_url=url) as client:
        response = await client.post("/device/v1/enroll", json={"enrollment_code": code})
        response.raise_for_status()
    return Device(device.id, device.org_id, response.json()["device_secret"])


async def queue_export(runtime: ServiceRuntime, device: Device, channel: int = 1) -> uuid.UUID:
    """As the device gateway's ExportRequested handler would; returns the command id."""
    end = datetime(2024, 5, 1, 12, tzinfo=UTC)
    event = ExportRequested(
        export_id=uuid.uuid4(),
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=device.org_id,
        requester_org_id=uuid.uuid4(),
        camera_id=uuid.uuid4(),
        device_id=device.id,
        channel=channel,
        start=end - timedelta(minutes=5),
        end=end,
        case_number="F-1",
        permission="download",
    )
    async with runtime.uow() as uow:
        await commands.queue_export(uow, event, ttl=timedelta(hours=1))
        await uow.commit()
    async with runtime.engine.connect() as conn:
        query = "SELECT id FROM device_gateway.commands WHERE export_id = :e"
        return uuid.UUID(str(await conn.scalar(text(query), {"e": event.export_id})))


async def scalar(runtime: ServiceRuntime, sql: str, **params: Any) -> Any:
    async with runtime.engine.connect() as conn:
        return await conn.scalar(text(sql), params)
