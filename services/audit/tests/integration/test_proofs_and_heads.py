"""Signed tree heads, inclusion and consistency proofs over gRPC, checked with the pure
verifiers and the published public key; queries by case, actor and time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from audit.domain.entries import entry_leaf_hash
from audit.domain.tree_heads import signed_text
from audit.domain.verifiers import verify_consistency, verify_inclusion
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from custody_contracts.events.audit import AuditRecord
from custody_contracts.grpc import audit_pb2
from custody_contracts.principal import Principal
from google.protobuf.timestamp_pb2 import Timestamp

from .conftest import audit_record

pytestmark = pytest.mark.integration


def caller(org_id: uuid.UUID, *roles: str) -> list[tuple[str, str]]:
    return Principal(user_id=uuid.uuid4(), org_id=org_id, roles=frozenset(roles)).to_metadata()


def superadmin() -> list[tuple[str, str]]:
    return caller(uuid.uuid4(), "superadmin")


async def check_head(stub, head) -> None:  # type: ignore[no-untyped-def]
    key = await stub.GetPublicKey(audit_pb2.PublicKeyRequest(), metadata=caller(uuid.uuid4()))
    assert (key.algorithm, key.key_id) == ("Ed25519", head.key_id)
    message = signed_text(
        head.tree_size, bytes.fromhex(head.root_hash), head.timestamp_ms, head.key_id
    )
    load_pem_public_key(key.public_key_pem.encode()).verify(  # type: ignore[union-attr,call-arg]
        bytes.fromhex(head.signature), message
    )


async def test_every_entry_proves_its_inclusion_in_a_signed_head(deliver, stub):
    org = uuid.uuid4()
    envelopes = [await deliver(audit_record(str(uuid.uuid4()), "x", org)) for _ in range(5)]
    head = await stub.SignTreeHead(audit_pb2.SignTreeHeadRequest(), metadata=superadmin())
    await check_head(stub, head)
    for envelope in envelopes:
        proof = await stub.GetInclusionProof(
            audit_pb2.InclusionProofRequest(event_id=str(envelope.id), tree_head_id=head.id),
            metadata=caller(org),
        )
        leaf = entry_leaf_hash(proof.entry.canonical)
        assert leaf.hex() == proof.entry.leaf_hash
        path = [bytes.fromhex(h) for h in proof.audit_path]
        root = bytes.fromhex(proof.tree_head.root_hash)
        assert verify_inclusion(leaf, proof.entry.index, head.tree_size, path, root)
        assert not verify_inclusion(leaf, proof.entry.index, head.tree_size, path[:-1], root)


async def test_a_later_head_is_consistent_with_an_earlier_one(deliver, stub):
    org = uuid.uuid4()
    await deliver(audit_record(str(uuid.uuid4()), "x", org))
    first = await stub.SignTreeHead(audit_pb2.SignTreeHeadRequest(), metadata=superadmin())
    for _ in range(3):
        await deliver(audit_record(str(uuid.uuid4()), "y", org))
    latest = await stub.SignTreeHead(audit_pb2.SignTreeHeadRequest(), metadata=superadmin())
    latest_request = audit_pb2.LatestTreeHeadRequest()
    assert (await stub.GetLatestTreeHead(latest_request, metadata=superadmin())).id == latest.id
    found = await stub.GetConsistencyProof(
        audit_pb2.ConsistencyProofRequest(from_tree_head_id=first.id), metadata=caller(org)
    )
    assert (found.from_head.id, found.to_head.id) == (first.id, latest.id)
    proof = [bytes.fromhex(h) for h in found.proof]
    old, new = bytes.fromhex(first.root_hash), bytes.fromhex(latest.root_hash)
    assert verify_consistency(first.tree_size, latest.tree_size, old, new, proof)
    assert not verify_consistency(first.tree_size, latest.tree_size, new, new, proof)


@pytest.mark.parametrize("roles", [(), ("investigator",), ("org_admin",), ("guest",)])
async def test_only_a_superadmin_signs_on_demand_or_reads_the_latest_head(deliver, stub, roles):
    org = uuid.uuid4()
    envelope = await deliver(audit_record(str(uuid.uuid4()), "x", org))
    for method, request in (
        (stub.SignTreeHead, audit_pb2.SignTreeHeadRequest()),
        (stub.GetLatestTreeHead, audit_pb2.LatestTreeHeadRequest()),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await method(request, metadata=caller(org, *roles))
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    head = await stub.SignTreeHead(audit_pb2.SignTreeHeadRequest(), metadata=superadmin())
    service = caller(uuid.UUID(int=0), "service")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.SignTreeHead(audit_pb2.SignTreeHeadRequest(), metadata=service)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    latest = audit_pb2.LatestTreeHeadRequest()
    assert (await stub.GetLatestTreeHead(latest, metadata=service)).id >= head.id
    # What a member needs to check its organization's record: the proof carries its head.
    proof = await stub.GetInclusionProof(
        audit_pb2.InclusionProofRequest(event_id=str(envelope.id)), metadata=caller(org)
    )
    assert proof.tree_head.id >= head.id and proof.tree_head.signature


async def test_proof_errors(deliver, stub):
    org = uuid.uuid4()
    envelope = await deliver(audit_record(str(uuid.uuid4()), "x", org))
    cases = [
        (str(envelope.id), 0, caller(uuid.uuid4()), grpc.StatusCode.NOT_FOUND),  # other org
        (str(uuid.uuid4()), 0, caller(org), grpc.StatusCode.NOT_FOUND),
        ("not-a-uuid", 0, caller(org), grpc.StatusCode.INVALID_ARGUMENT),
        (str(envelope.id), 10**9, caller(org), grpc.StatusCode.NOT_FOUND),
    ]
    for event_id, head_id, metadata, status in cases:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.GetInclusionProof(
                audit_pb2.InclusionProofRequest(event_id=event_id, tree_head_id=head_id),
                metadata=metadata,
            )
        assert err.value.code() == status, (event_id, head_id)


async def test_an_entry_newer_than_the_head_is_not_provable_yet(deliver, stub):
    org = uuid.uuid4()
    head = await stub.SignTreeHead(audit_pb2.SignTreeHeadRequest(), metadata=superadmin())
    envelope = await deliver(audit_record(str(uuid.uuid4()), "x", org))
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.GetInclusionProof(
            audit_pb2.InclusionProofRequest(event_id=str(envelope.id), tree_head_id=head.id),
            metadata=caller(org),
        )
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def _timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


async def test_queries_by_case_actor_and_time(deliver, stub):
    org, case_id = uuid.uuid4(), str(uuid.uuid4())
    case = audit_record(case_id, "case.created", org).model_copy(update={"object_type": "case"})
    item = audit_record(str(uuid.uuid4()), "evidence.ingested", org, case_id=case_id)
    old = audit_record(str(uuid.uuid4()), "evidence.viewed", org, case_id=case_id)
    old = old.model_copy(update={"occurred_at": datetime.now(UTC) - timedelta(days=2)})
    unrelated = audit_record(str(uuid.uuid4()), "evidence.ingested", org)
    for record in (case, item, old, unrelated):
        await deliver(record)

    async def actions(**fields) -> list[str]:  # type: ignore[no-untyped-def]
        request = audit_pb2.ListRecordsRequest(**fields)
        found = await stub.ListRecords(request, metadata=caller(org))
        return [e.action for e in found.entries]

    assert await actions(case_id=case_id) == [
        "case.created",
        "evidence.ingested",
        "evidence.viewed",
    ]
    since = _timestamp(datetime.now(UTC) - timedelta(days=1))
    assert await actions(case_id=case_id, since=since) == ["case.created", "evidence.ingested"]
    until = _timestamp(datetime.now(UTC) - timedelta(days=1))
    assert await actions(case_id=case_id, until=until) == ["evidence.viewed"]
    assert await actions(actor_id=item.actor_id) == ["evidence.ingested"]
    request = audit_pb2.ListRecordsRequest(case_id=case_id)
    assert not (await stub.ListRecords(request, metadata=caller(uuid.uuid4()))).entries
    for bad in ({}, {"since": until, "until": since}):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.ListRecords(audit_pb2.ListRecordsRequest(**bad), metadata=caller(org))
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_paging_by_start_index(deliver, stub):
    org, actor = uuid.uuid4(), str(uuid.uuid4())
    for n in range(3):
        record: AuditRecord = audit_record(str(uuid.uuid4()), f"step.{n}", org)
        await deliver(record.model_copy(update={"actor_id": actor}))
    first = await stub.ListRecords(
        audit_pb2.ListRecordsRequest(actor_id=actor, limit=2), metadata=caller(org)
    )
    assert [e.action for e in first.entries] == ["step.0", "step.1"]
    rest = await stub.ListRecords(
        audit_pb2.ListRecordsRequest(actor_id=actor, limit=2, start_index=first.next_start_index),
        metadata=caller(org),
    )
    assert [e.action for e in rest.entries] == ["step.2"]
    assert rest.next_start_index == 0
