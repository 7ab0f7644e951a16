"""Refusals leave an audit record (decision 0018): a 403 or 404 answered to a signed-in caller
on an operation that names an object is recorded, with the route's template and the request
id, in the same outbox as every other audit record the gateway writes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from custody_platform.grpc.client import GrpcClient
from custody_platform.metrics import install_http_metrics
from custody_platform.unit_of_work import UnitOfWork
from fastapi import FastAPI
from gateway.adapters.clients import Upstream
from gateway.entrypoints.http_api import create_app
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import People, bearer, make_settings

pytestmark = pytest.mark.integration


@pytest.fixture
async def app(
    migrated: str, uow_factory: Callable[[], UnitOfWork], engine: AsyncEngine
) -> AsyncIterator[FastAPI]:
    """The gateway as the runtime serves it: the platform's observer binds the request id."""
    settings = make_settings(migrated)
    upstream = Upstream(GrpcClient(), settings)
    app = create_app(settings, uow_factory=uow_factory, upstream=upstream, engine=engine)
    install_http_metrics(app, "gateway")
    yield app
    await upstream.close()


async def _refusals(engine: AsyncEngine, actor_id: str) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        found = await conn.execute(
            text(
                "SELECT payload::jsonb AS record FROM gateway.outbox"
                " WHERE payload::jsonb->>'action' = 'access.refused'"
                " AND payload::jsonb->>'actor_id' = :actor ORDER BY seq"
            ),
            {"actor": actor_id},
        )
        return [row.record for row in found]


async def test_a_refusal_names_actor_route_object_status_and_request_id(
    people: People, engine: AsyncEngine
) -> None:
    harbor, metro = await people.org("Harbor"), await people.org("Metro")
    admin, admin_token = await people.user(harbor, "org_admin")
    investigator, token = await people.user(harbor, "investigator")
    colleague, _ = await people.user(harbor, "approver")
    request_id = f"probe-{uuid.uuid4().hex[:8]}"
    body = {"email": f"x-{request_id}@example.org", "password": "p" * 16, "display_name": "X"}
    hidden = await people.http.post(
        f"/api/v1/orgs/{metro}/users",
        json=body | {"roles": ["approver"]},
        headers=bearer(admin_token) | {"X-Request-ID": request_id},
    )
    denied = await people.http.post(f"/api/v1/users/{colleague}/deactivate", headers=bearer(token))
    assert (hidden.status_code, denied.status_code) == (404, 403)

    [record] = await _refusals(engine, admin)
    assert record["object_type"] == "organization" and record["object_id"] == metro
    assert record["org_ids"] == [harbor] and record["actor_org_id"] == harbor
    assert record["details"] == {
        "method": "POST",
        "path": "/api/v1/orgs/{org_id}/users",
        "path_params": {"org_id": metro},
        "status": 404,
        "request_id": request_id,
    }
    [record] = await _refusals(engine, investigator)
    assert (record["object_type"], record["object_id"]) == ("user", colleague)
    assert (record["details"]["path"], record["details"]["status"]) == (
        "/api/v1/users/{user_id}/deactivate",
        403,
    )


async def test_no_record_without_a_caller_an_object_or_a_refusal(
    people: People, engine: AsyncEngine
) -> None:
    harbor = await people.org("Harbor")
    investigator, token = await people.user(harbor, "investigator")
    assert (await people.http.get(f"/api/v1/orgs/{harbor}")).status_code == 401  # no caller
    assert (await people.http.get("/api/v1/nowhere", headers=bearer(token))).status_code == 404
    assert (await people.http.get("/api/v1/users/me", headers=bearer(token))).status_code == 200
    own = await people.http.get(f"/api/v1/orgs/{harbor}", headers=bearer(token))
    assert own.status_code == 200
    assert await _refusals(engine, investigator) == []
