"""The HTTP observer: request ids on responses and logs, latency by route template."""

from __future__ import annotations

import httpx
import pytest
from custody_platform.metrics import install_http_metrics
from fastapi import FastAPI, Request
from prometheus_client import REGISTRY

pytestmark = pytest.mark.unit


def _app() -> FastAPI:
    app = FastAPI()
    install_http_metrics(app, "metrics-test")

    @app.put("/items/{item_id}")
    async def put(item_id: str, request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    return app


def _count(route: str, status: str) -> float:
    labels = {"service": "metrics-test", "method": "PUT", "route": route, "status": status}
    value = REGISTRY.get_sample_value("custody_http_request_duration_seconds_count", labels)
    return value or 0.0


async def test_a_request_is_timed_by_route_template_and_answers_with_its_request_id() -> None:
    before = _count("/items/{item_id}", "200")
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.put(
            "/items/7", content=b"x" * 300_000, headers={"x-request-id": "req-42"}
        )
        fresh = await client.put("/items/8", content=b"")
    assert response.json() == {"received": 300_000}
    assert response.headers["x-request-id"] == "req-42"
    assert fresh.headers["x-request-id"]  # one is made up when the caller sent none
    assert _count("/items/{item_id}", "200") == before + 2


@pytest.mark.parametrize("sent", ["caf\u00e9", "a\x7fb", "x" * 129, "two words"])
async def test_a_request_id_that_cannot_travel_as_grpc_metadata_is_replaced(sent: str) -> None:
    """gRPC refuses such metadata: every onward call of the request failed (a 500)."""
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.put(
            "/items/9", content=b"", headers=[(b"x-request-id", sent.encode("latin-1"))]
        )
    assert response.headers["x-request-id"] not in ("", sent)


async def test_unmatched_paths_are_counted_under_one_label() -> None:
    before = _count("unmatched", "404")
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.put("/nowhere/1")
    assert response.status_code == 404
    assert _count("unmatched", "404") == before + 1
