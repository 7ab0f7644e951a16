"""Prometheus metrics defined once, shared by every service, and the HTTP middleware."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable

import structlog
from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

HTTP_LATENCY = Histogram(
    "custody_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route", "status"],
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
OBJECT_INTEGRITY_FAILURES = Counter(
    "custody_object_integrity_failures_total",
    "Stored objects whose sha256 did not match on read",
    ["service"],
)


def install_http_metrics(app: FastAPI, service: str) -> None:
    """Latency histogram by route template, request id bound for every log line, /metrics."""

    @app.middleware("http")
    async def _observe(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request_id = request.headers.get("x-request-id") or str(uuid.uuid4())
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        start = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")
        HTTP_LATENCY.labels(service, request.method, route, str(response.status_code)).observe(
            time.perf_counter() - start
        )
        response.headers["x-request-id"] = request_id
        return response

    @app.get("/metrics", include_in_schema=False)
    async def _metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
