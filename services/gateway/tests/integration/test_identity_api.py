"""Identity over HTTP against the real Postgres: organizations, users, tokens, problems."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from custody_contracts.principal import Principal
from gateway.domain.key_ring import KeyRing
from gateway.domain.tokens import TokenSigner
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import JWT_SECRET, PASSWORD, People, bearer

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


async def test_superadmin_creates_org_and_users_who_log_in(people: People) -> None:
    org_id = await people.org("Harbor Mall")
    _, admin_token = await people.user(org_id, "org_admin")
    approver_id, approver_token = await people.user(org_id, "approver", token=admin_token)
    me = await people.http.get("/api/v1/users/me", headers=bearer(approver_token))
    assert me.status_code == 200
    assert me.json()["id"] == approver_id
    assert me.json()["roles"] == ["approver"]
    assert "password_hash" not in me.json() and "password" not in me.json()
    org = await people.http.get(f"/api/v1/orgs/{org_id}", headers=bearer(approver_token))
    assert org.status_code == 200 and org.json()["id"] == org_id


async def test_token_response_and_login_audit(people: People, engine: AsyncEngine) -> None:
    org_id = await people.org()
    email = f"Mixed.Case-{uuid.uuid4().hex[:6]}@Example.org"
    body = {"email": email, "password": PASSWORD, "display_name": "M", "roles": ["investigator"]}
    created = await people.http.post(
        f"/api/v1/orgs/{org_id}/users", json=body, headers=people.as_admin
    )
    assert created.json()["email"] == email.lower()
    reply = await people.http.post(
        "/api/v1/auth/token", data={"username": email.upper(), "password": PASSWORD}
    )
    assert reply.status_code == 200
    assert reply.json()["token_type"] == "bearer" and reply.json()["expires_in"] == 15 * 60
    assert reply.json()["refresh_token"]
    async with engine.connect() as conn:
        actions = await conn.execute(
            text("SELECT payload::jsonb->>'action' FROM gateway.outbox WHERE key = :id"),
            {"id": created.json()["id"]},
        )
        assert sorted(actions.scalars()) == ["user.created", "user.login"]


@pytest.mark.parametrize("username", ["known", "unknown"])
async def test_bad_credentials_are_one_401(people: People, username: str) -> None:
    org_id = await people.org()
    email = f"known-{uuid.uuid4().hex[:6]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": "K", "roles": ["approver"]}
    await people.http.post(f"/api/v1/orgs/{org_id}/users", json=body, headers=people.as_admin)
    who = email if username == "known" else f"nobody-{email}"
    reply = await people.http.post(
        "/api/v1/auth/token", data={"username": who, "password": "wrong password!!"}
    )
    assert reply.status_code == 401
    assert reply.headers["content-type"] == PROBLEM
    assert reply.json()["detail"] == "incorrect email or password"


@pytest.mark.parametrize(
    "field, value",
    [
        ("username", "a\x00b@example.org"),
        ("username", "a\x1b@example.org"),
        ("password", "pass\x00word!!"),
    ],
)
async def test_credentials_with_control_characters_are_a_400_not_a_500(
    people: People, field: str, value: str
) -> None:
    form = {"username": "someone@example.org", "password": PASSWORD, field: value}
    reply = await people.http.post("/api/v1/auth/token", data=form)
    assert reply.status_code == 400
    assert reply.headers["content-type"] == PROBLEM
    assert reply.json()["detail"] == f"{field} must not contain control characters"


async def test_no_bad_or_expired_token_is_401(people: People) -> None:
    org_id = await people.org()
    user_id, _ = await people.user(org_id, "investigator")
    expired = TokenSigner(KeyRing.of(JWT_SECRET, []), timedelta(minutes=5)).issue(
        Principal(user_id=uuid.UUID(user_id), org_id=uuid.UUID(org_id)),
        uuid.uuid4(),
        now=datetime.now(UTC) - timedelta(minutes=10),
    )
    for headers in ({}, bearer("garbage"), bearer(expired.access_token)):
        for path in ("/api/v1/users/me", "/api/v1/cases", f"/api/v1/orgs/{org_id}"):
            reply = await people.http.get(path, headers=headers)
            assert reply.status_code == 401, (path, headers)
            assert reply.headers["www-authenticate"] == "Bearer"
            assert reply.headers["content-type"] == PROBLEM


async def test_deactivated_user_is_logged_out_at_once(people: People, engine: AsyncEngine) -> None:
    org_id = await people.org()
    user_id, token = await people.user(org_id, "investigator")
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE gateway.users SET is_active = false WHERE id = :id"), {"id": user_id}
        )
    reply = await people.http.get("/api/v1/users/me", headers=bearer(token))
    assert reply.status_code == 401


async def test_org_admin_cannot_reach_another_org(people: People) -> None:
    harbor, metro = await people.org("Harbor"), await people.org("Metro")
    _, harbor_admin = await people.user(harbor, "org_admin")
    _, investigator = await people.user(harbor, "investigator")
    body = {
        "email": "x@example.org",
        "password": PASSWORD,
        "display_name": "X",
        "roles": ["approver"],
    }
    other = await people.http.post(
        f"/api/v1/orgs/{metro}/users", json=body, headers=bearer(harbor_admin)
    )
    assert other.status_code == 404
    card = await people.http.get(f"/api/v1/orgs/{metro}", headers=bearer(harbor_admin))
    assert card.status_code == 200 and card.json()["created_at"] is None  # the public card
    own = await people.http.post(
        f"/api/v1/orgs/{harbor}/users", json=body, headers=bearer(investigator)
    )
    assert own.status_code == 403
    org = await people.http.post(
        "/api/v1/orgs", json={"name": "Mine"}, headers=bearer(harbor_admin)
    )
    assert org.status_code == 403


async def test_duplicates_are_conflicts(people: People) -> None:
    org_id = await people.org()
    name = (await people.http.get(f"/api/v1/orgs/{org_id}", headers=people.as_admin)).json()["name"]
    again = await people.http.post("/api/v1/orgs", json={"name": name}, headers=people.as_admin)
    assert again.status_code == 409
    email = f"dup-{uuid.uuid4().hex[:6]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": "D", "roles": ["approver"]}
    url = f"/api/v1/orgs/{org_id}/users"
    assert (await people.http.post(url, json=body, headers=people.as_admin)).status_code == 201
    body["email"] = email.upper()
    assert (await people.http.post(url, json=body, headers=people.as_admin)).status_code == 409


async def test_validation_errors_are_422_problems_without_the_input(people: People) -> None:
    org_id = await people.org()
    body = {
        "email": "not-an-email",
        "password": "tinypass",
        "display_name": "",
        "roles": ["superadmin"],
    }
    reply = await people.http.post(
        f"/api/v1/orgs/{org_id}/users", json=body, headers=people.as_admin
    )
    assert reply.status_code == 422
    assert reply.headers["content-type"] == PROBLEM
    problem = reply.json()
    assert problem["type"] == "urn:custody:problem:validation_error"
    fields = {tuple(e["loc"])[1] for e in problem["errors"]}
    assert fields == {"email", "password", "display_name", "roles"}
    assert "tinypass" not in reply.text and "not-an-email" not in reply.text
    missing = await people.http.get("/api/v1/orgs/not-a-uuid", headers=people.as_admin)
    assert missing.status_code == 422


async def test_unknown_org_and_oversized_body(people: People) -> None:
    reply = await people.http.get(f"/api/v1/orgs/{uuid.uuid4()}", headers=people.as_admin)
    assert reply.status_code == 404 and reply.headers["content-type"] == PROBLEM
    huge = {"name": "x" * (1024 * 1024 + 1)}
    reply = await people.http.post("/api/v1/orgs", json=huge, headers=people.as_admin)
    assert reply.status_code == 413
    assert reply.headers["content-type"] == PROBLEM

    async def chunked() -> AsyncIterator[bytes]:  # no Content-Length: counted while read
        for _ in range(3):
            yield b"x" * 512 * 1024

    headers = {**people.as_admin, "Content-Type": "application/json"}
    reply = await people.http.post("/api/v1/orgs", content=chunked(), headers=headers)
    assert reply.status_code == 413
    assert reply.headers["content-type"] == PROBLEM


async def test_openapi_is_served(http: httpx.AsyncClient) -> None:
    reply = await http.get("/api/v1/openapi.json")
    assert reply.status_code == 200
    paths = reply.json()["paths"]
    assert "/api/v1/evidence/{evidence_id}/download" in paths
    assert "/api/v1/cameras/search" in paths


async def test_the_directory_is_for_the_organizations_own_members(
    people: People, engine: AsyncEngine
) -> None:
    org_id = await people.org("Harbor Mall")
    admin_id, admin_token = await people.user(org_id, "org_admin")
    approver_id, approver_token = await people.user(org_id, "approver", token=admin_token)
    gone_id, _ = await people.user(org_id, "approver", token=admin_token)
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE gateway.users SET is_active = false WHERE id = :id"), {"id": gone_id}
        )
    path = f"/api/v1/orgs/{org_id}/users"

    everyone = await people.http.get(path, headers=bearer(approver_token))
    assert everyone.status_code == 200
    assert {u["id"] for u in everyone.json()["items"]} == {admin_id, approver_id}
    approvers = await people.http.get(
        path, params={"role": "approver"}, headers=bearer(admin_token)
    )
    assert [u["id"] for u in approvers.json()["items"]] == [approver_id]
    assert "password_hash" not in approvers.json()["items"][0]

    other_org = await people.org("Metro PD")
    _, stranger_token = await people.user(other_org, "org_admin")
    refused = await people.http.get(path, headers=bearer(stranger_token))
    assert refused.status_code == 404
    bad_role = await people.http.get(path, params={"role": "chief"}, headers=people.as_admin)
    assert bad_role.status_code == 422
