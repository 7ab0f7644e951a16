"""Request body size limit, answered with problem+json.

FastAPI's own ``max_body_size`` replaces any response with a plain-text 413 when the
declared Content-Length is too large, so the gateway checks sizes itself: a declared length
is refused before reading, and a chunked body is counted while the route reads it.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.entrypoints.api.problems import problem


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _declared_length(scope) > self.max_bytes:
            response = problem(Request(scope), 413, self._detail, code="body_too_large")
            await response(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    @property
    def _detail(self) -> str:
        return f"request body exceeds {self.max_bytes} bytes"

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                # FastAPI re-raises HTTPException from body parsing: the handler makes it a problem.
                raise HTTPException(413, self._detail)
            return message

        return counted


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0
