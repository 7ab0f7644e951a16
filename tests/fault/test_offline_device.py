"""A device that stays offline for the whole request window: its command waits, queued,
through expiry sweeps and a gateway restart, and arrives as soon as the device checks in."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from custody_platform.runtime import ServiceRuntime

from .conftest import GatewayProcesses, enrolled, queue_export, scalar

pytestmark = pytest.mark.integration
OFFLINE_SECONDS = 2.0  # ten expiry sweeps (SWEEP_SECONDS=0.2) pass meanwhile


async def test_an_offline_device_gets_its_command_when_it_comes_online(
    gateway: GatewayProcesses, runtime: ServiceRuntime
) -> None:
    device = await enrolled(runtime, gateway.url)
    token = await asyncio.to_thread(device.token, gateway.url)
    command_id = await queue_export(runtime, device)
    await asyncio.sleep(OFFLINE_SECONDS / 2)
    await asyncio.to_thread(gateway.restart)  # the queue is in the database, not in memory
    await asyncio.sleep(OFFLINE_SECONDS / 2)
    status_sql = "SELECT status FROM device_gateway.commands WHERE id = :c"
    assert await scalar(runtime, status_sql, c=command_id) == "queued"
    seen = "SELECT last_seen_at FROM device_gateway.devices WHERE id = :d"
    assert await scalar(runtime, seen, d=device.id) is None  # it never came online

    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=gateway.url, headers=headers, timeout=30) as client:
        started = time.monotonic()
        response = await client.post("/device/v1/checkin?wait=10", json={"recording": True})
        waited = time.monotonic() - started
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["commands"]] == [str(command_id)]
    assert waited < 10  # delivered at once, not at the end of the long poll
    assert await scalar(runtime, status_sql, c=command_id) == "delivered"
