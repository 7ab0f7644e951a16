"""Sessions: where sign-in may send a browser back to, idle expiry, and one refresh at a time
(the gateway revokes a session whose old refresh token comes back)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from web.adapters.session_store import InMemorySessionStore
from web.domain.errors import ApiProblem, SignedOut
from web.domain.sessions import Tokens, WebSession, csrf_matches, safe_next
from web.domain.views import Problem
from web.service_layer import sessions

pytestmark = pytest.mark.unit
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("asked", "goes"),
    [
        ("/requests/1?tab=2", "/requests/1?tab=2"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_sign_in_only_sends_back_to_this_site(asked: str | None, goes: str) -> None:
    assert safe_next(asked) == goes


def test_an_idle_session_is_gone() -> None:
    store = InMemorySessionStore(timedelta(minutes=30))
    session = store.add(WebSession.new(NOW))
    assert store.get(session.id, NOW + timedelta(minutes=29)) is session
    assert store.get(session.id, NOW + timedelta(minutes=60)) is None
    assert len(store) == 0


def test_csrf_tokens_must_match_exactly() -> None:
    session = WebSession.new(NOW)
    assert csrf_matches(session, session.csrf_token)
    assert not csrf_matches(session, None)
    assert not csrf_matches(session, session.csrf_token[:-1])


class SlowGateway:
    """Refreshes take a while, long enough for a second request to arrive meanwhile."""

    def __init__(self) -> None:
        self.presented: list[str] = []

    async def refresh(self, refresh_token: str) -> Tokens:
        self.presented.append(refresh_token)
        await asyncio.sleep(0.05)
        n = len(self.presented)
        return Tokens(f"access-{n}", f"refresh-{n}", datetime.now(UTC) + timedelta(minutes=15))

    async def echo(self, token: str) -> str:
        return token


async def test_concurrent_requests_refresh_once() -> None:
    store = InMemorySessionStore(timedelta(minutes=30))
    session = store.add(WebSession.new(NOW, Tokens("old", "refresh-0", NOW)))
    gateway: Any = SlowGateway()
    used = await asyncio.gather(
        *(sessions.call(store, gateway, session, gateway.echo) for _ in range(3))
    )
    assert gateway.presented == ["refresh-0"]
    assert used == ["access-1"] * 3


async def test_a_refused_token_ends_the_session() -> None:
    store = InMemorySessionStore(timedelta(minutes=30))
    later = datetime.now(UTC) + timedelta(minutes=15)
    session = store.add(WebSession.new(NOW, Tokens("revoked", "r", later)))

    async def refuse(token: str) -> None:
        raise ApiProblem(Problem(status=401, detail="session revoked"))

    with pytest.raises(SignedOut):
        await sessions.call(store, object(), session, refuse)  # type: ignore[arg-type]
    assert store.get(session.id, NOW) is None
