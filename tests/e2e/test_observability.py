"""Every service is observable the same way: Prometheus /metrics and JSON log lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_every_service_serves_prometheus_metrics(stack: dict[str, Any]) -> None:
    for name, service in stack["services"].items():
        response = httpx.get(f"http://127.0.0.1:{service['http_port']}/metrics", timeout=10)
        assert response.status_code == 200, name
        body = response.text
        assert "custody_http_request_duration_seconds" in body, name
        if name == "web":
            continue  # a client of the public API: no database (outbox) and no gRPC server
        assert "custody_outbox_backlog" in body, name
        assert "custody_grpc_server_handling_seconds" in body, name


def test_every_log_line_is_json_with_service_request_event_and_trace_ids(
    stack: dict[str, Any],
) -> None:
    logs = Path(stack["mail_dir"]).parent / "logs"
    for name in stack["services"]:
        lines = [line for line in (logs / f"{name}.log").read_text().splitlines() if line]
        assert lines, f"{name} logged nothing"
        for line in lines:
            record = json.loads(line)
            assert record["service"] == name, line
            assert "request_id" in record and "event_id" in record, line
            assert "trace_id" in record, line  # null here: this stack exports no traces
