from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.events.device_gateway import ExportContext, VideoUploaded
from custody_contracts.grpc import evidence_pb2_grpc, identity_pb2, identity_pb2_grpc
from custody_contracts.principal import ROLE_SERVICE
from custody_platform.errors import NotFound
from custody_platform.grpc import GrpcClient, current_principal
from custody_platform.grpc.server import start_grpc_server
from custody_platform.migrations import upgrade
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.runtime import ServiceParts, ServiceRuntime
from evidence.bootstrap import build
from evidence.config import Settings
from sqlalchemy import text

Deliver = Callable[..., Awaitable[Envelope]]


@pytest.fixture(scope="session")
def evidence_database(database_url: str) -> str:
    upgrade("evidence", database_url)
    return database_url


VIEW_ONLY_RANGE_BYTES = 64 * 1024  # the smallest bound the settings allow


class FakeIdentity(identity_pb2_grpc.IdentityServicer):
    """The gateway's Identity as it answers evidence: a user of another organization than the
    caller's is NOT_FOUND, like an unknown id, unless the service itself asks. Organizations
    exist once one of their users is added, or when added by id."""

    def __init__(self) -> None:
        self.users: dict[str, tuple[uuid.UUID, frozenset[str]]] = {}
        self.orgs: set[str] = set()
        self.deactivated: set[str] = set()

    def add(self, org_id: uuid.UUID, *roles: str) -> uuid.UUID:
        user_id = uuid.uuid4()
        self.users[str(user_id)] = (org_id, frozenset(roles or ("investigator",)))
        self.orgs.add(str(org_id))
        return user_id

    async def GetUser(self, request: Any, context: Any) -> identity_pb2.User:
        principal, found = current_principal(), self.users.get(request.id)
        if found is None or (found[0] != principal.org_id and not principal.has_role(ROLE_SERVICE)):
            raise NotFound("user not found")
        active = request.id not in self.deactivated
        return identity_pb2.User(
            id=request.id, org_id=str(found[0]), roles=sorted(found[1]), active=active
        )

    async def GetOrganization(self, request: Any, context: Any) -> identity_pb2.Organization:
        current_principal()
        if request.id not in self.orgs:
            raise NotFound("organization not found")
        return identity_pb2.Organization(id=request.id, name="Org")


@pytest.fixture
async def identity() -> AsyncIterator[tuple[FakeIdentity, int]]:
    fake = FakeIdentity()
    server = await start_grpc_server(
        [(identity_pb2_grpc.add_IdentityServicer_to_server, fake)], port=0, service_name="gateway"
    )
    yield fake, server.port
    await server.stop(None)


@pytest.fixture
def directory(identity: tuple[FakeIdentity, int]) -> FakeIdentity:
    """The users evidence's Identity client will find."""
    return identity[0]


@pytest.fixture
async def runtime(
    evidence_database: str,
    tmp_path: Path,
    kafka_bootstrap_servers: str,
    identity: tuple[FakeIdentity, int],
) -> AsyncIterator[ServiceRuntime]:
    settings = Settings(
        database_url=evidence_database,
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        object_store_path=tmp_path / "objects",
        consumer_max_attempts=2,
        download_chunk_bytes=4096,
        gateway_grpc_addr=f"127.0.0.1:{identity[1]}",
        view_only_range_bytes=VIEW_ONLY_RANGE_BYTES,
    )
    runtime = ServiceRuntime(settings)
    yield runtime
    await runtime.publisher.stop()
    await runtime.engine.dispose()


@pytest.fixture
def parts(runtime: ServiceRuntime) -> ServiceParts:
    return build(runtime)


@pytest.fixture
def store(runtime: ServiceRuntime) -> FilesystemObjectStore:
    return FilesystemObjectStore(runtime.settings.object_store_path)


@pytest.fixture
def deliver(parts: ServiceParts) -> Deliver:
    """Hands an event to the service's real consumer, as the broker would."""
    consumer, topics = parts.consumers[0]

    async def send(event: VideoUploaded, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or Envelope(type=event.type, source="device-gateway")
        headers = {k: v.decode() for k, v in envelope.to_headers()}
        body = event.model_dump_json().encode()
        await consumer.handle(body, headers, topic=topics[0], partition=0, offset=0, key=None)
        return envelope

    return send


def staged_upload(
    store: FilesystemObjectStore, data: bytes, *, permission: str = "download", **overrides: Any
) -> VideoUploaded:
    """A device's finished upload in the staging area, and the event announcing it."""
    upload_id = uuid.uuid4()
    store.put(f"uploads/{upload_id}", data)
    start = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    export = ExportContext(
        export_id=uuid.uuid4(),
        request_id=uuid.uuid4(),
        line_item_id=uuid.uuid4(),
        owner_org_id=uuid.uuid4(),
        requester_org_id=uuid.uuid4(),
        camera_id=uuid.uuid4(),
        case_number=f"MPD-{uuid.uuid4().hex[:6]}",
        permission=permission,  # type: ignore[arg-type]
    )
    fields: dict[str, Any] = {
        "upload_id": upload_id,
        "device_id": uuid.uuid4(),
        "export": export,
        "object_key": f"uploads/{upload_id}",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "filename": "../cam 1/clip.mp4",
        "content_type": "video/mp4",
        "start": start,
        "end": start + timedelta(minutes=5),
    }
    return VideoUploaded(**{**fields, **overrides})


@pytest.fixture
def outbox(runtime: ServiceRuntime) -> Callable[[str], Awaitable[list[dict[str, Any]]]]:
    """Events the service wrote to its outbox, oldest first, filtered by event type."""

    async def read(event_type: str) -> list[dict[str, Any]]:
        query = text("SELECT payload FROM evidence.outbox WHERE event_type = :type ORDER BY seq")
        async with runtime.engine.connect() as conn:
            rows = (await conn.execute(query, {"type": event_type})).scalars().all()
        return [json.loads(row) for row in rows]

    return read


@pytest.fixture
async def stub(parts: ServiceParts) -> AsyncIterator[Any]:
    """The evidence gRPC API on a free loopback port."""
    server = await start_grpc_server(parts.grpc_servicers, port=0, service_name="evidence")
    client = GrpcClient()
    yield evidence_pb2_grpc.EvidenceStub(client.channel(f"127.0.0.1:{server.port}"))
    await client.close()
    await server.stop(None)
