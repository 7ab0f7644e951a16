"""One structlog JSON line per HTTP request, in place of uvicorn's access log (switched off in
logging.py: it prints raw paths and query strings, and link tokens are credentials).

The path is the route template when a route matched (`/public/v1/shares/{token}`); an
unmatched path has the segment after a link prefix replaced, and a query parameter whose name
says it holds a secret (`token`, `code`, ...) has its value replaced. The client is the address
uvicorn resolved: the forwarded one only when the peer is a trusted proxy.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qsl, urlencode

import structlog
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REDACTED = "redacted"
# Paths whose next segment is a link token: the web app's upload page, the public API.
_LINK_TOKEN = re.compile(r"(/(?:f|shares|file-requests)/)[^/]+")
_SECRET_PARAM = re.compile(r"token|code|secret|password|signature|key", re.IGNORECASE)
# Probes and scrapes arrive every few seconds from the orchestrator and Prometheus.
_QUIET_PATHS = frozenset({"/healthz", "/metrics"})

log = structlog.get_logger("access")


class AccessLog:
    """Plain ASGI, like HttpObserver (which binds the request id before this runs)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        counts = {"status": 500, "sent": 0, "received": 0}

        async def counting_receive() -> Message:
            message = await receive()
            counts["received"] += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                counts["status"] = message["status"]
            elif message["type"] == "http.response.body":
                counts["sent"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        finally:
            _log_request(scope, counts, time.perf_counter() - start)


def _log_request(scope: Scope, counts: dict[str, int], seconds: float) -> None:
    path = scope["path"]
    emit = log.debug if path in _QUIET_PATHS else log.info
    client = scope.get("client")
    emit(
        "http request",
        method=scope["method"],
        path=safe_path(scope),
        query=safe_query(scope.get("query_string", b"").decode("latin-1")) or None,
        status=counts["status"],
        duration_ms=round(seconds * 1000, 2),
        bytes_sent=counts["sent"],
        bytes_received=counts["received"],
        client=client[0] if client else None,
    )


def safe_path(scope: Scope) -> str:
    """The route template when one matched, else the raw path without link tokens."""
    route = scope.get("route")
    if isinstance(route, Route):  # not a Mount: a static file's own path says more
        return route.path
    return _LINK_TOKEN.sub(rf"\1{{{REDACTED}}}", scope["path"])


def safe_query(query: str) -> str:
    """The query string with the values of secret-bearing parameters replaced."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, REDACTED if _SECRET_PARAM.search(k) else v) for k, v in pairs])
