"""OpenTelemetry tracing, set up once per process, and only when an OTLP endpoint is configured
(the standard OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; every other
OTEL_* variable works as documented). Without one nothing is instrumented: the API's no-op
tracer is all that runs.

HTTP (FastAPI as server, httpx as client) and gRPC (aio client and server interceptors) use the
maintained instrumentations; Kafka consumers use FastStream's own telemetry middleware. Events
are published by the outbox relay long after the request that raised them, so the producer
side is a span started when the event is written to the outbox: its context travels in the
event's CloudEvents headers (`traceparent`, `tracestate`), and the consumer's span is its child.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
# Probes and scrapes would be most of the spans and say nothing.
UNTRACED_URLS = "/healthz,/metrics"
# The W3C trace context, exactly the headers of the CloudEvents distributed tracing extension.
_PROPAGATOR = TraceContextTextMapPropagator()
_tracer = trace.get_tracer(__name__)  # a proxy: it uses the provider once one is set


def tracing_configured(environ: Mapping[str, str] = os.environ) -> bool:
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return any(environ.get(name) for name in ENDPOINT_VARIABLES)


def tracing_enabled() -> bool:
    """Whether configure_tracing installed a provider in this process."""
    provider = trace.get_tracer_provider()
    return not isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider)


def configure_tracing(service: str) -> bool:
    """Install the SDK and the gRPC and httpx instrumentation; call it before any channel, gRPC
    server or httpx client is built. Returns whether tracing is on."""
    if not tracing_configured():
        return False
    # Imported here: a process that does not trace never loads the SDK and instrumentations.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.grpc import (
        GrpcAioInstrumentorClient,
        GrpcAioInstrumentorServer,
    )
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    GrpcAioInstrumentorServer().instrument()  # type: ignore[no-untyped-call]
    GrpcAioInstrumentorClient().instrument()  # type: ignore[no-untyped-call]
    HTTPXClientInstrumentor().instrument()
    return True


def trace_http(app: Any) -> None:
    """A server span per HTTP request (none for health and metrics), when tracing is on."""
    if not tracing_enabled():
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    # Without the per-message `receive`/`send` spans: a tus upload would make thousands.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=UNTRACED_URLS, exclude_spans=["receive", "send"]
    )


def kafka_middlewares() -> tuple[Any, ...]:
    """FastStream's consumer middleware: a `<topic> process` span, child of the event's
    `traceparent`, current while the handler runs."""
    if not tracing_enabled():
        return ()
    from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware

    return (KafkaTelemetryMiddleware(),)


def event_trace_headers(topic: str) -> dict[str, str]:
    """`traceparent` (and `tracestate`) of a producer span for an event written to the outbox
    now, a child of the current span; empty when tracing is off."""
    if not tracing_enabled():
        return {}
    span = _tracer.start_span(
        f"{topic} create",
        kind=trace.SpanKind.PRODUCER,
        attributes={
            "messaging.system": "kafka",
            "messaging.destination.name": topic,
            "messaging.operation.type": "create",
        },
    )
    headers: dict[str, str] = {}
    _PROPAGATOR.inject(headers, context=trace.set_span_in_context(span))
    span.end()
    return headers


def current_trace_id() -> str | None:
    """The current trace id as 32 hex digits, as trace backends show it; None outside a trace."""
    context = trace.get_current_span().get_span_context()
    return trace.format_trace_id(context.trace_id) if context.is_valid else None
