"""A superadmin acting for an organization (decision 0048): only a superadmin signed in as a
person may send Custody-Acting-For, for a customer organization that exists; it then acts as
that organization's administrator, and the ledger says so."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import PASSWORD, People, bearer

pytestmark = pytest.mark.integration

HEADER = "Custody-Acting-For"


def new_user() -> dict[str, Any]:
    email = f"acted-{uuid.uuid4().hex[:10]}@example.org"
    return {"email": email, "password": PASSWORD, "display_name": "A", "roles": ["approver"]}


async def _records(engine: AsyncEngine, action: str, actor_id: str) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        found = await conn.execute(
            text(
                "SELECT payload::jsonb AS record FROM gateway.outbox"
                " WHERE payload::jsonb->>'action' = :action"
                " AND payload::jsonb->>'actor_id' = :actor ORDER BY seq"
            ),
            {"action": action, "actor": actor_id},
        )
        return [row.record for row in found]


async def _me(people: People, token: str) -> dict[str, Any]:
    reply = await people.http.get("/api/v1/users/me", headers=bearer(token))
    assert reply.status_code == 200, reply.text
    body: dict[str, Any] = reply.json()
    return body


async def test_a_superadmin_acts_as_the_organizations_admin_and_is_audited_so(
    people: People, engine: AsyncEngine
) -> None:
    harbor = await people.org("Harbor")
    operator = (await _me(people, people.admin_token))["id"]
    acting = people.as_admin | {HEADER: harbor}

    created = await people.http.post(
        f"/api/v1/orgs/{harbor}/users", json=new_user(), headers=acting
    )
    assert created.status_code == 201, created.text
    [record] = [
        r
        for r in await _records(engine, "user.created", operator)
        if r["object_id"] == created.json()["id"]
    ]
    assert (record["acting_for"], record["actor_org_id"]) == (harbor, harbor)
    uses = await _records(engine, "superadmin.acting", operator)
    assert uses[-1]["object_id"] == harbor and uses[-1]["acting_for"] == harbor
    assert uses[-1]["details"]["operation"] == "create_user"
    # Its administrator, no more: creating an organization is a superadmin's, refused here.
    refused = await people.http.post("/api/v1/orgs", json={"name": "Nope"}, headers=acting)
    assert refused.status_code == 403, refused.text


async def test_nobody_else_sends_the_header_and_a_refusal_changes_nothing(
    people: People, engine: AsyncEngine
) -> None:
    harbor, metro = await people.org("Harbor"), await people.org("Metro")
    admin, admin_token = await people.user(harbor, "org_admin")
    for target in (metro, harbor):
        reply = await people.http.post(
            f"/api/v1/orgs/{target}/users",
            json=new_user(),
            headers=bearer(admin_token) | {HEADER: target},
        )
        assert reply.status_code == 403, reply.text
        assert reply.headers["content-type"] == "application/problem+json"
    assert await _records(engine, "user.created", admin) == []
    assert await _records(engine, "superadmin.acting", admin) == []


async def test_an_api_key_cannot_act_for_an_organization(people: People) -> None:
    harbor = await people.org("Harbor")
    _, admin_token = await people.user(harbor, "org_admin")
    expires = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    body = {"name": "CAD", "scopes": ["list_cases"], "expires_at": expires}
    made = await people.http.post("/api/v1/api-keys", json=body, headers=bearer(admin_token))
    assert made.status_code == 201, made.text
    key = made.json()["secret"]
    reply = await people.http.get(f"/api/v1/orgs/{harbor}", headers=bearer(key) | {HEADER: harbor})
    assert reply.status_code == 403, reply.text


async def test_unknown_malformed_and_platform_organizations_are_refused(
    people: People,
) -> None:
    platform = (await _me(people, people.admin_token))["org_id"]
    cases = {str(uuid.uuid4()): 404, "not-an-id": 400, platform: 403}
    for value, status in cases.items():
        reply = await people.http.get(
            f"/api/v1/orgs/{platform}", headers=people.as_admin | {HEADER: value}
        )
        assert reply.status_code == status, (value, reply.text)
        assert reply.headers["content-type"] == "application/problem+json"
