"""Redrive dead letters: every record waiting on `<topic>.dlq` goes back to `<topic>` with its
original key, value and headers (the x-error-* and x-original-* notes dropped). Consumers
claim events by id, so a redriven event already applied is skipped as a duplicate, and one
that fails again is dead-lettered again. The DLQ offsets are committed in a group of this
tool's own only after the broker acknowledged every copy: a second run redrives nothing twice."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from custody_contracts.topics import dlq
from custody_platform.kafka import KafkaPublisher

from custody_admin.outcome import OK, Outcome, Refused, Unreachable
from custody_admin.target import Target

GROUP = "custody-admin-redrive"
_NOTES = ("x-error-", "x-original-")
POLL_MS = 1000


def redrive(target: Target, topic: str, limit: int | None) -> Outcome:
    if not target.kafka_bootstrap_servers:
        raise Unreachable("no broker: give --stack, or set KAFKA_BOOTSTRAP_SERVERS")
    original = topic.removesuffix(".dlq")
    try:
        moved = asyncio.run(_redrive(target.kafka_bootstrap_servers, original, limit))
    except KafkaError as exc:
        raise Unreachable(f"broker {target.kafka_bootstrap_servers}: {exc!r}") from exc
    text = f"redrove {moved} record(s) from {dlq(original)} to {original}"
    return Outcome(OK, text, {"from": dlq(original), "to": original, "redriven": moved})


def redriven_headers(headers: tuple[tuple[str, bytes], ...]) -> list[tuple[str, bytes]]:
    return [(k, v) for k, v in headers if not k.startswith(_NOTES)]


async def _redrive(servers: str, original: str, limit: int | None) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=servers,
        group_id=GROUP,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    publisher = KafkaPublisher(servers, "custody-admin")
    await consumer.start()
    try:
        await publisher.start()
        partitions = await _partitions(consumer, servers, original)
        return await _move(consumer, publisher, original, partitions, limit)
    finally:
        await publisher.stop()
        await consumer.stop()


async def _move(
    consumer: AIOKafkaConsumer,
    publisher: KafkaPublisher,
    original: str,
    numbers: list[int],
    limit: int | None,
) -> int:
    partitions = [TopicPartition(dlq(original), p) for p in numbers]
    consumer.assign(partitions)
    end = await consumer.end_offsets(partitions)
    moved = 0
    while [tp for tp in partitions if await consumer.position(tp) < end[tp]]:
        if limit is not None and moved >= limit:
            break
        batch = await consumer.getmany(*partitions, timeout_ms=POLL_MS)
        records = [r for tp in partitions for r in batch.get(tp, []) if r.offset < end[tp]]
        records = records[: None if limit is None else limit - moved]
        if not records:
            continue
        await publisher.publish_many([_copy(r, original) for r in records])
        await consumer.commit({_tp(r): r.offset + 1 for r in records})
        moved += len(records)
    return moved


async def _partitions(consumer: AIOKafkaConsumer, servers: str, original: str) -> list[int]:
    """The dead-letter topic's partitions, asked of the broker (a consumer knows only those of
    topics it subscribed to)."""
    if dlq(original) not in await consumer.topics():
        raise Refused(f"the broker has no topic {dlq(original)}")
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        [described] = await admin.describe_topics([dlq(original)])
    finally:
        await admin.close()
    return sorted(partition["partition"] for partition in described["partitions"])


def _copy(record: ConsumerRecord[bytes, bytes], original: str) -> tuple[str, str, bytes, list]:
    key = (record.key or b"").decode(errors="replace")
    return original, key, record.value or b"", redriven_headers(tuple(record.headers))


def _tp(record: ConsumerRecord[bytes, bytes]) -> TopicPartition:
    return TopicPartition(record.topic, record.partition)
