"""Outgoing webhooks against real Postgres, the notifier's real consumer and Webhooks gRPC
servicer, and a receiver on 127.0.0.1 that verifies signatures with `standardwebhooks`."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import grpc
import httpx
import pytest
from aiohttp import web
from custody_contracts.envelope import Envelope
from custody_contracts.grpc import webhooks_pb2 as pb
from custody_contracts.grpc import webhooks_pb2_grpc
from custody_contracts.principal import ROLE_ORG_ADMIN, Principal
from custody_platform.addresses import Reach
from custody_platform.grpc import GrpcClient, start_grpc_server
from custody_platform.runtime import ServiceParts, ServiceRuntime
from notifier.adapters.clients import SERVICE_PRINCIPAL, IdentityDirectory
from notifier.adapters.orm import InAppNotification
from notifier.adapters.webhook_sender import WebhookSender
from notifier.bootstrap import webhook_schedule
from notifier.config import Settings
from notifier.domain.webhooks import RetryPolicy
from notifier.entrypoints.webhook_worker import delivery_pass
from notifier.service_layer.webhook_sending import Schedule
from sqlmodel import select
from standardwebhooks import Webhook

from .conftest import IdentityServer, submitted

pytestmark = pytest.mark.integration
Stub = webhooks_pb2_grpc.WebhooksStub
TESTS = Reach(allow_http=True, allow_loopback=True)


class Receiver:
    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], str]] = []
        self.status = 200
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append((dict(request.headers), await request.text()))
        return web.Response(status=self.status)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    made = Receiver()
    app = web.Application()
    app.router.add_post("/hooks", made.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    made.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/hooks"  # type: ignore[union-attr]
    yield made
    await runner.cleanup()


@pytest.fixture
def parts(
    make_runtime: Callable[[str], tuple[ServiceRuntime, ServiceParts]],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[ServiceRuntime, ServiceParts]:
    monkeypatch.setenv("WEBHOOK_ALLOW_HTTP", "true")
    monkeypatch.setenv("WEBHOOK_ALLOW_LOOPBACK", "true")
    return make_runtime("smtp://127.0.0.1:1")


@pytest.fixture
async def as_admin(
    parts: tuple[ServiceRuntime, ServiceParts],
) -> AsyncIterator[Callable[[uuid.UUID], Stub]]:
    server = await start_grpc_server(
        parts[1].grpc_servicers, port=0, service_name="notifier", host="127.0.0.1"
    )
    clients: list[GrpcClient] = []

    def stub(org_id: uuid.UUID) -> Stub:
        who = Principal(user_id=uuid.uuid4(), org_id=org_id, roles=frozenset({ROLE_ORG_ADMIN}))
        clients.append(GrpcClient(principal=who))
        return Stub(clients[-1].channel(f"127.0.0.1:{server.port}"))

    yield stub
    for client in clients:
        await client.close()
    await server.stop(None)


@pytest.fixture
async def directory(identity: tuple[IdentityServer, int]) -> AsyncIterator[IdentityDirectory]:
    """The real Identity client, asked for the admins to tell of a disabled endpoint."""
    clients = GrpcClient(principal=SERVICE_PRINCIPAL)
    yield IdentityDirectory(clients, f"127.0.0.1:{identity[1]}")
    await clients.close()


@pytest.fixture
async def sender() -> AsyncIterator[Callable[[Reach], WebhookSender]]:
    http = httpx.AsyncClient(timeout=5, trust_env=False)
    yield lambda reach: WebhookSender(http, reach)
    await http.aclose()


async def _consume(
    parts: tuple[ServiceRuntime, ServiceParts], event: Any, envelope: Envelope
) -> None:
    consumer, topics = parts[1].consumers[2]
    assert consumer.name == "webhooks" and "audit.events" in topics
    headers = {k: v.decode() for k, v in envelope.to_headers()}
    body = event.model_dump_json().encode()
    await consumer.handle(body, headers, topic=event.topic, partition=0, offset=0, key=None)


def _create(url: str, *types: str) -> pb.CreateEndpointRequest:
    return pb.CreateEndpointRequest(url=url, description="RMS", event_types=list(types))


async def test_an_event_is_delivered_once_signed_to_each_subscribed_endpoint(
    parts: tuple[ServiceRuntime, ServiceParts],
    as_admin: Callable[[uuid.UUID], Stub],
    receiver: Receiver,
    sender: Callable[[Reach], WebhookSender],
    directory: IdentityDirectory,
) -> None:
    owner = uuid.uuid4()
    admin = as_admin(owner)
    hook = await admin.CreateEndpoint(_create(receiver.url, "request.submitted"))
    other = await admin.CreateEndpoint(_create(receiver.url, "disclosure.ready"))
    event, envelope = (
        submitted(owner),
        Envelope(type="requests.request_submitted.v1", source="requests"),
    )
    await _consume(parts, event, envelope)
    await _consume(parts, event, envelope)  # the broker delivered it twice
    settings = parts[0].settings
    assert isinstance(settings, Settings)
    schedule = webhook_schedule(settings)
    assert await delivery_pass(parts[0].uow, sender(TESTS), directory, schedule) == 1
    [(headers, text)] = receiver.received
    message = Webhook(hook.secret).verify(text, headers)
    assert headers["webhook-id"] == str(envelope.id)
    assert message["type"] == "request.submitted"
    assert message["data"]["request_id"] == str(event.request_id)
    found = await admin.ListDeliveries(pb.ListDeliveriesRequest(endpoint_id=hook.id))
    assert [(d.status, d.attempts, d.last_status_code) for d in found.deliveries] == [
        ("delivered", 1, 200)
    ]
    none = await admin.ListDeliveries(pb.ListDeliveriesRequest(endpoint_id=other.id))
    assert none.total == 0


async def test_a_failing_receiver_is_retried_then_failed_and_its_endpoint_disabled(
    parts: tuple[ServiceRuntime, ServiceParts],
    as_admin: Callable[[uuid.UUID], Stub],
    receiver: Receiver,
    sender: Callable[[Reach], WebhookSender],
    identity: tuple[IdentityServer, int],
    directory: IdentityDirectory,
) -> None:
    owner = uuid.uuid4()
    admin_user = identity[0].add(owner, "admin@harbor.example", ROLE_ORG_ADMIN)
    admin = as_admin(owner)
    hook = await admin.CreateEndpoint(_create(receiver.url, "request.submitted"))
    ping = await admin.SendTest(pb.SendTestRequest(endpoint_id=hook.id))
    receiver.status = 500
    retry = RetryPolicy(base=0.05, max_attempts=2, jitter=0.0)
    schedule = Schedule(retry, lease=timedelta(seconds=30), disable_after=timedelta(0))
    assert await delivery_pass(parts[0].uow, sender(TESTS), directory, schedule) == 1
    [first] = (await admin.ListDeliveries(pb.ListDeliveriesRequest(endpoint_id=hook.id))).deliveries
    assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
    await asyncio.sleep(0.2)  # the retry is due after 0.05 s
    assert await delivery_pass(parts[0].uow, sender(TESTS), directory, schedule) == 1
    last = (await admin.ListDeliveries(pb.ListDeliveriesRequest(endpoint_id=hook.id))).deliveries
    assert (last[0].id, last[0].status, last[0].attempts) == (ping.id, "failed", 2)
    disabled = await admin.GetEndpoint(pb.GetEndpointRequest(id=hook.id))
    assert not disabled.enabled and disabled.disabled_reason
    assert len(receiver.received) == 2
    receiver.status = 200  # fixed: enabled again, the failed delivery sent on demand
    await admin.UpdateEndpoint(pb.UpdateEndpointRequest(id=hook.id, enabled=True))
    again = await admin.Redeliver(pb.RedeliverRequest(id=ping.id))
    assert (again.status, again.attempts) == ("pending", 0)
    async with parts[0].uow() as uow:
        query = select(InAppNotification).where(InAppNotification.org_id == owner)
        told = [(n.kind, str(n.user_id)) for n in (await uow.session.exec(query)).all()]
    assert told == [("webhook_disabled", admin_user.id)]


async def test_an_address_refused_at_delivery_time_is_never_connected_to(
    parts: tuple[ServiceRuntime, ServiceParts],
    as_admin: Callable[[uuid.UUID], Stub],
    sender: Callable[[Reach], WebhookSender],
    directory: IdentityDirectory,
) -> None:
    """Saved while loopback was allowed, then refused by a sender that allows it no more, as
    a name that now resolves to an internal address would be: before connecting."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    admin = as_admin(uuid.uuid4())
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/in"
    hook = await admin.CreateEndpoint(_create(url, "request.submitted"))
    await admin.SendTest(pb.SendTestRequest(endpoint_id=hook.id))
    settings = parts[0].settings
    assert isinstance(settings, Settings)
    strict = sender(Reach(allow_http=True, allow_loopback=False))
    try:
        await delivery_pass(parts[0].uow, strict, directory, webhook_schedule(settings))
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    finally:
        listener.close()
    [row] = (await admin.ListDeliveries(pb.ListDeliveriesRequest(endpoint_id=hook.id))).deliveries
    assert row.status == "pending" and row.last_status_code == 0
    assert "refused before connecting" in row.last_error and "loopback" in row.last_error


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/in",
        "http://169.254.169.254/latest/meta-data",
        "http://[fd00:ec2::254]/in",
        "http://[::ffff:192.168.0.1]/in",
        "ftp://127.0.0.1/in",
    ],
)
async def test_an_internal_or_bad_url_is_refused_when_saved(
    as_admin: Callable[[uuid.UUID], Stub], url: str
) -> None:
    admin = as_admin(uuid.uuid4())
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await admin.CreateEndpoint(_create(url, "request.submitted"))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (await admin.ListEndpoints(pb.ListEndpointsRequest())).endpoints == []


async def test_another_organization_sees_nothing_and_members_are_refused(
    as_admin: Callable[[uuid.UUID], Stub], receiver: Receiver
) -> None:
    hook = await as_admin(uuid.uuid4()).CreateEndpoint(_create(receiver.url, "request.decided"))
    rival = as_admin(uuid.uuid4())
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await rival.GetEndpoint(pb.GetEndpointRequest(id=hook.id))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    assert (await rival.ListEndpoints(pb.ListEndpointsRequest())).endpoints == []
