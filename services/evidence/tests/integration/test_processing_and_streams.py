"""The processing worker's claims and retries, and range streams over damaged originals."""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import timedelta
from typing import Any

import grpc
import pytest
from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal
from custody_platform.objectstore import ObjectLocked, content_address
from evidence.entrypoints.workers import process_next
from evidence.service_layer import processing, retention
from evidence.service_layer.processing import ProcessingPolicy
from prometheus_client import REGISTRY
from sqlalchemy import text

from .conftest import staged_upload

pytestmark = pytest.mark.integration

DATA = bytes(range(256)) * 64  # 16 KiB: four 4 KiB blocks
BLOCK = 4096
POLICY = ProcessingPolicy(block_size=BLOCK, max_attempts=2, retry_delay=timedelta(0))


async def _ingest(runtime: Any, store: Any, deliver: Any, data: bytes) -> tuple[Any, uuid.UUID]:
    event = staged_upload(store, data)
    await deliver(event)
    query = text("SELECT id FROM evidence.evidence_items WHERE upload_id = :u")
    async with runtime.engine.connect() as conn:
        item_id = (await conn.execute(query, {"u": event.upload_id})).scalar_one()
    return event, item_id


async def _state(runtime: Any, item_id: uuid.UUID) -> dict[str, Any]:
    query = text(
        "SELECT processing, processing_attempts, processing_error"
        " FROM evidence.evidence_items WHERE id = :id"
    )
    async with runtime.engine.connect() as conn:
        return dict((await conn.execute(query, {"id": item_id})).mappings().one())


async def _only_item(runtime: Any, item_id: uuid.UUID) -> None:
    """Other tests' leftovers must not be claimed first: mark them done."""
    query = text("UPDATE evidence.evidence_items SET processing = 'done' WHERE id != :id")
    async with runtime.engine.begin() as conn:
        await conn.execute(query, {"id": item_id})


async def test_a_failing_item_is_retried_then_marked_failed(
    runtime: Any, store: Any, deliver: Any, outbox: Any
) -> None:
    event, item_id = await _ingest(runtime, store, deliver, DATA + b"gone")
    await _only_item(runtime, item_id)
    store.delete(content_address(event.sha256))  # every attempt fails

    assert await process_next(runtime.uow, store, POLICY)
    first = await _state(runtime, item_id)
    assert first["processing"] == "pending" and first["processing_attempts"] == 1
    assert first["processing_error"].startswith("ObjectNotFound")

    assert await process_next(runtime.uow, store, POLICY)
    last = await _state(runtime, item_id)
    assert last["processing"] == "failed" and last["processing_attempts"] == 2
    assert not await process_next(runtime.uow, store, POLICY)  # never tried again
    failed = [
        r
        for r in await outbox("audit.record.v1")
        if r.get("action") == "evidence.processed" and r.get("object_id") == str(item_id)
    ]
    assert [r["details"]["outcome"] for r in failed] == ["failed"]


async def test_a_tampered_original_fails_processing_at_once(
    runtime: Any, store: Any, deliver: Any
) -> None:
    event, item_id = await _ingest(runtime, store, deliver, DATA + b"tampered")
    await _only_item(runtime, item_id)
    path = store.root / content_address(event.sha256)
    path.chmod(0o644)
    path.write_bytes(b"X" + (DATA + b"tampered")[1:])
    failures = _integrity_failures()

    assert await process_next(runtime.uow, store, POLICY)
    state = await _state(runtime, item_id)
    assert state["processing"] == "failed" and state["processing_attempts"] == 1
    assert state["processing_error"].startswith("integrity")
    assert _integrity_failures() == failures + 1  # what the EvidenceIntegrityFailure alert reads


def _integrity_failures() -> float:
    labels = {"service": "evidence"}
    return REGISTRY.get_sample_value("custody_object_integrity_failures_total", labels) or 0.0


async def test_the_row_is_not_locked_while_the_file_is_read(
    runtime: Any, store: Any, deliver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, item_id = await _ingest(runtime, store, deliver, DATA + b"slow")
    await _only_item(runtime, item_id)
    reading, release = threading.Event(), threading.Event()
    real = processing.compute_blocks

    def slow_blocks(*args: Any) -> bytes:
        reading.set()
        release.wait(30)
        return real(*args)

    monkeypatch.setattr(processing, "compute_blocks", slow_blocks)
    worker = asyncio.create_task(process_next(runtime.uow, store, POLICY))
    try:
        assert await asyncio.to_thread(reading.wait, 30)
        lock = text("SELECT id FROM evidence.evidence_items WHERE id = :id FOR UPDATE NOWAIT")
        async with runtime.engine.begin() as conn:  # would raise if the worker held the row
            assert (await conn.execute(lock, {"id": item_id})).scalar_one() == item_id
    finally:
        release.set()
    assert await worker
    assert (await _state(runtime, item_id))["processing"] == "done"


async def test_a_stream_finding_a_damaged_block_is_data_loss(
    runtime: Any, store: Any, deliver: Any, stub: Any, outbox: Any
) -> None:
    """No block hashes yet: the stream computes them, finds the file altered, and answers
    DATA_LOSS (recorded), not an internal error."""
    event, item_id = await _ingest(runtime, store, deliver, DATA + b"rot")
    path = store.root / content_address(event.sha256)
    path.chmod(0o644)
    damaged = bytearray(DATA + b"rot")
    damaged[5000] ^= 0xFF
    path.write_bytes(bytes(damaged))
    principal = Principal(
        user_id=uuid.uuid4(),
        org_id=event.export.requester_org_id,
        roles=frozenset({"investigator"}),
    )
    request = evidence_pb2.StreamEvidenceRequest(id=str(item_id), offset=0, length=100)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        async for _ in stub.StreamEvidence(request, metadata=principal.to_metadata()):
            pass
    assert err.value.code() == grpc.StatusCode.DATA_LOSS
    records = await outbox("audit.record.v1")
    mine = [r for r in records if r.get("object_id") == str(item_id)]
    assert [r["action"] for r in mine if r["action"].startswith("evidence.")][-1] == (
        "evidence.integrity_failed"
    )
    assert not any(r["action"] == "evidence.streamed" for r in mine)


async def test_closing_a_case_locks_its_originals_for_their_retention(
    runtime: Any, store: Any, deliver: Any
) -> None:
    event, item_id = await _ingest(runtime, store, deliver, DATA + b"lock me")
    async with runtime.engine.begin() as conn:
        case_id = (
            await conn.execute(
                text("SELECT case_id FROM evidence.evidence_items WHERE id = :id"), {"id": item_id}
            )
        ).scalar_one()
        await conn.execute(
            text(
                "INSERT INTO evidence.retention_policies (org_id, category, days)"
                " VALUES (:org, 'default', 30)"
            ),
            {"org": event.export.requester_org_id},
        )
        closed_at = (
            await conn.execute(
                text(
                    "UPDATE evidence.cases SET status = 'closed', closed_at = now()"
                    " WHERE id = :id RETURNING closed_at"
                ),
                {"id": case_id},
            )
        ).scalar_one()
    key = content_address(event.sha256)

    assert await _lock_closed_case(runtime, store, case_id, None) == 0
    assert store.lock_state(key).retain_until is None

    assert await _lock_closed_case(runtime, store, case_id, "governance") == 1
    lock = store.lock_state(key)
    assert lock.mode == "governance" and lock.retain_until == closed_at + timedelta(days=30)
    with pytest.raises(ObjectLocked):
        store.delete(key)


async def _lock_closed_case(runtime: Any, store: Any, case_id: uuid.UUID, mode: Any) -> int:
    """As SetCaseStatus does once a case is closed: in a unit of work of its own."""
    async with runtime.uow() as uow:
        locked = await retention.lock_closed_case(uow, store, case_id, mode)
        await uow.commit()
    return locked


async def test_a_whole_verified_range_records_when_the_item_was_last_verified(
    runtime: Any, store: Any, deliver: Any, stub: Any
) -> None:
    """The player shows when a read last checked the bytes: unset until a stream completes,
    then the time of that read; comments keep the time code they are about."""
    event, item_id = await _ingest(runtime, store, deliver, DATA + b"verified")
    principal = Principal(
        user_id=uuid.uuid4(),
        org_id=event.export.requester_org_id,
        roles=frozenset({"investigator"}),
    )
    md = principal.to_metadata()
    get = evidence_pb2.GetEvidenceRequest(id=str(item_id))
    assert not (await stub.GetEvidence(get, metadata=md)).HasField("verified_at")
    request = evidence_pb2.StreamEvidenceRequest(id=str(item_id), offset=4000, length=300)
    sent = b"".join([c.data async for c in stub.StreamEvidence(request, metadata=md)])
    assert sent == (DATA + b"verified")[4000:4300]
    assert (await stub.GetEvidence(get, metadata=md)).HasField("verified_at")

    add = evidence_pb2.AddCommentRequest(evidence_id=str(item_id), body="at the door", at_s=2.5)
    assert (await stub.AddComment(add, metadata=md)).at_s == 2.5
    plain = evidence_pb2.AddCommentRequest(evidence_id=str(item_id), body="no time code")
    assert not (await stub.AddComment(plain, metadata=md)).HasField("at_s")
    wrong = evidence_pb2.AddCommentRequest(evidence_id=str(item_id), body="x", at_s=-1)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.AddComment(wrong, metadata=md)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    listed = await stub.ListComments(
        evidence_pb2.ListCommentsRequest(evidence_id=str(item_id)), metadata=md
    )
    assert [c.at_s for c in listed.comments if c.HasField("at_s")] == [2.5]
