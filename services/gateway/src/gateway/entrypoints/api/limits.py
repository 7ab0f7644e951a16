"""Limits of what a request may ask: the body's size (answered with problem+json) and the
longest lifetime of what the API hands out (`Lifetimes`).

FastAPI's own ``max_body_size`` replaces any response with a plain-text 413 when the
declared Content-Length is too large, so the gateway checks sizes itself: a declared length
is refused before reading, and a chunked body is counted while the route reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from custody_platform.errors import InvalidArgument
from custody_platform.problems import problem
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# File routes take bigger bodies than JSON routes. The services behind them cap the files
# themselves (3 MiB, under gRPC's 4 MiB message limit); this leaves room for the multipart.
FILE_ROUTE_SUFFIXES = ("/thumbnail", "/cameras/import")
FILE_ROUTE_MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Lifetimes:
    """How far ahead share links and upload grants may expire (settings
    SHARE_LINK_MAX_DAYS, UPLOAD_GRANT_MAX_DAYS)."""

    share_link: timedelta = timedelta(days=90)
    upload_grant: timedelta = timedelta(days=30)

    @staticmethod
    def check(expires_at: datetime | None, longest: timedelta, field: str) -> None:
        if expires_at is not None and expires_at > datetime.now(UTC) + longest:
            raise InvalidArgument(f"{field} may be at most {longest.days} days ahead")


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        if _declared_length(scope) > limit:
            response = problem(Request(scope), 413, _detail(limit), code="body_too_large")
            await response(scope, receive, send)
            return
        await self.app(scope, _counting(receive, limit), send)

    def _limit_for(self, path: str) -> int:
        if path.rstrip("/").endswith(FILE_ROUTE_SUFFIXES):
            return max(self.max_bytes, FILE_ROUTE_MAX_BYTES)
        return self.max_bytes


def _detail(limit: int) -> str:
    return f"request body exceeds {limit} bytes"


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            # FastAPI re-raises HTTPException from body parsing: the handler makes it a problem.
            raise HTTPException(413, _detail(limit))
        return message

    return counted


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0
