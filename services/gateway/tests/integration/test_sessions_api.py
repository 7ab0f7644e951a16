"""Sessions against the real Postgres: refresh with rotation and reuse detection, logout, the
idle limit, and a user's deactivation ending every session of theirs."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import PASSWORD, People, bearer

pytestmark = pytest.mark.integration

ME = "/api/v1/users/me"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"


async def new_member(people: People, *roles: str) -> tuple[str, str, str]:
    """(org id, user id, email) of a fresh user."""
    org_id = await people.org()
    email = f"s-{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": "S", "roles": list(roles)}
    reply = await people.http.post(
        f"/api/v1/orgs/{org_id}/users", json=body, headers=people.as_admin
    )
    assert reply.status_code == 201, reply.text
    return org_id, str(reply.json()["id"]), email


async def sign_in(http: httpx.AsyncClient, email: str) -> dict[str, Any]:
    reply = await http.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


async def status(http: httpx.AsyncClient, tokens: dict[str, Any]) -> int:
    return (await http.get(ME, headers=bearer(tokens["access_token"]))).status_code


async def refresh(http: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await http.post(REFRESH, json={"refresh_token": refresh_token})


async def age_session(engine: AsyncEngine, access_token: str, column: str, minutes: int) -> None:
    """Moves one of the token's session's times `minutes` into the past: the clock, set."""
    async with engine.begin() as conn:
        await conn.execute(
            text(
                f"UPDATE gateway.sessions SET {column} = now() - make_interval(mins => :m) "
                "WHERE id = :sid"
            ),
            {"m": minutes, "sid": _sid(access_token)},
        )


def _sid(access_token: str) -> uuid.UUID:
    return uuid.UUID(jwt.decode(access_token, options={"verify_signature": False})["sid"])


async def test_refresh_rotates_and_a_reused_token_ends_the_session(people: People) -> None:
    _, _, email = await new_member(people, "investigator")
    first = await sign_in(people.http, email)
    assert first["refresh_token"] and first["expires_in"] == 15 * 60
    renewed = await refresh(people.http, first["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    second = renewed.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["token_type"] == "bearer" and await status(people.http, second) == 200
    reused = await refresh(people.http, first["refresh_token"])  # stolen, or replayed
    assert reused.status_code == 401 and reused.headers["www-authenticate"] == "Bearer"
    assert (await refresh(people.http, second["refresh_token"])).status_code == 401
    assert await status(people.http, second) == 401  # the whole session ended
    assert await status(people.http, first) == 401


@pytest.mark.parametrize("token", ["garbage", f"{uuid.uuid4().hex}.whatever", "a.b.c"])
async def test_unknown_refresh_tokens_are_401(people: People, token: str) -> None:
    reply = await refresh(people.http, token)
    assert reply.status_code == 401 and reply.json()["detail"] == "invalid or expired refresh token"


async def test_logout_ends_the_session_at_once(people: People, engine: AsyncEngine) -> None:
    _, user_id, email = await new_member(people, "investigator")
    tokens, other = await sign_in(people.http, email), await sign_in(people.http, email)
    reply = await people.http.post(LOGOUT, headers=bearer(tokens["access_token"]))
    assert (reply.status_code, reply.json()) == (200, {"end_session_url": None})
    assert await status(people.http, tokens) == 401  # well before the token's expiry
    assert (await refresh(people.http, tokens["refresh_token"])).status_code == 401
    assert await status(people.http, other) == 200  # another sign-in of the same user lives
    again = await people.http.post(LOGOUT, headers=bearer(tokens["access_token"]))
    assert again.status_code == 401
    async with engine.connect() as conn:
        actions = await conn.execute(
            text("SELECT payload::jsonb->>'action' FROM gateway.outbox WHERE key = :id"),
            {"id": user_id},
        )
        assert list(actions.scalars()).count("user.logout") == 1


async def test_an_idle_session_is_refused(people: People, engine: AsyncEngine) -> None:
    _, _, email = await new_member(people, "investigator")
    used, idle = await sign_in(people.http, email), await sign_in(people.http, email)
    await age_session(engine, used["access_token"], "last_seen_at", 29)
    await age_session(engine, idle["access_token"], "last_seen_at", 30)
    assert await status(people.http, used) == 200  # and records the use
    await age_session(engine, used["access_token"], "last_seen_at", 0)
    assert await status(people.http, used) == 200
    reply = await people.http.get(ME, headers=bearer(idle["access_token"]))
    assert reply.status_code == 401 and "sign in again" in reply.json()["detail"]
    assert (await refresh(people.http, idle["refresh_token"])).status_code == 401


async def test_refreshing_records_use_and_a_session_ends_after_its_maximum_age(
    people: People, engine: AsyncEngine
) -> None:
    _, _, email = await new_member(people, "investigator")
    tokens = await sign_in(people.http, email)
    await age_session(engine, tokens["access_token"], "last_seen_at", 29)
    renewed = (await refresh(people.http, tokens["refresh_token"])).json()
    async with engine.connect() as conn:
        idle_for = await conn.scalar(
            text("SELECT now() - last_seen_at FROM gateway.sessions WHERE id = :sid"),
            {"sid": _sid(renewed["access_token"])},
        )
    assert idle_for.total_seconds() < 60
    await age_session(engine, renewed["access_token"], "expires_at", 1)
    assert await status(people.http, renewed) == 401
    assert (await refresh(people.http, renewed["refresh_token"])).status_code == 401


async def test_deactivation_ends_every_session_of_the_user(
    people: People, engine: AsyncEngine
) -> None:
    org_id, user_id, email = await new_member(people, "investigator")
    _, admin = await people.user(org_id, "org_admin")
    sessions = [await sign_in(people.http, email) for _ in range(2)]
    reply = await people.http.post(f"/api/v1/users/{user_id}/deactivate", headers=bearer(admin))
    assert reply.status_code == 200 and reply.json()["is_active"] is False
    for tokens in sessions:
        assert await status(people.http, tokens) == 401
        assert (await refresh(people.http, tokens["refresh_token"])).status_code == 401
    login = await people.http.post(
        "/api/v1/auth/token", data={"username": email, "password": PASSWORD}
    )
    assert login.status_code == 401
    async with engine.connect() as conn:
        revoked = await conn.scalar(
            text(
                "SELECT count(*) FROM gateway.sessions WHERE user_id = :id "
                "AND revoked_reason = 'user_deactivated'"
            ),
            {"id": user_id},
        )
        assert revoked == 2


async def test_only_an_org_admin_of_the_users_org_deactivates(people: People) -> None:
    org_id, user_id, _ = await new_member(people, "approver")
    _, investigator = await people.user(org_id, "investigator")
    admin_id, admin = await people.user(org_id, "org_admin")
    _, stranger = await people.user(await people.org(), "org_admin")
    url = f"/api/v1/users/{user_id}/deactivate"
    assert (await people.http.post(url, headers=bearer(investigator))).status_code == 403
    assert (await people.http.post(url, headers=bearer(stranger))).status_code == 404
    own = f"/api/v1/users/{admin_id}/deactivate"
    assert (await people.http.post(own, headers=bearer(admin))).status_code == 409
    missing = f"/api/v1/users/{uuid.uuid4()}/deactivate"
    assert (await people.http.post(missing, headers=bearer(admin))).status_code == 404
