from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from audit.bootstrap import build
from audit.config import Settings
from custody_contracts.envelope import Envelope
from custody_contracts.events import AuditRecord
from custody_contracts.grpc import audit_pb2_grpc
from custody_platform.grpc import GrpcClient, start_grpc_server
from custody_platform.migrations import upgrade
from custody_platform.runtime import ServiceParts, ServiceRuntime

Deliver = Callable[..., Awaitable[Envelope]]


@pytest.fixture(scope="session")
def audit_database(database_url: str) -> str:
    upgrade("audit", database_url)
    return database_url


@pytest.fixture
async def runtime(
    audit_database: str, kafka_bootstrap_servers: str
) -> AsyncIterator[ServiceRuntime]:
    settings = Settings(
        database_url=audit_database, kafka_bootstrap_servers=kafka_bootstrap_servers
    )
    runtime = ServiceRuntime(settings)
    yield runtime
    await runtime.publisher.stop()
    await runtime.engine.dispose()


@pytest.fixture
def parts(runtime: ServiceRuntime) -> ServiceParts:
    return build(runtime)


@pytest.fixture
def deliver(parts: ServiceParts) -> Deliver:
    """Hands a record to the ledger's real consumer, as the broker would."""
    consumer, topics = parts.consumers[0]

    async def send(record: AuditRecord, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or Envelope(type=record.type, source=record.service)
        headers = {k: v.decode() for k, v in envelope.to_headers()}
        body = record.model_dump_json().encode()
        await consumer.handle(body, headers, topic=topics[0], partition=0, offset=0, key=None)
        return envelope

    return send


@pytest.fixture
async def stub(parts: ServiceParts) -> AsyncIterator[Any]:
    server = await start_grpc_server(
        parts.grpc_servicers, port=0, service_name="audit", host="127.0.0.1"
    )
    client = GrpcClient()
    yield audit_pb2_grpc.AuditStub(client.channel(f"127.0.0.1:{server.port}"))
    await client.close()
    await server.stop(None)


def audit_record(object_id: str, action: str, *org_ids: uuid.UUID, **details: Any) -> AuditRecord:
    return AuditRecord(
        service="evidence",
        actor_type="user",
        actor_id=str(uuid.uuid4()),
        actor_org_id=org_ids[0] if org_ids else None,
        action=action,
        object_type="evidence",
        object_id=object_id,
        object_hash="ab" * 32,
        org_ids=org_ids,
        occurred_at=datetime.now(UTC),
        source_address="198.51.100.4",
        details=details,
    )
