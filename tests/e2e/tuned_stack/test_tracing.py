"""One trace from the gateway through requests, Kafka and the device gateway (decision 0045).

This package's stack (tuned_stack/conftest.py) has OTLP pointed at a receiver on 127.0.0.1
(otlp_receiver.py: it decodes the services' real export). The approval of a line item is sent
with a W3C `traceparent` the test chose, so the trace is known before a single span arrives.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from custody_contracts import topics
from custody_devicesim.device import SimulatedDevice

from ..conftest import login, wait_until
from ..deliveries import device_and_camera, request_body
from ..helpers import call, new_org
from ..otlp_receiver import OtlpReceiver, ReceivedSpan

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # tuned stack

TRACE_ID = os.urandom(16).hex()
CALLER_SPAN_ID = os.urandom(8).hex()
SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5  # opentelemetry.proto's Span.SpanKind


def test_an_approval_is_one_trace_from_gateway_to_device_gateway(
    stack: dict[str, Any], gateway: httpx.Client, receiver: OtlpReceiver
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    owner = new_org(gateway, root, "Trace Mall", {"admin": ["org_admin"], "ok": ["approver"]})
    police = new_org(gateway, root, "Trace PD", {"investigator": ["investigator"]})
    investigator = police["users"]["investigator"]["headers"]
    _, code, camera_id = device_and_camera(gateway, owner["users"]["admin"]["headers"])
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    body = request_body(camera_id, end)
    request = call(gateway, "POST", "/api/v1/requests", investigator, body, 201)
    item_id = request["line_items"][0]["id"]
    approve = f"/api/v1/requests/{request['id']}/line-items/{item_id}/approve"
    caller = {"traceparent": f"00-{TRACE_ID}-{CALLER_SPAN_ID}-01"}
    call(gateway, "POST", approve, owner["users"]["ok"]["headers"] | caller, {"permission": "view"})

    device = SimulatedDevice(stack["device_gateway_url"], enrollment_code=code)
    device.enroll()
    assert wait_until(lambda: device.checkin(wait=5), timeout=60, what="the export command")

    spans = wait_until(lambda: _reached_device_gateway(receiver), timeout=60, what="the spans")
    by_id = {s.span_id: s for s in spans}
    entry = next(s for s in spans if s.parent_span_id == CALLER_SPAN_ID)
    assert (entry.service, entry.kind) == ("gateway", SERVER)
    # The gateway's gRPC call is the parent of the requests service's server span.
    grpc_server = next(s for s in spans if s.service == "requests" and s.kind == SERVER)
    assert by_id[grpc_server.parent_span_id].service == "gateway"
    assert by_id[grpc_server.parent_span_id].kind == CLIENT
    # The Kafka hop: the device gateway's consumer span is a child of the span the requests
    # service started when it wrote the event to its outbox.
    consumed = next(s for s in spans if s.service == "device-gateway" and s.kind == CONSUMER)
    produced = by_id[consumed.parent_span_id]
    assert (produced.service, produced.kind) == ("requests", PRODUCER)
    assert produced.name == f"{topics.REQUESTS} create"
    assert consumed.name == f"{topics.REQUESTS} process"
    # And the gateway's access log line for the approval names the trace.
    assert any(
        line.get("event") == "http request" and str(line.get("path")).endswith("/approve")
        for line in _log_lines(stack, "gateway", TRACE_ID)
    )


def _reached_device_gateway(receiver: OtlpReceiver) -> list[ReceivedSpan] | None:
    """The trace once the device gateway's consumer span and every parent it names are in:
    each process exports on its own schedule."""
    spans = receiver.spans(TRACE_ID)
    ids = {s.span_id for s in spans} | {CALLER_SPAN_ID}
    consumed = any(s.service == "device-gateway" and s.kind == CONSUMER for s in spans)
    return spans if consumed and all(s.parent_span_id in ids for s in spans) else None


def _log_lines(stack: dict[str, Any], service: str, trace_id: str) -> list[dict[str, Any]]:
    log = Path(stack["mail_dir"]).parent / "logs" / f"{service}.log"
    lines = (json.loads(line) for line in log.read_text().splitlines() if line)
    return [line for line in lines if line.get("trace_id") == trace_id]
