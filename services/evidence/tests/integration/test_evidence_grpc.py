"""The Evidence servicer on a real gRPC server: org scoping, downloads, integrity failures."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from custody_contracts.events.device_gateway import VideoUploaded
from custody_contracts.grpc import evidence_pb2
from custody_contracts.principal import Principal
from custody_platform.objectstore import content_address
from prometheus_client import REGISTRY

from .conftest import staged_upload

pytestmark = pytest.mark.integration

VIDEO = bytes(range(256)) * 50  # several 4 KiB chunks
SOURCE = "203.0.113.7"


async def _ingest(store, deliver, data: bytes = VIDEO, permission: str = "download"):  # type: ignore[no-untyped-def]
    event = staged_upload(store, data, permission=permission)
    await deliver(event)
    return event


def _investigator(event: VideoUploaded) -> list[tuple[str, str]]:
    principal = Principal(
        user_id=uuid.uuid4(),
        org_id=event.export.requester_org_id,
        roles=frozenset({"investigator"}),
    )
    return principal.to_metadata()


def _stranger() -> list[tuple[str, str]]:
    principal = Principal(
        user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset({"investigator"})
    )
    return principal.to_metadata()


async def _download(stub, evidence_id: str, metadata) -> bytes:  # type: ignore[no-untyped-def]
    request = evidence_pb2.DownloadEvidenceRequest(id=evidence_id, source_address=SOURCE)
    return b"".join([c.data async for c in stub.DownloadEvidence(request, metadata=metadata)])


async def test_owning_org_sees_its_case_and_evidence(stub, store, deliver) -> None:
    event = await _ingest(store, deliver)
    md = _investigator(event)
    cases = (await stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=md)).cases
    [case] = [c for c in cases if c.number == event.export.case_number]
    assert case.status == "open" and case.org_id == str(event.export.requester_org_id)
    assert (await stub.GetCase(evidence_pb2.GetCaseRequest(id=case.id), metadata=md)) == case
    listed = await stub.ListCaseEvidence(
        evidence_pb2.ListCaseEvidenceRequest(case_id=case.id), metadata=md
    )
    [item] = listed.items
    assert (item.filename, item.size, item.sha256) == ("clip.mp4", len(VIDEO), event.sha256)
    assert (item.permission, item.source) == ("download", "device")
    assert item.request_id == str(event.export.request_id)
    assert await stub.GetEvidence(evidence_pb2.GetEvidenceRequest(id=item.id), metadata=md) == item


async def test_other_orgs_get_not_found(stub, store, deliver) -> None:
    event = await _ingest(store, deliver)
    md = _investigator(event)
    case = (await stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=md)).cases[0]
    items = await stub.ListCaseEvidence(
        evidence_pb2.ListCaseEvidenceRequest(case_id=case.id), metadata=md
    )
    item_id = items.items[0].id
    other = _stranger()
    assert not (await stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=other)).cases
    calls = [
        stub.GetCase(evidence_pb2.GetCaseRequest(id=case.id), metadata=other),
        stub.ListCaseEvidence(
            evidence_pb2.ListCaseEvidenceRequest(case_id=case.id), metadata=other
        ),
        stub.GetEvidence(evidence_pb2.GetEvidenceRequest(id=item_id), metadata=other),
        _download(stub, item_id, other),
    ]
    for call in calls:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await call
        assert err.value.code() == grpc.StatusCode.NOT_FOUND


async def test_download_is_audited_before_the_first_byte(stub, store, deliver, outbox) -> None:
    event = await _ingest(store, deliver)
    md = _investigator(event)
    item_id = await _evidence_id(stub, md)
    request = evidence_pb2.DownloadEvidenceRequest(id=item_id, source_address=SOURCE)
    call = stub.DownloadEvidence(request, metadata=md)
    first = await call.read()
    [record] = await _records(outbox, item_id, "evidence.downloaded")
    assert record["source_address"] == SOURCE and record["actor_type"] == "user"
    assert record["actor_id"] == md[0][1] and record["object_hash"] == event.sha256
    rest = [chunk.data async for chunk in call]
    assert first.data + b"".join(rest) == VIDEO


async def test_view_only_evidence_is_not_downloadable(stub, store, deliver, outbox) -> None:
    event = await _ingest(store, deliver, VIDEO + b"view", permission="view")
    md = _investigator(event)
    item_id = await _evidence_id(stub, md)
    item = await stub.GetEvidence(evidence_pb2.GetEvidenceRequest(id=item_id), metadata=md)
    assert item.permission == "view"
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await _download(stub, item_id, md)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert await _records(outbox, item_id, "evidence.downloaded") == []


async def test_tampered_original_aborts_with_data_loss(stub, store, deliver, outbox) -> None:
    event = await _ingest(store, deliver, VIDEO + b"tamper")
    md = _investigator(event)
    item_id = await _evidence_id(stub, md)
    path = store.root / content_address(event.sha256)
    path.chmod(0o644)
    path.write_bytes(b"X" + (VIDEO + b"tamper")[1:])  # same size, other bytes
    before = _integrity_failures()
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await _download(stub, item_id, md)
    assert err.value.code() == grpc.StatusCode.DATA_LOSS
    assert _integrity_failures() == before + 1
    [record] = await _records(outbox, item_id, "evidence.integrity_failed")
    assert record["object_hash"] == event.sha256
    assert record["reason"].startswith("IntegrityError")


async def test_missing_original_aborts_with_data_loss(stub, store, deliver, outbox) -> None:
    event = await _ingest(store, deliver, VIDEO + b"lost")
    md = _investigator(event)
    item_id = await _evidence_id(stub, md)
    store.delete(content_address(event.sha256))
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await _download(stub, item_id, md)
    assert err.value.code() == grpc.StatusCode.DATA_LOSS
    [record] = await _records(outbox, item_id, "evidence.integrity_failed")
    assert record["reason"].startswith("ObjectNotFound")


async def test_malformed_id_is_invalid_argument(stub, store, deliver) -> None:
    event = await _ingest(store, deliver, VIDEO + b"id")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.GetEvidence(
            evidence_pb2.GetEvidenceRequest(id="../1"), metadata=_investigator(event)
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def _evidence_id(stub, md) -> str:  # type: ignore[no-untyped-def]
    [case] = (await stub.ListCases(evidence_pb2.ListCasesRequest(), metadata=md)).cases
    listed = await stub.ListCaseEvidence(
        evidence_pb2.ListCaseEvidenceRequest(case_id=case.id), metadata=md
    )
    return str(listed.items[0].id)


async def _records(outbox, object_id: str, action: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    records = await outbox("audit.record.v1")
    return [r for r in records if r["object_id"] == object_id and r["action"] == action]


def _integrity_failures() -> float:
    value = REGISTRY.get_sample_value(
        "custody_object_integrity_failures_total", {"service": "evidence"}
    )
    return value or 0.0
