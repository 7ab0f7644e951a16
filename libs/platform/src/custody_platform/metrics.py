"""Prometheus metrics defined once, shared by every service, and the HTTP middleware."""

from __future__ import annotations

import time
import uuid

import structlog
from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from custody_platform.access_log import AccessLog

# Up to 30 minutes: a tus PATCH of a large file or a streamed download of evidence is one
# request that runs for minutes; API calls fall in the buckets below a second.
HTTP_BUCKETS = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800
)  # fmt: skip
HTTP_LATENCY = Histogram(
    "custody_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route", "status"],
    buckets=HTTP_BUCKETS,
)
EVENTS_PUBLISHED = Counter(
    "custody_events_published_total", "Events published by the outbox relay", ["service", "topic"]
)
EVENTS_CONSUMED = Counter(
    "custody_events_consumed_total",
    "Events handled by a consumer",
    ["service", "consumer", "type", "outcome"],
)
EVENTS_FAILED = Counter(
    "custody_events_failed_total",
    "Event handling attempts that raised",
    ["service", "consumer", "type"],
)
EVENTS_DEAD_LETTERED = Counter(
    "custody_events_dead_lettered_total", "Events sent to a dead-letter topic", ["service", "topic"]
)
OUTBOX_BACKLOG = Gauge("custody_outbox_backlog", "Outbox rows not yet published", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "custody_outbox_oldest_age_seconds",
    "Age of the oldest outbox row not yet published (0 when none waits)",
    ["service"],
)
CONSUMER_LAG = Gauge(
    "custody_consumer_lag",
    "Records of a partition still to read after the last one handled",
    ["service", "consumer", "topic", "partition"],
)
OBJECT_INTEGRITY_FAILURES = Counter(
    "custody_object_integrity_failures_total",
    "Stored objects whose sha256 did not match on read",
    ["service"],
)


def install_http_metrics(app: FastAPI, service: str, *, access_log: bool = True) -> None:
    """Latency histogram by route template, request id bound for every log line, /metrics,
    and (unless switched off) one access log line per request."""
    if access_log:
        app.add_middleware(AccessLog)  # inside the observer: the request id is bound first
    app.add_middleware(HttpObserver, service=service)

    @app.get("/metrics", include_in_schema=False)
    async def _metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


MAX_REQUEST_ID = 128


class HttpObserver:
    """Plain ASGI rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware pipes
    every request and response body through an in-memory stream, which cost tus uploads and
    streamed downloads most of their throughput."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(_header(scope, b"x-request-id"))
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            HTTP_LATENCY.labels(self.service, scope["method"], route, str(status)).observe(
                time.perf_counter() - start
            )


def _request_id(sent: str | None) -> str:
    """The caller's request id when it can travel on as gRPC metadata (printable ASCII, at
    most 128 characters), else a new one: gRPC refuses any other, and the call failed."""
    if sent and len(sent) <= MAX_REQUEST_ID and all(33 <= ord(c) <= 126 for c in sent):
        return sent
    return str(uuid.uuid4())


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None
