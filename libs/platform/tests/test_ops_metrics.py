"""The metrics the alert rules read: outbox backlog age, consumer lag, HTTP buckets."""

from __future__ import annotations

import uuid

import pytest
from aiokafka import TopicPartition
from custody_contracts.events.registry import CameraRegistered
from custody_platform.kafka import KafkaPublisher, record_lag
from custody_platform.metrics import HTTP_BUCKETS
from custody_platform.relay import OutboxRelay
from prometheus_client import REGISTRY
from sqlalchemy import text


class _Client:
    """Stands in for AIOKafkaConsumer: the high watermark its last fetch saw."""

    def highwater(self, tp: TopicPartition) -> int | None:
        return {("t", 0): 10}.get((tp.topic, tp.partition))


class _Consumer:
    service, name = "lag-test", "reader"


@pytest.mark.unit
def test_consumer_lag_is_the_records_after_the_one_handled() -> None:
    record_lag(_Client(), _Consumer(), "t", 0, 6)  # type: ignore[arg-type]
    labels = {"service": "lag-test", "consumer": "reader", "topic": "t", "partition": "0"}
    assert REGISTRY.get_sample_value("custody_consumer_lag", labels) == 3  # offsets 7, 8, 9
    record_lag(_Client(), _Consumer(), "t", 0, 9)  # type: ignore[arg-type]
    assert REGISTRY.get_sample_value("custody_consumer_lag", labels) == 0
    record_lag(_Client(), _Consumer(), "t", 1, 9)  # type: ignore[arg-type]  # nothing fetched
    assert REGISTRY.get_sample_value("custody_consumer_lag", {**labels, "partition": "1"}) is None


@pytest.mark.unit
def test_http_buckets_reach_half_an_hour_for_uploads_and_downloads() -> None:
    assert HTTP_BUCKETS[-1] == 1800 and 0.005 in HTTP_BUCKETS


@pytest.mark.integration
async def test_outbox_backlog_age_is_the_oldest_unsent_row(
    uow_factory, engine, unique_schema, kafka_bootstrap_servers
):
    relay = OutboxRelay(
        engine,
        KafkaPublisher(kafka_bootstrap_servers, "age-test"),
        schema=unique_schema,
        service=f"age-{unique_schema}",
    )
    labels = {"service": f"age-{unique_schema}"}
    assert await relay.backlog() == 0
    assert REGISTRY.get_sample_value("custody_outbox_oldest_age_seconds", labels) == 0
    async with uow_factory() as uow:
        for _ in range(2):
            uow.emit(_camera())
        await uow.commit()
    async with engine.begin() as conn:
        await conn.execute(
            text(
                f'UPDATE "{unique_schema}".outbox SET created_at = now() - '
                "(interval '1 minute' * seq)"
            )
        )
        oldest = await conn.scalar(text(f'SELECT max(seq) * 60 FROM "{unique_schema}".outbox'))
    assert await relay.backlog() == 2
    age = REGISTRY.get_sample_value("custody_outbox_oldest_age_seconds", labels)
    assert age is not None and oldest <= age < oldest + 30


def _camera() -> CameraRegistered:
    return CameraRegistered(
        camera_id=uuid.uuid4(),
        org_id=uuid.uuid4(),
        name="Lobby",
        kind="fixed",
        latitude=45.5,
        longitude=-73.6,
    )
