from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from audit.adapters.orm import TreeHead
from audit.adapters.signing_key import TreeHeadSigner, load_signer
from audit.bootstrap import build
from audit.config import Settings
from audit.service_layer.tree_heads import sign_tree_head
from custody_contracts.envelope import Envelope
from custody_contracts.events.audit import AuditRecord
from custody_contracts.grpc import audit_pb2_grpc
from custody_platform.grpc import GrpcClient, start_grpc_server
from custody_platform.migrations import upgrade
from custody_platform.runtime import ServiceParts, ServiceRuntime
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

Deliver = Callable[..., Awaitable[Envelope]]
WRITER_ROLE = "audit_ledger"  # created and granted by migration 0002


@pytest.fixture(scope="session")
def audit_database(database_url: str) -> str:
    upgrade("audit", database_url)
    return database_url


@pytest.fixture(scope="session")
def signing_key_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys") / "ledger-signing-key.pem"


@pytest.fixture
async def runtime(
    audit_database: str, kafka_bootstrap_servers: str, signing_key_path: Path
) -> AsyncIterator[ServiceRuntime]:
    settings = Settings(
        database_url=writer_url(audit_database),  # as in production: insert and select only
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        ledger_signing_key_path=signing_key_path,
    )
    runtime = ServiceRuntime(settings)
    yield runtime
    await runtime.publisher.stop()
    await runtime.engine.dispose()


def writer_url(owner_url: str) -> str:
    """The same server as the audit service's insert-and-select role (trust auth locally)."""
    return make_url(owner_url).set(username=WRITER_ROLE).render_as_string(hide_password=False)


@pytest.fixture
async def owner_engine(audit_database: str) -> AsyncIterator[AsyncEngine]:
    """The schema owner (a superuser here): what a tamperer with database access would use."""
    engine = create_async_engine(audit_database)
    yield engine
    await engine.dispose()


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


@pytest.fixture
def signer(signing_key_path: Path) -> TreeHeadSigner:
    return load_signer(signing_key_path, create=True)


@pytest.fixture
def sign(runtime: ServiceRuntime, signer: TreeHeadSigner) -> Callable[[], Awaitable[TreeHead]]:
    """Signs a tree head of the ledger as it is now."""

    async def sign_now() -> TreeHead:
        async with runtime.uow() as uow:
            head = await sign_tree_head(uow, signer)
            await uow.commit()
            return head

    return sign_now
