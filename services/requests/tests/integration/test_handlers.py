"""Outcomes of exports arriving as events, through the platform's idempotent consumer."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.device_gateway import ExportContext, ExportFailed, NoVideoAvailable
from custody_contracts.events.evidence import EvidenceIngested
from custody_platform.consumer import IdempotentConsumer
from custody_platform.kafka import KafkaPublisher, make_broker, subscribe
from custody_platform.unit_of_work import committed
from video_requests.adapters.orm import LineItem
from video_requests.domain.commands import DecideLineItem, LineItemInput, SubmitRequest
from video_requests.entrypoints.handlers import HANDLERS
from video_requests.service_layer import decisions, queries
from video_requests.service_layer.clock import SlaClock
from video_requests.service_layer.ports import RequestView
from video_requests.service_layer.submit import submit_request

from .conftest import World, events_of

pytestmark = pytest.mark.integration

END = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


@pytest.fixture
async def publisher(kafka_bootstrap_servers: str) -> AsyncIterator[KafkaPublisher]:
    publisher = KafkaPublisher(kafka_bootstrap_servers, "requests-test")
    await publisher.start()
    yield publisher
    await publisher.stop()


@pytest.fixture
def consumer(uow_factory, publisher) -> IdempotentConsumer:
    return IdempotentConsumer(
        name="requests-projector",
        service="requests",
        handlers=HANDLERS,
        uow_factory=uow_factory,
        dead_letters=publisher,
        backoff_seconds=0.01,
    )


@pytest.fixture
async def exporting(uow_factory, cameras, world: World) -> RequestView:
    """A request whose Harbor Mall item is exporting and whose Corner Shop item waits."""
    items = tuple(
        LineItemInput(uuid.UUID(c.id), END - timedelta(hours=1), END)
        for c in (world.harbor_camera, world.shop_camera)
    )
    submitted = await committed(
        uow_factory,
        submit_request,
        cameras,
        cameras,
        world.investigator,
        SubmitRequest("INC-9", "", items),
        SlaClock(),
    )
    decide = DecideLineItem(submitted.request.id, submitted.items[0].id, permission="download")
    await committed(uow_factory, decisions.approve_line_item, world.harbor_approver, decide)
    return await committed(
        uow_factory, queries.get_request, world.investigator, submitted.request.id
    )


async def deliver(consumer: IdempotentConsumer, event: Event, envelope: Envelope | None = None):
    envelope = envelope or Envelope(type=event.type, source="test")
    headers = {k: v.decode() for k, v in envelope.to_headers()}
    await consumer.handle(
        event.model_dump_json().encode(),
        headers,
        topic=event.topic,
        partition=0,
        offset=0,
        key=None,
    )
    return envelope


def ingested(
    item: LineItem, case_id: uuid.UUID, org_id: uuid.UUID, **overrides
) -> EvidenceIngested:
    """Evidence in a case of ``org_id``: the requester's when the export was delivered."""
    fields = dict(
        evidence_id=uuid.uuid4(),
        case_id=case_id,
        org_id=org_id,
        sha256="ab" * 32,
        size=1024,
        source="video_request",
        request_id=item.request_id,
        line_item_id=item.id,
    )
    return EvidenceIngested(**{**fields, **overrides})


def context(item: LineItem) -> ExportContext:
    assert item.export_id is not None
    return ExportContext(
        export_id=item.export_id,
        request_id=item.request_id,
        line_item_id=item.id,
        owner_org_id=item.owner_org_id,
        requester_org_id=uuid.uuid4(),
        camera_id=item.camera_id,
        case_number="INC-9",
        permission="download",
    )


async def item_now(uow_factory, world: World, view: RequestView, index: int = 0):
    fresh = await committed(uow_factory, queries.get_request, world.investigator, view.request.id)
    return fresh, fresh.items[index]


async def test_evidence_fulfils_the_line_item_exactly_once(
    consumer, uow_factory, world: World, exporting, engine, unique_schema
):
    item, case_id = exporting.items[0], uuid.uuid4()
    event = ingested(item, case_id, world.metro)
    envelope = await deliver(consumer, event)
    await deliver(consumer, event, envelope)  # redelivery: skipped by event id
    await deliver(consumer, event)  # a replay under a new id: the item is already fulfilled
    request, fulfilled = await item_now(uow_factory, world, exporting)
    assert (fulfilled.status, fulfilled.case_id) == ("fulfilled", case_id)
    assert fulfilled.evidence_id == event.evidence_id
    assert request.request.status == "partially_fulfilled"
    (announced,) = await events_of(engine, unique_schema, "requests.request_fulfilled.v1")
    assert announced["line_item_id"] == str(item.id)
    assert announced["requester_user_id"] == str(world.investigator.user_id)
    audits = await events_of(engine, unique_schema, "audit.record.v1")
    assert [a["action"] for a in audits].count("line_item.fulfilled") == 1


@pytest.mark.parametrize(
    ("event_type", "reason"),
    [
        (NoVideoAvailable, "no recording for that period"),
        (ExportFailed, "export failed: disk error"),
    ],
)
async def test_missing_video_is_recorded_with_its_reason(
    consumer, uow_factory, world: World, exporting, engine, unique_schema, event_type, reason
):
    item = exporting.items[0]
    sent = reason.removeprefix("export failed: ")
    event = event_type(device_id=item.device_id, export=context(item), reason=sent)
    await deliver(consumer, event)
    await deliver(consumer, event)
    _, unavailable = await item_now(uow_factory, world, exporting)
    assert (unavailable.status, unavailable.reason) == ("video_unavailable", reason)
    audits = await events_of(engine, unique_schema, "audit.record.v1")
    assert [a["reason"] for a in audits if a["action"] == "line_item.video_unavailable"] == [reason]


async def test_unrelated_evidence_changes_nothing(
    consumer, uow_factory, world: World, exporting, engine, unique_schema
):
    before = await events_of(engine, unique_schema, "audit.record.v1")
    item = exporting.items[0]
    await deliver(
        consumer, ingested(item, uuid.uuid4(), world.metro, request_id=None, line_item_id=None)
    )
    await deliver(consumer, ingested(item, uuid.uuid4(), world.metro, line_item_id=uuid.uuid4()))
    _, unchanged = await item_now(uow_factory, world, exporting)
    assert unchanged.status == "exporting"
    assert await events_of(engine, unique_schema, "audit.record.v1") == before


async def test_evidence_arriving_over_kafka_fulfils_the_item(
    consumer,
    publisher,
    uow_factory,
    world: World,
    exporting,
    unique_topic,
    mock_kafka,
    kafka_bootstrap_servers,
):
    if mock_kafka is not None:
        mock_kafka.create_topic(unique_topic, 1)
    broker = make_broker(kafka_bootstrap_servers, "requests-test")
    subscribe(broker, consumer, [unique_topic], group_id=f"g-{unique_topic}")
    await broker.start()
    try:
        event = ingested(exporting.items[0], uuid.uuid4(), world.metro)
        headers = Envelope(type=event.type, source="evidence").to_headers()
        await publisher.publish(unique_topic, event.key, event.model_dump_json().encode(), headers)
        for _ in range(200):
            _, item = await item_now(uow_factory, world, exporting)
            if item.status == "fulfilled":
                break
            await asyncio.sleep(0.1)
    finally:
        await broker.stop()
    assert item.status == "fulfilled"
