"""Records published to audit.records on a real Kafka-protocol broker reach the ledger."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.grpc import audit_pb2
from custody_contracts.principal import Principal
from custody_platform.kafka import subscribe

from .conftest import audit_record

pytestmark = pytest.mark.integration


async def test_published_record_is_appended(runtime, parts, stub):
    consumer, topics = parts.consumers[0]
    subscribe(runtime.broker, consumer, topics, group_id=f"audit.ledger-{uuid.uuid4().hex[:8]}")
    await runtime.broker.start()
    await runtime.publisher.start()
    try:
        org, object_id = uuid.uuid4(), str(uuid.uuid4())
        record = audit_record(object_id, "request.submitted", org)
        envelope = Envelope(type=record.type, source="requests")
        body = record.model_dump_json().encode()
        await runtime.publisher.publish(record.topic, record.key, body, envelope.to_headers())
        entries = await _wait_for_entries(stub, object_id, org)
    finally:
        await runtime.broker.stop()
    assert [(e.action, e.event_id) for e in entries] == [("request.submitted", str(envelope.id))]


async def _wait_for_entries(stub, object_id: str, org: uuid.UUID) -> list:  # type: ignore[no-untyped-def,type-arg]
    metadata = Principal(user_id=uuid.uuid4(), org_id=org).to_metadata()
    request = audit_pb2.ListRecordsRequest(object_id=object_id)
    for _ in range(200):
        entries = list((await stub.ListRecords(request, metadata=metadata)).entries)
        if entries:
            return entries
        await asyncio.sleep(0.1)
    raise AssertionError("the record never reached the ledger")
