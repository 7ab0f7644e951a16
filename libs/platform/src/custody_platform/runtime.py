"""How a service process runs: prestart (wait for the database, migrate), then one event loop
serving HTTP (health, metrics, public routes), gRPC, Kafka consumers, the outbox relay and any
background workers. Each service's bootstrap builds a ServiceParts; nothing connects at import.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
import uvicorn
from custody_contracts.events import Event
from fastapi import FastAPI

from custody_platform.consumer import BatchConsumer, BatchHandler, IdempotentConsumer
from custody_platform.db import make_engine, make_session_factory
from custody_platform.grpc.server import start_grpc_server
from custody_platform.http_protocol import BulkBodyProtocol
from custody_platform.kafka import KafkaPublisher, make_broker, subscribe
from custody_platform.logging import configure_logging
from custody_platform.metrics import install_http_metrics
from custody_platform.migrations import upgrade, wait_for_database
from custody_platform.relay import OutboxRelay
from custody_platform.settings import ServiceSettings
from custody_platform.tracing import configure_tracing, trace_http
from custody_platform.unit_of_work import UnitOfWork

log = structlog.get_logger()

Worker = Callable[[asyncio.Event], Awaitable[None]]


@dataclass
class ServiceParts:
    """What a service adds to the runtime; every field is optional."""

    http_app: FastAPI | None = None
    consumers: Sequence[tuple[IdempotentConsumer, Sequence[str]]] = ()
    grpc_servicers: Sequence[tuple[Callable[[Any, Any], None], Any]] = ()
    workers: Sequence[Worker] = ()
    on_stop: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


class ServiceRuntime:
    """The connections one service process holds, built once in bootstrap."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self.session_factory = make_session_factory(self.engine)
        self.publisher = KafkaPublisher(settings.kafka_bootstrap_servers, settings.service_name)
        self.broker = make_broker(settings.kafka_bootstrap_servers, settings.service_name)
        self.relay = OutboxRelay(
            self.engine,
            self.publisher,
            schema=settings.schema_name,
            service=settings.service_name,
            poll_seconds=settings.outbox_poll_seconds,
        )

    def uow(self) -> UnitOfWork:
        return UnitOfWork(
            self.session_factory,
            schema=self.settings.schema_name,
            service=self.settings.service_name,
        )

    def consumer(self, name: str, handlers: Any) -> IdempotentConsumer:
        return IdempotentConsumer(name=name, handlers=handlers, **self._consumer_parts())

    def batch_consumer(
        self,
        name: str,
        events: Sequence[type[Event]],
        batch_handler: BatchHandler,
        *,
        dedupes_itself: bool = False,
    ) -> BatchConsumer:
        return BatchConsumer(
            name=name,
            events=events,
            batch_handler=batch_handler,
            dedupes_itself=dedupes_itself,
            **self._consumer_parts(),
        )

    def _consumer_parts(self) -> dict[str, Any]:
        return {
            "service": self.settings.service_name,
            "uow_factory": self.uow,
            "dead_letters": self.publisher,
            "max_attempts": self.settings.consumer_max_attempts,
        }


def run_service(
    settings: ServiceSettings, package: str, build: Callable[[ServiceRuntime], ServiceParts]
) -> None:
    """Entry point of every `python -m <service>`."""
    configure_logging(settings.service_name, fmt=settings.log_format)
    configure_tracing(settings.service_name)  # before build() makes channels and clients
    wait_for_database(settings.database_url)
    upgrade(package, settings.database_url)
    runtime = ServiceRuntime(settings)
    parts = build(runtime)
    app = parts.http_app or FastAPI(title=settings.service_name)
    trace_http(app)
    install_http_metrics(app, settings.service_name, access_log=settings.access_log)
    _install_health(app)
    app.router.lifespan_context = _lifespan(runtime, parts)
    # httptools parses request bodies in C (h11, the fallback, halved tus ingest speed), in
    # large pieces (BulkBodyProtocol); the plain asyncio loop because grpc.aio does not
    # support uvloop.
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        http=BulkBodyProtocol,
        loop="asyncio",
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
    )


def _install_health(app: FastAPI) -> None:
    @app.get("/healthz", include_in_schema=False)
    async def _healthz() -> dict[str, str]:
        return {"status": "ok"}


def _lifespan(runtime: ServiceRuntime, parts: ServiceParts) -> Callable[[FastAPI], Any]:
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        settings = runtime.settings
        await runtime.publisher.start()
        for consumer, topics in parts.consumers:
            group = f"{settings.service_name}.{consumer.name}"
            subscribe(
                runtime.broker,
                consumer,
                topics,
                group_id=group,
                session_timeout_ms=settings.kafka_session_timeout_ms,
            )
        if parts.consumers:
            await runtime.broker.start()
        grpc_server = await start_grpc_server(
            parts.grpc_servicers,
            port=settings.grpc_port,
            service_name=settings.service_name,
            host=settings.http_host,  # one interface policy for both: loopback unless set
        )
        tasks = [asyncio.create_task(w(stop)) for w in (runtime.relay.run, *parts.workers)]
        log.info("service started", http_port=settings.http_port, grpc_port=settings.grpc_port)
        try:
            yield
        finally:
            stop.set()
            await grpc_server.stop(grace=5)
            await runtime.broker.stop()
            await asyncio.gather(*tasks, return_exceptions=True)
            for hook in parts.on_stop:
                await hook()
            await runtime.publisher.stop()
            await runtime.engine.dispose()

    return lifespan
