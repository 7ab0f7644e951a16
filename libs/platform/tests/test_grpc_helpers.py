"""gRPC helpers against a real grpc.aio server on 127.0.0.1: interceptors, health, errors."""

from __future__ import annotations

import asyncio
import contextvars
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import grpc
import pytest
from custody_contracts.grpc import identity_pb2, identity_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.errors import Conflict, NotFound, PermissionDenied
from custody_platform.grpc import (
    GrpcClient,
    GrpcServer,
    bind_call_context,
    call_metadata,
    current_principal,
    current_request_id,
    domain_errors,
    raise_domain_error,
    start_grpc_server,
)
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import REGISTRY

pytestmark = pytest.mark.integration

T = TypeVar("T")
KNOWN_USER = "u-known"
PROBE = "custody.test.Probe"


class IdentityServicer(identity_pb2_grpc.IdentityServicer):
    def __init__(self) -> None:
        self.seen: list[tuple[Principal, str | None]] = []

    async def GetUser(self, request: identity_pb2.GetUserRequest, context: Any) -> Any:
        principal = current_principal()
        self.seen.append((principal, current_request_id()))
        if request.id != KNOWN_USER:
            raise NotFound(f"user {request.id} not found")
        return identity_pb2.User(
            id=request.id, org_id=str(principal.org_id), roles=sorted(principal.roles)
        )

    async def ListOrgMembers(
        self, request: identity_pb2.ListOrgMembersRequest, context: Any
    ) -> Any:
        if request.org_id != str(current_principal().org_id):
            raise PermissionDenied("not a member of that organization")
        return identity_pb2.ListOrgMembersResponse(users=[identity_pb2.User(id=KNOWN_USER)])


class Probe:
    """Raw-bytes methods the Identity contract has no room for: slow, streams, failures."""

    async def slow(self, request: bytes, context: Any) -> bytes:
        await asyncio.sleep(5)
        return b"too late"

    async def deadline(self, request: bytes, context: Any) -> bytes:
        return str(context.time_remaining()).encode()

    async def chunks(self, request: bytes, context: Any) -> AsyncIterator[bytes]:
        if request == b"missing":
            raise NotFound("no such evidence")
        for i in range(3):
            yield f"chunk-{i}:{current_principal().org_id}".encode()

    async def written(self, request: bytes, context: Any) -> None:
        for i in range(2):
            await context.write(f"w-{i}".encode())

    async def conflict(self, request: bytes, context: Any) -> bytes:
        raise Conflict(current_state="approved")

    async def boom(self, request: bytes, context: Any) -> bytes:
        raise RuntimeError("secret database detail")

    async def onward(self, request: bytes, context: Any) -> bytes:
        """A servicer that lets an onward call's error through, as code that forgot to map it."""
        code = (
            grpc.StatusCode.PERMISSION_DENIED
            if request == b"denied"
            else grpc.StatusCode.UNAUTHENTICATED
        )
        raise grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), "not you")


def add_probe(probe: Probe, server: grpc.aio.Server) -> None:
    unary, stream = grpc.unary_unary_rpc_method_handler, grpc.unary_stream_rpc_method_handler
    handlers = {
        "Slow": unary(probe.slow),
        "Deadline": unary(probe.deadline),
        "Conflict": unary(probe.conflict),
        "Boom": unary(probe.boom),
        "Onward": unary(probe.onward),
        "Chunks": stream(probe.chunks),
        "Written": stream(probe.written),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(PROBE, handlers),))


@pytest.fixture
async def served() -> AsyncIterator[tuple[GrpcServer, IdentityServicer]]:
    identity = IdentityServicer()
    server = await start_grpc_server(
        [(identity_pb2_grpc.add_IdentityServicer_to_server, identity), (add_probe, Probe())],
        port=0,
        service_name="identity-test",
        host="127.0.0.1",
    )
    yield server, identity
    await server.stop(None)


@pytest.fixture
async def client() -> AsyncIterator[GrpcClient]:
    async with GrpcClient() as grpc_client:
        yield grpc_client


@pytest.fixture
def principal() -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset({"investigator"}))


def target(served: tuple[GrpcServer, IdentityServicer]) -> str:
    return f"127.0.0.1:{served[0].port}"


async def as_caller(
    principal: Principal | None, request_id: str | None, fn: Callable[[], Awaitable[T]]
) -> T:
    """Run ``fn`` in a fresh context holding ``principal``, as an HTTP entry point would."""
    context = contextvars.Context()
    context.run(bind_call_context, principal, request_id)

    async def call() -> T:
        return await fn()  # fn runs inside the task, so in ``context``

    return await asyncio.create_task(call(), context=context)


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_health_is_serving_for_server_and_services(served: Any, client: GrpcClient) -> None:
    health = health_pb2_grpc.HealthStub(client.channel(target(served)))
    for service in ("", "identity-test", "custody.v1.Identity", PROBE):
        reply = await health.Check(health_pb2.HealthCheckRequest(service=service))
        assert reply.status == health_pb2.HealthCheckResponse.SERVING, service


async def test_principal_and_request_id_arrive(
    served: Any, client: GrpcClient, principal: Principal
) -> None:
    stub = identity_pb2_grpc.IdentityStub(client.channel(target(served)))
    user = await as_caller(
        principal, "req-42", lambda: stub.GetUser(identity_pb2.GetUserRequest(id=KNOWN_USER))
    )
    assert user.org_id == str(principal.org_id)
    assert list(user.roles) == ["investigator"]
    assert served[1].seen == [(principal, "req-42")]


async def test_explicit_metadata_wins_over_context(
    served: Any, client: GrpcClient, principal: Principal
) -> None:
    stub = identity_pb2_grpc.IdentityStub(client.channel(target(served)))
    other = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4())

    async def call() -> Any:
        return await stub.GetUser(
            identity_pb2.GetUserRequest(id=KNOWN_USER), metadata=call_metadata(other)
        )

    user = await as_caller(principal, "req-7", call)
    assert user.org_id == str(other.org_id)
    assert served[1].seen == [(other, "req-7")]


async def test_not_found_maps_to_status_and_back(
    served: Any, client: GrpcClient, principal: Principal
) -> None:
    stub = identity_pb2_grpc.IdentityStub(client.channel(target(served)))
    request = identity_pb2.GetUserRequest(id="u-nobody")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stub.GetUser(request, metadata=call_metadata(principal))
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    assert raised.value.details() == "user u-nobody not found"
    with pytest.raises(NotFound, match="user u-nobody not found"):
        raise_domain_error(raised.value)
    with pytest.raises(NotFound), domain_errors():
        await stub.GetUser(request, metadata=call_metadata(principal))


async def test_permission_conflict_and_internal_errors(
    served: Any, client: GrpcClient, principal: Principal
) -> None:
    channel = client.channel(target(served))
    stub = identity_pb2_grpc.IdentityStub(channel)
    with pytest.raises(PermissionDenied), domain_errors():
        await stub.ListOrgMembers(
            identity_pb2.ListOrgMembersRequest(org_id="other"), metadata=call_metadata(principal)
        )
    with pytest.raises(Conflict) as conflict, domain_errors():
        await channel.unary_unary(f"/{PROBE}/Conflict")(b"")
    assert conflict.value.current_state == "approved"
    assert str(conflict.value) == "conflict: current state approved"
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await channel.unary_unary(f"/{PROBE}/Boom")(b"")
    assert raised.value.code() == grpc.StatusCode.INTERNAL
    assert raised.value.details() == "internal error"
    with pytest.raises(grpc.aio.AioRpcError):
        raise_domain_error(raised.value)  # no domain meaning: the RPC error itself


async def test_an_onward_refusal_is_the_callers_and_an_onward_sign_in_failure_internal(
    served: Any, client: GrpcClient
) -> None:
    onward = client.channel(target(served)).unary_unary(f"/{PROBE}/Onward")
    with pytest.raises(PermissionDenied, match="not you"), domain_errors():
        await onward(b"denied")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await onward(b"unauthenticated")
    assert raised.value.code() == grpc.StatusCode.INTERNAL


async def test_slow_call_exceeds_deadline(served: Any, client: GrpcClient) -> None:
    slow = client.channel(target(served)).unary_unary(f"/{PROBE}/Slow")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await slow(b"", timeout=0.2)
    assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_default_deadlines(served: Any, client: GrpcClient) -> None:
    channel = client.channel(target(served))
    remaining = float(await channel.unary_unary(f"/{PROBE}/Deadline")(b""))
    assert 5 < remaining <= 10.5  # the grpc-timeout header rounds the 10 s deadline up


async def test_missing_principal_is_unauthenticated(served: Any, client: GrpcClient) -> None:
    stub = identity_pb2_grpc.IdentityStub(client.channel(target(served)))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await as_caller(
            None, None, lambda: stub.GetUser(identity_pb2.GetUserRequest(id=KNOWN_USER))
        )
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_server_streaming_through_interceptor(
    served: Any, client: GrpcClient, principal: Principal
) -> None:
    channel = client.channel(target(served))
    chunks = channel.unary_stream(f"/{PROBE}/Chunks")

    async def read(request: bytes) -> list[bytes]:
        return [chunk async for chunk in chunks(request)]

    got = await as_caller(principal, None, lambda: read(b"e1"))
    assert got == [f"chunk-{i}:{principal.org_id}".encode() for i in range(3)]
    with pytest.raises(NotFound), domain_errors():
        await as_caller(principal, None, lambda: read(b"missing"))
    written = [m async for m in channel.unary_stream(f"/{PROBE}/Written")(b"")]
    assert written == [b"w-0", b"w-1"]


async def test_latency_histograms_have_samples(served: Any, principal: Principal) -> None:
    labels = {"grpc_service": "custody.v1.Identity", "method": "GetUser", "code": "OK"}
    server_before = sample("custody_grpc_server_handling_seconds_count", **labels)
    client_before = sample("custody_grpc_client_handling_seconds_count", **labels)
    async with GrpcClient(principal=principal) as grpc_client:  # fallback principal
        stub = identity_pb2_grpc.IdentityStub(grpc_client.channel(target(served)))
        await stub.GetUser(identity_pb2.GetUserRequest(id=KNOWN_USER))
    assert sample("custody_grpc_server_handling_seconds_count", **labels) == server_before + 1
    assert sample("custody_grpc_client_handling_seconds_count", **labels) == client_before + 1
