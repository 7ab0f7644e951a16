"""Kafka wiring: an idempotent producer for the relay and dead letters, and FastStream
subscribers with an explicit acknowledgement policy.

FastStream's default policy (ACK_FIRST) commits before the handler runs, so a crash loses
the message. We use NACK_ON_ERROR: the offset is committed after the handler's transaction,
and a raising handler seeks back so the message is redelivered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaProducer, ConsumerRecord, TopicPartition
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage

from custody_platform.consumer import BatchConsumer, IdempotentConsumer, Record
from custody_platform.metrics import CONSUMER_LAG
from custody_platform.tracing import kafka_middlewares


class KafkaPublisher:
    """acks=all with idempotence: a retried send never duplicates within a partition."""

    def __init__(self, bootstrap_servers: str, client_id: str) -> None:
        self._config: dict[str, Any] = {
            "bootstrap_servers": bootstrap_servers,
            "client_id": client_id,
            "acks": "all",
            "enable_idempotence": True,
            "linger_ms": 5,
            # Bigger batches than aiokafka's 16 KiB: fewer, larger fetches for consumers.
            "max_batch_size": 1024 * 1024,
        }
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        # Built here, not in __init__: aiokafka binds a producer to the loop running when it is
        # constructed, and run_service builds the runtime before uvicorn starts its loop.
        self._producer = AIOKafkaProducer(**self._config)
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()

    async def publish_many(
        self, messages: Sequence[tuple[str, str, bytes, list[tuple[str, bytes]]]]
    ) -> None:
        """Send (topic, key, value, headers) messages and wait until every one is acknowledged."""
        if self._producer is None:
            raise RuntimeError("KafkaPublisher.start() has not been called")
        futures = [
            await self._producer.send(topic, value, key=key.encode(), headers=headers)
            for topic, key, value, headers in messages
        ]
        for future in futures:
            await future

    async def publish(
        self, topic: str, key: str, value: bytes, headers: list[tuple[str, bytes]]
    ) -> None:
        await self.publish_many([(topic, key, value, headers)])


def make_broker(bootstrap_servers: str, client_id: str) -> KafkaBroker:
    return KafkaBroker(
        bootstrap_servers, client_id=client_id, logger=None, middlewares=kafka_middlewares()
    )


async def _raw_body(message: StreamMessage[Any]) -> bytes:
    """Hand the body over undecoded: the consumer parses it, and a malformed one must reach the
    dead-letter topic instead of failing inside FastStream and being redelivered forever."""
    return bytes(message.body)


# How long a fetch waits on the broker when nothing is there. Kafka answers a waiting fetch as
# soon as a record arrives; on the embedded broker (librdkafka's mock cluster) aiokafka's 500 ms
# showed up in every event's latency (a paced workflow's broker-to-handler lag, p50 1.16 s, was
# 0.74 s at 100 ms). An idle consumer sends ten small fetches a second instead of two.
FETCH_MAX_WAIT_MS = 100


def subscribe(
    broker: KafkaBroker,
    consumer: IdempotentConsumer,
    topics: Sequence[str],
    *,
    group_id: str,
    session_timeout_ms: int = 10_000,
) -> None:
    """Route every record of `topics` to the consumer, committing only after it returns.

    The session timeout is how long the group waits for a consumer that died without leaving
    before its partitions go to another (or to the same service, restarted)."""
    options: dict[str, Any] = {
        "group_id": group_id,
        "ack_policy": AckPolicy.NACK_ON_ERROR,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": session_timeout_ms,
        "heartbeat_interval_ms": max(100, session_timeout_ms // 3),
        "fetch_max_wait_ms": FETCH_MAX_WAIT_MS,
    }
    if isinstance(consumer, BatchConsumer):
        _subscribe_batch(broker, consumer, topics, options)
        return

    @broker.subscriber(*topics, max_poll_records=50, decoder=_raw_body, **options)
    async def _on_record(message: KafkaMessage) -> None:
        record = message.raw_message
        if isinstance(record, tuple):  # only batch subscribers get tuples; keep mypy honest
            raise TypeError("batch records are not supported")
        await consumer.handle(
            record.value or b"",
            _headers(record),
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key,
        )
        record_lag(message.consumer, consumer, record.topic, record.partition, record.offset)


def _subscribe_batch(
    broker: KafkaBroker, consumer: BatchConsumer, topics: Sequence[str], options: dict[str, Any]
) -> None:
    @broker.subscriber(
        *topics, batch=True, max_records=1000, batch_timeout_ms=100, decoder=_raw_batch, **options
    )
    async def _on_batch(message: KafkaMessage) -> None:
        records = message.raw_message
        batch = records if isinstance(records, tuple) else (records,)
        await consumer.handle_batch(
            [
                Record(
                    topic=r.topic,
                    partition=r.partition,
                    offset=r.offset,
                    key=r.key,
                    value=r.value or b"",
                    headers=_headers(r),
                )
                for r in batch
            ]
        )
        last = {(r.topic, r.partition): r.offset for r in batch}  # offsets rise in a batch
        for (topic, partition), offset in last.items():
            record_lag(message.consumer, consumer, topic, partition, offset)


def record_lag(
    client: Any, consumer: IdempotentConsumer, topic: str, partition: int, offset: int
) -> None:
    """Records behind the one just handled, from the high watermark of the client's last fetch
    (no network call): current while records flow. A consumer stuck on one record keeps its
    last value; its failure counters and the broker-side lag (kafka-exporter) show that."""
    highwater = getattr(client, "highwater", None)  # FastStream's stand-in client has none
    end = highwater(TopicPartition(topic, partition)) if highwater else None
    if end is not None:
        lag = max(end - offset - 1, 0)
        CONSUMER_LAG.labels(consumer.service, consumer.name, topic, str(partition)).set(lag)


async def _raw_batch(message: StreamMessage[Any]) -> list[bytes]:
    return [bytes(body) for body in message.body]


def _headers(record: ConsumerRecord[Any, Any]) -> dict[str, str]:
    return {k: v.decode(errors="replace") for k, v in (record.headers or ())}
