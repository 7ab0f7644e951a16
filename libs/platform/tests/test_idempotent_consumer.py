from __future__ import annotations

import asyncio
import uuid

import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.events.registry import CameraRegistered
from custody_platform.consumer import BatchConsumer, IdempotentConsumer
from custody_platform.kafka import KafkaPublisher, make_broker, subscribe
from sqlalchemy import text

from .conftest import read_topic

pytestmark = pytest.mark.integration


def _event(name: str = "Lobby") -> CameraRegistered:
    return CameraRegistered(
        camera_id=uuid.uuid4(),
        org_id=uuid.uuid4(),
        name=name,
        kind="fixed",
        latitude=45.5,
        longitude=-73.6,
    )


async def _send(
    publisher: KafkaPublisher, topic: str, event: CameraRegistered, envelope: Envelope
) -> None:
    await publisher.publish(
        topic, event.key, event.model_dump_json().encode(), envelope.to_headers()
    )


async def _count(engine, schema: str, note: str | None = None) -> int:  # type: ignore[no-untyped-def]
    where = " WHERE note = :note" if note else ""
    async with engine.connect() as conn:
        return int(
            await conn.scalar(
                text(f'SELECT count(*) FROM "{schema}".effects{where}'), {"note": note}
            )
        )


async def _wait_for(predicate, within: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + within
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.1)


@pytest.fixture(params=["per_event", "batch"])
async def harness(
    request, uow_factory, engine, unique_schema, unique_topic, kafka_bootstrap_servers, mock_kafka
):  # type: ignore[no-untyped-def]
    """The same behaviour is asked of both consumers: a batch that fails is replayed one
    event at a time, so duplicates, poison and failing events end as they do one by one."""
    if mock_kafka is not None:
        mock_kafka.create_topic(unique_topic, 1)
        mock_kafka.create_topic(f"{unique_topic}.dlq", 1)
    publisher = KafkaPublisher(kafka_bootstrap_servers, "test")
    await publisher.start()

    async def record(event: CameraRegistered, uow, envelope) -> None:  # type: ignore[no-untyped-def]
        if event.name == "always-fails":
            raise RuntimeError("handler bug")
        await uow.session.execute(
            text(f'INSERT INTO "{unique_schema}".effects (note) VALUES (:n)'), {"n": event.name}
        )

    async def record_all(uow, items) -> None:  # type: ignore[no-untyped-def]
        for event, envelope in items:
            await record(event, uow, envelope)

    common = {
        "name": "recorder",
        "service": "test",
        "uow_factory": uow_factory,
        "dead_letters": publisher,
        "max_attempts": 3,
        "backoff_seconds": 0.01,
    }
    consumer: IdempotentConsumer
    if request.param == "batch":
        consumer = BatchConsumer(events=[CameraRegistered], batch_handler=record_all, **common)
    else:
        consumer = IdempotentConsumer(handlers={CameraRegistered: record}, **common)
    broker = make_broker(kafka_bootstrap_servers, "test")
    subscribe(broker, consumer, [unique_topic], group_id=f"g-{unique_topic}")
    await broker.start()
    yield publisher, unique_topic
    await broker.stop()
    await publisher.stop()


async def test_redelivered_event_has_one_effect(harness, engine, unique_schema):
    publisher, topic = harness
    event = _event("once")
    envelope = Envelope(type=event.type, source="test")
    for _ in range(3):
        await _send(publisher, topic, event, envelope)
    marker = _event("marker")
    await _send(publisher, topic, marker, Envelope(type=marker.type, source="test"))
    await _wait_for(lambda: _count_is(engine, unique_schema, "marker", 1))
    assert await _count(engine, unique_schema, "once") == 1


async def _count_is(engine, schema, note, n):  # type: ignore[no-untyped-def]
    return await _count(engine, schema, note) == n


async def test_poison_and_failing_messages_go_to_dlq_without_stalling(
    harness, engine, unique_schema, kafka_bootstrap_servers
):
    publisher, topic = harness
    await publisher.publish(
        topic, "k", b"{not json", Envelope(type=_event().type, source="t").to_headers()
    )
    await publisher.publish(
        topic, "k", b"{}", [("content-type", b"application/json")]
    )  # no ce_* headers
    failing = _event("always-fails")
    await _send(publisher, topic, failing, Envelope(type=failing.type, source="test"))
    unknown = _event("ignored")
    await publisher.publish(
        topic,
        "k",
        unknown.model_dump_json().encode(),
        Envelope(type="someone.else.v9", source="t").to_headers(),
    )
    after = _event("after-poison")
    await _send(publisher, topic, after, Envelope(type=after.type, source="test"))

    await _wait_for(lambda: _count_is(engine, unique_schema, "after-poison", 1))
    dead = await read_topic(kafka_bootstrap_servers, f"{topic}.dlq", expected=3)
    assert len(dead) == 3
    errors = [dict(r.headers) for r in dead]
    assert [h["x-error-type"] for h in errors] == [
        b"ValidationError",
        b"ValueError",
        b"RuntimeError",
    ]
    assert errors[2]["x-error-attempts"] == b"3"
    assert errors[2]["x-original-topic"] == topic.encode()
    assert await _count(engine, unique_schema) == 1  # unknown type skipped, failures left no rows
