"""VideoUploaded -> case, content-addressed original, EvidenceIngested and custody record."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer
from custody_contracts import topics
from custody_platform.objectstore import IntegrityError, content_address
from custody_platform.runtime import ServiceRuntime
from evidence.service_layer.ingest import ingest_upload
from sqlalchemy import text

from .conftest import staged_upload

pytestmark = pytest.mark.integration

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40


async def _items(runtime: ServiceRuntime, upload_id: uuid.UUID) -> list[dict]:  # type: ignore[type-arg]
    query = text("SELECT * FROM evidence.evidence_items WHERE upload_id = :u")
    async with runtime.engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(query, {"u": upload_id})).mappings()]


async def test_upload_becomes_evidence_in_the_requesters_case(
    runtime, store, deliver, outbox
) -> None:
    event = staged_upload(store, VIDEO)
    await deliver(event)

    [item] = await _items(runtime, event.upload_id)
    export = event.export
    assert item["org_id"] == export.requester_org_id
    assert item["object_key"] == content_address(event.sha256)
    assert item["filename"] == "clip.mp4"
    assert (item["source"], item["permission_for_requester"]) == ("device", "download")
    assert store.read_bytes(item["object_key"]) == VIDEO
    async with runtime.engine.connect() as conn:
        case = (
            (
                await conn.execute(
                    text("SELECT * FROM evidence.cases WHERE id = :id"), {"id": item["case_id"]}
                )
            )
            .mappings()
            .one()
        )
    assert (case["org_id"], case["number"]) == (export.requester_org_id, export.case_number)
    assert case["title"] == f"Video request {export.case_number}"

    [ingested] = [
        e
        for e in await outbox("evidence.evidence_ingested.v1")
        if e["evidence_id"] == str(item["id"])
    ]
    assert ingested["case_id"] == str(case["id"]) and ingested["sha256"] == event.sha256
    assert ingested["request_id"] == str(export.request_id)
    records = [r for r in await outbox("audit.record.v1") if r["object_id"] == str(item["id"])]
    assert [r["action"] for r in records] == ["evidence.ingested"]
    assert records[0]["object_hash"] == event.sha256
    assert records[0]["org_ids"] == [str(export.requester_org_id), str(export.owner_org_id)]


async def test_redelivery_and_duplicate_upload_ingest_once(runtime, store, deliver, outbox):
    event = staged_upload(store, VIDEO + b"dup")
    envelope = await deliver(event)
    await deliver(event, envelope)  # the same message again
    await deliver(event)  # the same upload announced under a new event id
    items = await _items(runtime, event.upload_id)
    assert len(items) == 1
    ingested = [
        e
        for e in await outbox("evidence.evidence_ingested.v1")
        if e["evidence_id"] == str(items[0]["id"])
    ]
    assert len(ingested) == 1


async def test_same_bytes_uploaded_twice_share_one_original(runtime, store, deliver):
    first = staged_upload(store, VIDEO + b"same")
    await deliver(first)
    store.delete(first.object_key)  # staging may be cleaned up once ingested
    export = first.export.model_copy(update={"line_item_id": uuid.uuid4()})
    second = staged_upload(store, VIDEO + b"same", export=export)
    await deliver(second)
    [a], [b] = await _items(runtime, first.upload_id), await _items(runtime, second.upload_id)
    assert a["case_id"] == b["case_id"]
    assert a["object_key"] == b["object_key"]
    assert a["id"] != b["id"]


async def test_staged_bytes_must_match_an_existing_original(runtime, store, deliver):
    original = staged_upload(store, VIDEO + b"original")
    await deliver(original)
    forged = staged_upload(store, VIDEO + b"other bytes", sha256=original.sha256)
    async with runtime.uow() as uow:
        with pytest.raises(IntegrityError):
            await ingest_upload(uow, store, forged)
    assert await _items(runtime, forged.upload_id) == []


async def test_hash_mismatch_is_dead_lettered_and_ingests_nothing(
    runtime: ServiceRuntime, store, deliver, outbox, kafka_bootstrap_servers
):
    event = staged_upload(store, VIDEO + b"tampered", sha256="ab" * 32)
    await runtime.publisher.start()
    try:
        envelope = await deliver(event)
    finally:
        await runtime.publisher.stop()
    assert await _items(runtime, event.upload_id) == []
    assert not store.exists(content_address("ab" * 32))
    dead = await _dead_letter(kafka_bootstrap_servers, str(envelope.id))
    assert dead["x-error-type"] == b"IntegrityError"
    assert dead["x-error-attempts"] == b"2"


async def _dead_letter(bootstrap: str, event_id: str) -> dict[str, bytes]:
    consumer = AIOKafkaConsumer(
        topics.dlq(topics.DEVICE_GATEWAY),
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        deadline = asyncio.get_running_loop().time() + 15.0
        while asyncio.get_running_loop().time() < deadline:
            for messages in (await consumer.getmany(timeout_ms=200)).values():
                for message in messages:
                    headers = dict(message.headers)
                    if headers.get("ce_id") == event_id.encode():
                        return headers
    finally:
        await consumer.stop()
    raise AssertionError("no dead letter for the event")
