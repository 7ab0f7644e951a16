"""The ledger on real Postgres: ordered appends, deduplication, org scoping, immutability."""

from __future__ import annotations

import asyncio
import json
import uuid

import grpc
import pytest
from audit.bootstrap import build
from audit.config import Settings
from audit.domain.merkle import leaf_hash
from audit.service_layer.ledger import append_record
from custody_contracts.envelope import Envelope
from custody_contracts.grpc import audit_pb2
from custody_contracts.principal import Principal
from custody_platform.runtime import ServiceRuntime
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .conftest import audit_record, writer_url

pytestmark = pytest.mark.integration


def _caller(org_id: uuid.UUID, *roles: str) -> list[tuple[str, str]]:
    principal = Principal(
        user_id=uuid.uuid4(), org_id=org_id, roles=frozenset(roles or {"investigator"})
    )
    return principal.to_metadata()


async def _list(stub, object_id: str, metadata, limit: int = 0):  # type: ignore[no-untyped-def]
    request = audit_pb2.ListRecordsRequest(object_id=object_id, limit=limit)
    return list((await stub.ListRecords(request, metadata=metadata)).entries)


async def test_records_are_listed_in_ledger_order_with_their_leaf_hash(deliver, stub, runtime):
    requester, owner, object_id = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())
    envelopes = []
    for action in ("evidence.ingested", "evidence.downloaded", "evidence.shared"):
        envelopes.append(
            await deliver(audit_record(object_id, action, requester, owner, note=action))
        )
    await deliver(audit_record(str(uuid.uuid4()), "case.created", requester))  # another object

    entries = await _list(stub, object_id, _caller(requester))
    assert [e.action for e in entries] == [
        "evidence.ingested",
        "evidence.downloaded",
        "evidence.shared",
    ]
    assert [e.event_id for e in entries] == [str(env.id) for env in envelopes]
    assert entries[0].index < entries[1].index < entries[2].index
    assert json.loads(entries[1].details_json) == {"note": "evidence.downloaded"}
    assert (entries[0].source_address, entries[0].object_hash) == ("198.51.100.4", "ab" * 32)
    async with runtime.engine.connect() as conn:
        canonical = await conn.scalar(
            text("SELECT canonical FROM audit.ledger_entries WHERE idx = :i"),
            {"i": entries[0].index},
        )
    assert json.loads(canonical)["event_id"] == entries[0].event_id
    assert entries[0].leaf_hash == leaf_hash(canonical.encode()).hex()


async def test_limit_keeps_the_oldest_entries(deliver, stub):
    org, object_id = uuid.uuid4(), str(uuid.uuid4())
    for n in range(3):
        await deliver(audit_record(object_id, f"step.{n}", org))
    entries = await _list(stub, object_id, _caller(org), limit=2)
    assert [e.action for e in entries] == ["step.0", "step.1"]


async def test_callers_see_only_records_their_org_is_party_to(deliver, stub):
    requester, owner, object_id = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())
    await deliver(audit_record(object_id, "evidence.ingested", requester, owner))
    await deliver(audit_record(object_id, "evidence.downloaded", requester))
    assert len(await _list(stub, object_id, _caller(requester))) == 2
    assert [e.action for e in await _list(stub, object_id, _caller(owner))] == ["evidence.ingested"]
    assert await _list(stub, object_id, _caller(uuid.uuid4())) == []
    assert len(await _list(stub, object_id, _caller(uuid.UUID(int=0), "service"))) == 2
    assert len(await _list(stub, object_id, _caller(uuid.uuid4(), "superadmin"))) == 2


async def test_a_guest_sees_only_the_records_of_its_own_acts(deliver, stub):
    """A guest carries its inviting org's id but is no member: the org's other records about
    the same object stay hidden, and so does their inclusion proof."""
    org, guest_id, object_id = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())
    own = audit_record(object_id, "evidence.downloaded", org).model_copy(
        update={"actor_id": str(guest_id)}
    )
    await deliver(own)
    others = await deliver(audit_record(object_id, "evidence.shared", org))
    guest = Principal(user_id=guest_id, org_id=org, roles=frozenset({"guest"})).to_metadata()

    assert [e.action for e in await _list(stub, object_id, guest)] == ["evidence.downloaded"]
    assert len(await _list(stub, object_id, _caller(org))) == 2
    with pytest.raises(grpc.aio.AioRpcError) as err:
        request = audit_pb2.InclusionProofRequest(event_id=str(others.id))
        await stub.GetInclusionProof(request, metadata=guest)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


async def test_object_id_is_required(stub):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await _list(stub, "", _caller(uuid.uuid4()))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_a_record_is_appended_once(deliver, stub, runtime: ServiceRuntime):
    org, object_id = uuid.uuid4(), str(uuid.uuid4())
    record = audit_record(object_id, "evidence.ingested", org)
    envelope = await deliver(record)
    await deliver(record, envelope)  # redelivered: the consumer skips it
    async with runtime.uow() as uow:  # past the consumer: the unique event id still holds
        assert await append_record(uow, record, envelope.id) is None
    assert len(await _list(stub, object_id, _caller(org))) == 1


async def test_a_batch_with_redeliveries_appends_each_record_once_and_claims_nothing(
    parts, stub, runtime: ServiceRuntime
):  # type: ignore[no-untyped-def]
    """The ledger's consumer relies on the ledger's unique event ids, not processed_events."""
    from custody_platform.consumer import Record

    consumer, topics = parts.consumers[0]
    org, object_id = uuid.uuid4(), str(uuid.uuid4())
    records = [audit_record(object_id, f"evidence.step{n}", org) for n in range(3)]
    envelopes = [Envelope(type=r.type, source=r.service) for r in records]

    def batch(pairs):  # type: ignore[no-untyped-def]
        return [
            Record(
                topic=topics[0],
                partition=0,
                offset=n,
                key=None,
                value=record.model_dump_json().encode(),
                headers={k: v.decode() for k, v in envelope.to_headers()},
            )
            for n, (record, envelope) in enumerate(pairs)
        ]

    pairs = list(zip(records, envelopes, strict=True))
    await consumer.handle_batch(batch([*pairs[:2], pairs[0]]))  # one event twice in a batch
    await consumer.handle_batch(batch(pairs))  # and the first two again in the next
    assert len(await _list(stub, object_id, _caller(org))) == 3
    async with runtime.uow() as uow:
        claimed = await uow.session.scalar(
            text("SELECT count(*) FROM audit.processed_events WHERE event_id = ANY(:ids)"),
            {"ids": [e.id for e in envelopes]},
        )
    assert claimed == 0


async def test_concurrent_appends_get_distinct_gap_free_indexes(runtime: ServiceRuntime):
    async def append_one(n: int) -> int | None:
        async with runtime.uow() as uow:
            index = await append_record(
                uow, audit_record(f"burst-{n}", "x", uuid.uuid4()), uuid.uuid4()
            )
            await uow.commit()
            return index

    indexes = await asyncio.gather(*(append_one(n) for n in range(20)))
    assert len(set(indexes)) == 20
    async with runtime.engine.connect() as conn:
        count, top = (
            await conn.execute(text("SELECT count(*), max(idx) FROM audit.ledger_entries"))
        ).one()
    assert top == count - 1


CHANGES = [
    "UPDATE audit.ledger_entries SET canonical = 'forged' WHERE event_id = :e",
    "DELETE FROM audit.ledger_entries WHERE event_id = :e",
    "TRUNCATE audit.ledger_entries",
    "UPDATE audit.ledger_nodes SET hash = hash WHERE level = 1",
    "DELETE FROM audit.ledger_nodes",
    "TRUNCATE audit.ledger_nodes",
    "UPDATE audit.tree_heads SET tree_size = 0",
    "DELETE FROM audit.tree_heads",
    "TRUNCATE audit.tree_heads",
]


@pytest.mark.parametrize("statement", CHANGES)
async def test_the_trigger_refuses_changes_even_to_the_owner(
    deliver, sign, owner_engine, statement: str
):
    envelope = await deliver(audit_record(str(uuid.uuid4()), "evidence.ingested", uuid.uuid4()))
    await sign()
    with pytest.raises(DBAPIError, match="append-only"):
        async with owner_engine.begin() as conn:
            await conn.execute(text(statement), {"e": envelope.id})
    await _assert_not_forged(owner_engine, envelope.id)


@pytest.mark.parametrize("statement", CHANGES)
async def test_the_service_role_may_not_change_anything(
    deliver, sign, runtime: ServiceRuntime, statement: str
):
    """The service connects as audit_ledger, granted INSERT and SELECT only."""
    envelope = await deliver(audit_record(str(uuid.uuid4()), "evidence.ingested", uuid.uuid4()))
    await sign()
    assert runtime.engine.url.username == "audit_ledger"
    with pytest.raises(DBAPIError, match="permission denied"):
        async with runtime.engine.begin() as conn:
            await conn.execute(text(statement), {"e": envelope.id})
    await _assert_not_forged(runtime.engine, envelope.id)


async def _assert_not_forged(engine, event_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        canonical = await conn.scalar(
            text("SELECT canonical FROM audit.ledger_entries WHERE event_id = :e"),
            {"e": event_id},
        )
    assert canonical and canonical != "forged"


def test_bootstrap_connects_as_the_writer_role(audit_database: str, signing_key_path):  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=audit_database,
        audit_writer_database_url=writer_url(audit_database),
        ledger_signing_key_path=signing_key_path,
    )
    runtime = ServiceRuntime(settings)
    build(runtime)
    assert runtime.engine.url.username == "audit_ledger"
