from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from custody_contracts.envelope import Envelope
from custody_platform.kafka import KafkaPublisher, make_broker, subscribe
from custody_platform.runtime import ServiceParts, ServiceRuntime
from device_gateway.entrypoints.workers import expire_overdue

from .conftest import (
    EnrolledDevice,
    deliver,
    enrolled_device,
    execute,
    export_for,
    outbox,
    queued_command,
    scalar,
)

pytestmark = pytest.mark.integration
STATUS = "SELECT status FROM device_gateway.commands WHERE id = :id"


async def checkin(client: httpx.AsyncClient, device: EnrolledDevice, wait: float = 0) -> list:  # type: ignore[type-arg]
    response = await client.post(f"/device/v1/checkin?wait={wait}", json={}, headers=device.headers)
    assert response.status_code == 200, response.text
    return list(response.json()["commands"])


async def test_export_requested_queues_one_command_that_checkin_delivers_once(
    runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    event = export_for(device, channel=2)
    event_id = uuid.uuid4()
    await deliver(parts, event, event_id)
    await deliver(parts, event, event_id)  # redelivered by Kafka: one effect
    await deliver(parts, event)  # published twice upstream: still one command per export
    [command] = await checkin(client, device)
    assert command["kind"] == "export" and command["channel"] == 2
    assert command["start"].startswith("2024-05-01T11:50:00")
    assert await checkin(client, device) == []  # delivered; redelivered only if never acked
    queued, delivered = await outbox(runtime, "audit.record.v1", command["id"])
    assert queued["action"] == "export.queued" and queued["actor_type"] == "service"
    assert delivered["action"] == "command.delivered" and delivered["actor_type"] == "device"
    assert await scalar(runtime, STATUS, id=uuid.UUID(command["id"])) == "delivered"


async def test_unacknowledged_commands_are_delivered_again(
    runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    command_id = await queued_command(parts, client, device)
    await execute(
        runtime,
        "UPDATE device_gateway.commands SET delivered_at = now() - interval '1 hour' "
        "WHERE id = :id",
        id=uuid.UUID(command_id),
    )
    [again] = await checkin(client, device)
    assert again["id"] == command_id
    attempts = "SELECT attempts FROM device_gateway.commands WHERE id = :id"
    assert await scalar(runtime, attempts, id=uuid.UUID(command_id)) == 2


async def test_export_for_a_device_of_another_org_fails_without_a_command(
    runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    for event in (
        export_for(device, owner_org_id=uuid.uuid4()),
        export_for(device, device_id=uuid.uuid4()),
    ):
        await deliver(parts, event)
        [failed] = await outbox(runtime, "device_gateway.export_failed.v1", event.device_id)
        assert failed["reason"] == "device_not_found"
        assert failed["export"]["export_id"] == str(event.export_id)
        await execute(
            runtime, "DELETE FROM device_gateway.outbox WHERE key = :k", k=str(event.device_id)
        )
    assert await checkin(client, device) == []


async def test_a_device_never_sees_or_touches_another_devices_commands(
    runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    neighbour = await enrolled_device(runtime, client, org_id=device.org_id)
    command_id = await queued_command(parts, client, neighbour)
    await deliver(parts, export_for(neighbour))
    assert await checkin(client, device) == []
    for path, body in (("ack", {}), ("no-video", {"reason": "overwritten"})):
        response = await client.post(
            f"/device/v1/commands/{command_id}/{path}", json=body, headers=device.headers
        )
        assert response.status_code == 404, response.text
    assert await scalar(runtime, STATUS, id=uuid.UUID(command_id)) == "delivered"


async def test_ack_then_no_video_tells_the_requester_why(
    runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    command_id = await queued_command(parts, client, device)
    ack = f"/device/v1/commands/{command_id}/ack"
    for _ in range(2):  # a retried ack is harmless
        acked = await client.post(ack, json={}, headers=device.headers)
        assert acked.json() == {"id": command_id, "status": "acknowledged"}
    no_video = f"/device/v1/commands/{command_id}/no-video"
    body = {"reason": "background_recording_disabled", "detail": "BODYCAM default"}
    answered = await client.post(no_video, json=body, headers=device.headers)
    assert answered.json()["status"] == "no_video"
    [event] = await outbox(runtime, "device_gateway.no_video_available.v1", device.id)
    assert (
        event["reason"] == "background_recording_disabled"
        and event["export"]["case_number"] == "MPD-1"
    )
    again = await client.post(no_video, json=body, headers=device.headers)
    assert again.status_code == 409 and again.json()["current_state"] == "no_video"
    bad = await client.post(no_video, json={"reason": "dog ate it"}, headers=device.headers)
    assert bad.status_code == 422


async def test_long_poll_returns_soon_after_a_command_is_queued(
    parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    loop = asyncio.get_running_loop()
    waiting = asyncio.create_task(checkin(client, device, wait=10))
    await asyncio.sleep(0.5)
    assert not waiting.done()
    queued_at = loop.time()
    await deliver(parts, export_for(device))
    commands = await asyncio.wait_for(waiting, timeout=5)
    assert len(commands) == 1 and loop.time() - queued_at < 1.0
    started = loop.time()
    assert await checkin(client, device, wait=0.5) == []  # nothing due: waits, then returns empty
    assert 0.5 <= loop.time() - started < 2


async def test_overdue_commands_expire_and_fail_their_export(
    runtime: ServiceRuntime, parts: ServiceParts, client: httpx.AsyncClient, device: EnrolledDevice
) -> None:
    await deliver(parts, export_for(device))
    await execute(
        runtime,
        "UPDATE device_gateway.commands SET expires_at = now() WHERE device_id = :d",
        d=device.id,
    )
    assert await checkin(client, device) == []  # expired commands are never handed out
    assert await expire_overdue(runtime.uow, parts_staging(parts)) >= 1
    [failed] = await outbox(runtime, "device_gateway.export_failed.v1", device.id)
    assert failed["reason"] == "expired"


def parts_staging(parts: ServiceParts):  # type: ignore[no-untyped-def]
    return parts.http_app.state.device_api.uploads.staging  # type: ignore[union-attr]


async def test_export_requested_arrives_over_kafka(
    runtime: ServiceRuntime,
    parts: ServiceParts,
    client: httpx.AsyncClient,
    device: EnrolledDevice,
    kafka_bootstrap_servers: str,
    mock_kafka,
    unique_topic: str,  # type: ignore[no-untyped-def]
) -> None:
    if mock_kafka is not None:
        mock_kafka.create_topic(unique_topic, 1)
        mock_kafka.create_topic(f"{unique_topic}.dlq", 1)
    consumer, topics = parts.consumers[0]
    assert topics == ["requests.events"]
    broker = make_broker(kafka_bootstrap_servers, "device-gateway-test")
    subscribe(broker, consumer, [unique_topic], group_id=f"g-{unique_topic}")
    publisher = KafkaPublisher(kafka_bootstrap_servers, "requests-test")
    await broker.start()
    await publisher.start()
    try:
        event = export_for(device)
        headers = Envelope(type=event.type, source="requests").to_headers()
        await publisher.publish(unique_topic, event.key, event.model_dump_json().encode(), headers)
        commands = await checkin(client, device, wait=15)
    finally:
        await publisher.stop()
        await broker.stop()
    assert len(commands) == 1
