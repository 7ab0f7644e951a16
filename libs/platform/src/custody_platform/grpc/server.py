"""Start a service's gRPC server: our interceptor, the standard health service, one port."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import grpc
import structlog
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1.health import aio as health_aio  # type: ignore[attr-defined]

from custody_platform.grpc.interceptor import ServerCallInterceptor

log = structlog.get_logger(__name__)

AddServicer = Callable[[Any, grpc.aio.Server], None]
HEALTH_SERVICE = "grpc.health.v1.Health"
# gRPC sets SO_REUSEPORT by default: two servers could share a port without an error.
DEFAULT_OPTIONS: tuple[tuple[str, Any], ...] = (("grpc.so_reuseport", 0),)


class GrpcServer(grpc.aio.Server):
    """A grpc.aio.Server that knows its bound port, its services and its health servicer."""

    def __init__(self, server: grpc.aio.Server) -> None:
        self._server = server
        self.health = health_aio.HealthServicer()
        self.port = 0
        self.service_names: list[str] = []

    def add_generic_rpc_handlers(
        self, generic_rpc_handlers: Iterable[grpc.GenericRpcHandler[Any, Any]]
    ) -> None:
        handlers = list(generic_rpc_handlers)
        for handler in handlers:
            name = getattr(handler, "service_name", None)
            self._record(name() if callable(name) else None)
        self._server.add_generic_rpc_handlers(handlers)

    def add_registered_method_handlers(self, service_name: str, method_handlers: Any) -> None:
        self._record(service_name)
        registered = self._server.add_registered_method_handlers  # type: ignore[attr-defined]
        registered(service_name, method_handlers)

    def add_insecure_port(self, address: str) -> int:
        return self._server.add_insecure_port(address)

    def add_secure_port(self, address: str, server_credentials: grpc.ServerCredentials) -> int:
        return self._server.add_secure_port(address, server_credentials)

    async def start(self) -> None:
        await self._server.start()

    async def stop(self, grace: float | None = None) -> None:
        """Report NOT_SERVING to health watchers first, then stop with ``grace`` seconds."""
        await self.health.enter_graceful_shutdown()
        await self._server.stop(grace)

    async def wait_for_termination(self, timeout: float | None = None) -> bool:  # noqa: ASYNC109
        return await self._server.wait_for_termination(timeout)

    def _record(self, name: str | None) -> None:
        if name and name != HEALTH_SERVICE and name not in self.service_names:
            self.service_names.append(name)


async def start_grpc_server(
    servicers: Sequence[tuple[AddServicer, Any]],
    *,
    port: int,
    service_name: str,
    host: str = "127.0.0.1",
    interceptors: Sequence[grpc.aio.ServerInterceptor] = (),
    options: Sequence[tuple[str, Any]] = DEFAULT_OPTIONS,
) -> GrpcServer:
    """Register ``(add_XServicer_to_server, servicer)`` pairs, bind ``host:port``, start.

    Health reports SERVING for "", ``service_name`` and every registered gRPC service.
    ``port=0`` picks a free port: read it from ``server.port``.
    """
    server = GrpcServer(
        grpc.aio.server(interceptors=[ServerCallInterceptor(), *interceptors], options=options)
    )
    for add, servicer in servicers:
        add(servicer, server)
    health_pb2_grpc.add_HealthServicer_to_server(server.health, server)
    bind_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    server.port = server.add_insecure_port(f"{bind_host}:{port}")
    await server.start()
    for name in ("", service_name, *server.service_names):
        await server.health.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("grpc.started", host=host, port=server.port, services=server.service_names)
    return server
