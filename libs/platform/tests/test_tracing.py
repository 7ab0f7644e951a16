"""Tracing is on only when an OTLP endpoint is configured; the trace id is on every log line;
an event's trace context travels in its CloudEvents headers. (The whole path, exported and
received, is tests/e2e/tuned_stack/test_tracing.py: a tracer provider can be installed once
per process.)"""

from __future__ import annotations

import json
import logging
import uuid

import pytest
import structlog
from custody_contracts.envelope import Envelope
from custody_platform.logging import configure_logging, get_logger
from custody_platform.tracing import (
    configure_tracing,
    event_trace_headers,
    kafka_middlewares,
    tracing_configured,
)
from opentelemetry.sdk.trace import TracerProvider

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("environ", "configured"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ""}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "True"}, False),
    ],
)
def test_only_an_otlp_endpoint_turns_tracing_on(environ: dict[str, str], configured: bool) -> None:
    assert tracing_configured(environ) is configured


def test_unconfigured_nothing_is_installed_and_events_carry_no_trace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    assert configure_tracing("test") is False
    assert event_trace_headers("custody.requests") == {}
    assert kafka_middlewares() == ()


def test_every_log_line_names_the_current_trace(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access").disabled
    configure_logging("tracing-test")
    tracer = TracerProvider().get_tracer("test")  # a local provider: the global one stays unset
    try:
        with tracer.start_as_current_span("work") as span:
            get_logger().info("inside")
        get_logger().info("outside")
        inside, outside = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    finally:
        structlog.reset_defaults()
        root.handlers[:], root.level = handlers, level
        logging.getLogger("uvicorn.access").disabled = access
    assert inside["trace_id"] == f"{span.get_span_context().trace_id:032x}"
    assert outside["trace_id"] is None


def test_an_envelope_carries_the_w3c_trace_context_in_its_headers() -> None:
    parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    envelope = Envelope(
        id=uuid.uuid4(),
        type="requests.line_item_approved",
        source="urn:custody:service:requests",
        traceparent=parent,
        tracestate="vendor=opaque",
    )
    headers = {k: v.decode() for k, v in envelope.to_headers()}
    assert headers["traceparent"] == parent and headers["tracestate"] == "vendor=opaque"
    assert Envelope.from_headers(headers) == envelope
