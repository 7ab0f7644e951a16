"""Sign-in limits against the real Postgres: the account lockout and the per-address limit."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from custody_platform import ratelimit
from custody_platform.grpc.client import GrpcClient
from custody_platform.unit_of_work import UnitOfWork
from fastapi import FastAPI
from gateway.adapters.clients import Upstream
from gateway.entrypoints.http_api import create_app
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import PASSWORD, People, bearer, make_settings

pytestmark = pytest.mark.integration

TOKEN = "/api/v1/auth/token"
WRONG = "not the password at all"


async def sign_in(http: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await http.post(TOKEN, data={"username": email, "password": password})


async def new_user(people: People) -> tuple[str, str]:
    """(user id, email) of a fresh investigator."""
    org_id = await people.org()
    email = f"lock-{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": "L", "roles": ["investigator"]}
    reply = await people.http.post(
        f"/api/v1/orgs/{org_id}/users", json=body, headers=people.as_admin
    )
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"]), email


def answer(reply: httpx.Response) -> tuple[int, str, str]:
    return reply.status_code, reply.json()["type"], reply.json()["detail"]


async def test_five_failures_lock_the_account_even_for_the_right_password(
    people: People, engine: AsyncEngine
) -> None:
    user_id, email = await new_user(people)
    replies = [await sign_in(people.http, email, WRONG) for _ in range(5)]
    assert [r.status_code for r in replies] == [401, 401, 401, 401, 429]
    locked = replies[-1]
    assert locked.headers["content-type"] == "application/problem+json"
    assert locked.json()["type"] == "urn:custody:problem:account_locked"
    assert 29 * 60 < int(locked.headers["retry-after"]) <= 30 * 60
    right = await sign_in(people.http, email, PASSWORD)
    assert answer(right) == answer(locked)  # the right password changes nothing
    assert "retry-after" in right.headers
    async with engine.connect() as conn:  # each failure was committed and audited
        actions = await conn.execute(
            text("SELECT payload::jsonb->>'action' FROM gateway.outbox WHERE key = :id"),
            {"id": user_id},
        )
        assert sorted(actions.scalars()) == ["user.created"] + ["user.login_failed"] * 5


async def test_an_unknown_email_locks_exactly_like_a_known_one(people: People) -> None:
    _, known = await new_user(people)
    unknown = f"nobody-{uuid.uuid4().hex[:8]}@example.org"
    for email in (known, unknown):
        for _ in range(4):
            assert (await sign_in(people.http, email, WRONG)).status_code == 401
    fifth = [answer(await sign_in(people.http, email, WRONG)) for email in (known, unknown)]
    assert fifth[0] == fifth[1] and fifth[0][0] == 429
    sixth = [answer(await sign_in(people.http, email, PASSWORD)) for email in (known, unknown)]
    assert sixth[0] == sixth[1] == fifth[0]


async def test_a_successful_sign_in_resets_the_count(people: People) -> None:
    _, email = await new_user(people)
    for _ in range(2):
        for _ in range(4):
            assert (await sign_in(people.http, email, WRONG)).status_code == 401
        assert (await sign_in(people.http, email, PASSWORD)).status_code == 200


async def test_the_lock_ends_after_its_time(people: People, engine: AsyncEngine) -> None:
    _, email = await new_user(people)
    for _ in range(5):
        await sign_in(people.http, email, WRONG)
    assert (await sign_in(people.http, email, PASSWORD)).status_code == 429
    async with engine.begin() as conn:  # 31 minutes pass
        await conn.execute(
            text(
                "UPDATE gateway.sign_in_failures SET last_failed_at = last_failed_at - "
                "interval '31 minutes', locked_until = locked_until - interval '31 minutes' "
                "WHERE email = :email"
            ),
            {"email": email},
        )
    reply = await sign_in(people.http, email, PASSWORD)
    assert reply.status_code == 200
    me = await people.http.get("/api/v1/users/me", headers=bearer(reply.json()["access_token"]))
    assert me.status_code == 200


@pytest.fixture
async def replicas(
    migrated: str, uow_factory: Callable[[], UnitOfWork], engine: AsyncEngine
) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """Clients of two gateway apps (two replicas) allowing 3 sign-ins per address and minute,
    each client calling from the address it is given."""
    settings = make_settings(migrated, sign_in_attempts=3)
    upstream = Upstream(GrpcClient(), settings)
    apps: list[FastAPI] = [
        create_app(settings, uow_factory=uow_factory, upstream=upstream, engine=engine)
        for _ in range(2)
    ]
    clients: list[httpx.AsyncClient] = []

    def client(address: str) -> httpx.AsyncClient:
        app = apps[len(clients) % 2]
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        clients.append(httpx.AsyncClient(transport=transport, base_url="http://gateway"))
        return clients[-1]

    yield client
    for each in clients:
        await each.aclose()
    await upstream.close()


async def test_sign_ins_are_limited_per_address_across_replicas(
    people: People, replicas: Callable[[str], httpx.AsyncClient], monkeypatch: Any
) -> None:
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_050.0))
    _, email = await new_user(people)
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"
    first, second = replicas(address), replicas(address)
    codes = [(await sign_in(c, email, WRONG)).status_code for c in (first, second, first)]
    assert codes == [401, 401, 401]
    refused = await sign_in(second, email, PASSWORD)  # the 4th, on the other replica
    assert refused.status_code == 429
    assert refused.json()["type"] == "urn:custody:problem:too_many_requests"
    assert refused.headers["retry-after"] == "30"  # the minute's window ends in 30 s
    elsewhere = replicas(f"2001:db8::{uuid.uuid4().hex[:4]}")
    assert (await sign_in(elsewhere, email, PASSWORD)).status_code == 200
