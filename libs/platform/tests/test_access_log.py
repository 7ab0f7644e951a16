"""The access log: one line per request with the request id, never a link token."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import structlog
from custody_platform.metrics import install_http_metrics
from fastapi import FastAPI, Request
from structlog.testing import capture_logs
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

pytestmark = pytest.mark.unit


def _app(*, access_log: bool = True) -> FastAPI:
    app = FastAPI()
    install_http_metrics(app, "access-test", access_log=access_log)

    @app.put("/public/v1/shares/{token}")
    async def share(token: str, request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    return app


async def _requests(app: Any, *calls: tuple[str, str]) -> list[dict[str, Any]]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4711))
    headers = {"x-request-id": "r-1", "x-forwarded-for": "198.51.100.7"}
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as lines:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            for method, url in calls:
                await client.request(method, url, content=b"abc", headers=headers)
    return [line for line in lines if line["event"] == "http request"]


async def test_a_request_is_one_line_with_its_route_template_not_its_token() -> None:
    [line] = await _requests(_app(), ("PUT", "/public/v1/shares/sl_secret?token=t0k&page=2"))
    assert line == {
        "event": "http request",
        "log_level": "info",
        "request_id": "r-1",
        "method": "PUT",
        "path": "/public/v1/shares/{token}",
        "query": "token=redacted&page=2",
        "status": 200,
        "duration_ms": line["duration_ms"],
        "bytes_sent": len(b'{"received":3}'),
        "bytes_received": 3,
        "client": "203.0.113.9",
    }
    assert "sl_secret" not in str(line) and "t0k" not in str(line)


async def test_an_unmatched_link_path_has_its_token_replaced() -> None:
    [line] = await _requests(_app(), ("GET", "/f/fr_secret/extra"))
    assert line["path"] == "/f/{redacted}/extra"
    assert line["status"] == 404


async def test_secret_query_parameters_are_replaced() -> None:
    lines = await _requests(_app(), ("GET", "/invitations/accept?token=gi_1&mfa_code=9&q=a"))
    assert lines[0]["query"] == "token=redacted&mfa_code=redacted&q=a"


@pytest.mark.parametrize(
    ("trusted", "client"), [("203.0.113.9", "198.51.100.7"), ("10.0.0.1", "203.0.113.9")]
)
async def test_the_forwarded_address_is_the_client_only_from_a_trusted_proxy(
    trusted: str, client: str
) -> None:
    """uvicorn's proxy handling (run_service's forwarded_allow_ips) resolves it first."""
    app = ProxyHeadersMiddleware(_app(), trusted_hosts=trusted)
    [line] = await _requests(app, ("PUT", "/public/v1/shares/x"))
    assert line["client"] == client


async def test_switched_off_it_logs_nothing() -> None:
    assert await _requests(_app(access_log=False), ("PUT", "/public/v1/shares/x")) == []
