from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from custody_contracts.envelope import Envelope
from custody_contracts.events import Event
from custody_contracts.events.video_requests import LineItemRef, RequestSubmitted
from custody_contracts.grpc import identity_pb2, identity_pb2_grpc, notifications_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.embedded.smtp import SmtpSink
from custody_platform.errors import NotFound
from custody_platform.grpc import GrpcClient, current_principal, start_grpc_server
from custody_platform.migrations import upgrade
from custody_platform.runtime import ServiceParts, ServiceRuntime
from notifier.bootstrap import build
from notifier.config import Settings

BASE_URL = "https://custody.example"
Deliver = Callable[..., Awaitable[Envelope]]
Stub = Callable[[Principal], notifications_pb2_grpc.NotificationsStub]


class IdentityServer(identity_pb2_grpc.IdentityServicer):
    """The gateway's Identity contract served for real over gRPC, from a list of users."""

    def __init__(self) -> None:
        self.users: list[identity_pb2.User] = []
        self.callers: list[Principal] = []

    def add(self, org_id: uuid.UUID, email: str, *roles: str) -> identity_pb2.User:
        user = identity_pb2.User(
            id=str(uuid.uuid4()),
            org_id=str(org_id),
            email=email,
            display_name=email.split("@")[0],
            roles=list(roles),
        )
        self.users.append(user)
        return user

    async def GetUser(self, request: Any, context: Any) -> identity_pb2.User:
        self.callers.append(current_principal())
        for user in self.users:
            if user.id == request.id:
                return user
        raise NotFound("no such user")

    async def ListOrgMembers(
        self, request: Any, context: Any
    ) -> identity_pb2.ListOrgMembersResponse:
        self.callers.append(current_principal())
        members = [
            u
            for u in self.users
            if u.org_id == request.org_id
            and (not request.HasField("role") or request.role in u.roles)
        ]
        return identity_pb2.ListOrgMembersResponse(users=members)


@pytest.fixture(scope="session")
def notifier_database(database_url: str) -> str:
    upgrade("notifier", database_url)
    return database_url


@pytest.fixture
async def identity() -> AsyncIterator[tuple[IdentityServer, int]]:
    servicer = IdentityServer()
    server = await start_grpc_server(
        [(identity_pb2_grpc.add_IdentityServicer_to_server, servicer)],
        port=0,
        service_name="gateway",
        host="127.0.0.1",
    )
    yield servicer, server.port
    await server.stop(None)


@pytest.fixture
async def make_runtime(
    notifier_database: str, kafka_bootstrap_servers: str, identity: tuple[IdentityServer, int]
) -> AsyncIterator[Callable[[str], tuple[ServiceRuntime, ServiceParts]]]:
    """A notifier runtime (and its parts) sending mail to the given SMTP URL."""
    made: list[tuple[ServiceRuntime, ServiceParts]] = []

    def make(smtp_url: str) -> tuple[ServiceRuntime, ServiceParts]:
        settings = Settings(
            database_url=notifier_database,
            kafka_bootstrap_servers=kafka_bootstrap_servers,
            smtp_url=smtp_url,
            gateway_grpc_addr=f"127.0.0.1:{identity[1]}",
            public_base_url=BASE_URL,
            consumer_max_attempts=1,
        )
        runtime = ServiceRuntime(settings)
        made.append((runtime, build(runtime)))
        return made[-1]

    yield make
    for runtime, parts in made:
        for hook in parts.on_stop:
            await hook()
        await runtime.publisher.stop()
        await runtime.engine.dispose()


@pytest.fixture
async def runtime_and_parts(
    make_runtime, smtp_sink: SmtpSink
) -> tuple[ServiceRuntime, ServiceParts]:  # type: ignore[no-untyped-def]
    return make_runtime(smtp_sink.url)


@pytest.fixture
def deliver(runtime_and_parts: tuple[ServiceRuntime, ServiceParts]) -> Deliver:
    """Hands an event to the notifier's real consumer, as the broker would."""
    consumer, _ = runtime_and_parts[1].consumers[0]

    async def send(event: Event, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or Envelope(type=event.type, source="requests")
        headers = {k: v.decode() for k, v in envelope.to_headers()}
        body = event.model_dump_json().encode()
        await consumer.handle(body, headers, topic=event.topic, partition=0, offset=0, key=None)
        return envelope

    return send


@pytest.fixture
def to_inbox(runtime_and_parts: tuple[ServiceRuntime, ServiceParts]):  # type: ignore[no-untyped-def]
    """Hands an event to the in-app notifications' consumer, as the broker would."""
    consumer, topics = runtime_and_parts[1].consumers[1]
    assert consumer.name == "inbox" and "device-gateway.events" in topics

    async def send(event: Event, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or Envelope(type=event.type, source="requests")
        headers = {k: v.decode() for k, v in envelope.to_headers()}
        body = event.model_dump_json().encode()
        await consumer.handle(body, headers, topic=event.topic, partition=0, offset=0, key=None)
        return envelope

    return send


@pytest.fixture
async def trays(runtime_and_parts: tuple[ServiceRuntime, ServiceParts]) -> AsyncIterator[Stub]:
    """The notifier's Notifications servicer over real gRPC, called as a given user."""
    server = await start_grpc_server(
        runtime_and_parts[1].grpc_servicers, port=0, service_name="notifier", host="127.0.0.1"
    )
    clients: list[GrpcClient] = []

    def as_user(principal: Principal) -> notifications_pb2_grpc.NotificationsStub:
        clients.append(GrpcClient(principal=principal))
        channel = clients[-1].channel(f"127.0.0.1:{server.port}")
        return notifications_pb2_grpc.NotificationsStub(channel)

    yield as_user
    for client in clients:
        await client.close()
    await server.stop(None)


def submitted(
    *owner_orgs: uuid.UUID,
    requester_org: uuid.UUID | None = None,
    requester_user: uuid.UUID | None = None,
) -> RequestSubmitted:
    now = datetime.now(UTC)
    items = tuple(
        LineItemRef(
            line_item_id=uuid.uuid4(), camera_id=uuid.uuid4(), owner_org_id=org, start=now, end=now
        )
        for org in owner_orgs
    )
    return RequestSubmitted(
        request_id=uuid.uuid4(),
        requester_org_id=requester_org or uuid.uuid4(),
        requester_user_id=requester_user or uuid.uuid4(),
        incident_number=f"INC-{uuid.uuid4().hex[:6]}",
        line_items=items,
    )
