"""The notifications stream: the count at once, each change, heartbeats, and its end when
the session ends, against a stand-in notifier and session check."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from custody_contracts.grpc import notifications_pb2
from custody_contracts.principal import Principal
from custody_platform.errors import Unauthenticated
from fastapi import FastAPI
from gateway.domain.tokens import AccessClaims
from gateway.entrypoints.api.deps import get_user_session
from gateway.entrypoints.api.routes import api_router, notifications
from gateway.entrypoints.http_api import API_PREFIX, PROBLEMS

pytestmark = pytest.mark.unit

PRINCIPAL = Principal(user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset({"approver"}))


class Notifier:
    """Answers CountUnread from a list of counts, the last one for ever."""

    def __init__(self, *counts: int) -> None:
        self.counts = list(counts)

    async def CountUnread(self, request: Any, **_: Any) -> notifications_pb2.UnreadCount:
        count = self.counts.pop(0) if len(self.counts) > 1 else self.counts[0]
        return notifications_pb2.UnreadCount(unread=count)


class Sessions:
    def __init__(self) -> None:
        self.alive = True

    async def authenticate(
        self, uow: Any, auth: Any, claims: AccessClaims, *, operation: str
    ) -> Principal:
        if not self.alive:
            raise Unauthenticated("session ended")
        return claims.principal


@asynccontextmanager
async def _uow() -> AsyncIterator[None]:
    yield None


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> Sessions:
    monkeypatch.setattr(notifications, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(notifications, "HEARTBEAT_SECONDS", 0.05)
    monkeypatch.setattr(notifications, "LIFETIME_SECONDS", 0.3)  # ASGITransport reads it whole
    checker = Sessions()
    monkeypatch.setattr(notifications, "sessions", checker)
    return checker


def _client(notifier: Notifier) -> httpx.AsyncClient:
    app = FastAPI()
    PROBLEMS.install(app)
    app.include_router(api_router(), prefix=API_PREFIX)
    app.dependency_overrides[get_user_session] = lambda: AccessClaims(PRINCIPAL, uuid.uuid4())
    upstream = SimpleNamespace(notifications=notifier)
    app.state.gateway = SimpleNamespace(upstream=upstream, uow_factory=_uow, auth=None)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _lines(client: httpx.AsyncClient, wanted: int) -> tuple[httpx.Response, list[str]]:
    lines: list[str] = []
    async with client.stream("GET", f"{API_PREFIX}/notifications/stream") as response:
        async for line in response.aiter_lines():
            if line:
                lines.append(line)
            if len(lines) >= wanted:
                break
    return response, lines


async def test_the_count_at_once_then_each_change_then_heartbeats(fast: Sessions) -> None:
    async with _client(Notifier(2, 2, 3, 3, 0)) as client:
        response, lines = await _lines(client, 8)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-store"
    assert lines[:7] == [
        "retry: 2000",
        "event: unread",
        'data: {"unread": 2}',
        "event: unread",
        'data: {"unread": 3}',
        "event: unread",
        'data: {"unread": 0}',
    ]
    assert lines[7] == ": heartbeat"


async def test_the_stream_ends_with_its_session(fast: Sessions) -> None:
    fast.alive = False
    async with _client(Notifier(1)) as client:
        _, lines = await _lines(client, 100)  # ends by itself at the first heartbeat
    assert lines == ["retry: 2000", "event: unread", 'data: {"unread": 1}']
