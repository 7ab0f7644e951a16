"""A migrated gateway schema on the real Postgres, the HTTP app over ASGI, and people in it.

Every test makes its own organizations and users (unique names), so tests share one schema.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import oidc_provider_mock
import pytest
from custody_platform.db import make_engine, make_session_factory
from custody_platform.grpc.client import GrpcClient
from custody_platform.migrations import upgrade
from custody_platform.unit_of_work import UnitOfWork
from fastapi import FastAPI
from gateway.adapters.clients import Upstream
from gateway.config import Settings
from gateway.entrypoints.http_api import create_app
from gateway.service_layer.auth import seed_first_admin
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

JWT_SECRET = "integration-test-secret-0123456789abcdef"
OIDC_WEB = "http://web.test"  # the web app's address where an identity provider sends people
PASSWORD = "a long enough password"


@pytest.fixture(scope="session")
def migrated(database_url: str) -> str:
    upgrade("gateway", database_url)
    upgrade("gateway", database_url)  # a second run (restart, another replica) is a no-op
    return database_url


@pytest.fixture(scope="session")
async def engine(migrated: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(migrated, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def uow_factory(engine: AsyncEngine) -> Callable[[], UnitOfWork]:
    factory = make_session_factory(engine)
    return lambda: UnitOfWork(factory, schema="gateway", service="gateway")


def make_settings(database_url: str, **overrides: Any) -> Settings:
    # Every test signs in from the same address: the per-address limit has its own tests.
    overrides.setdefault("sign_in_attempts", 100_000)
    return Settings(database_url=database_url, jwt_secret=SecretStr(JWT_SECRET), **overrides)


@pytest.fixture
async def app(
    migrated: str, uow_factory: Callable[[], UnitOfWork], engine: AsyncEngine
) -> AsyncIterator[FastAPI]:
    settings = make_settings(migrated)
    upstream = Upstream(GrpcClient(), settings)
    yield create_app(settings, uow_factory=uow_factory, upstream=upstream, engine=engine)
    await upstream.close()


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client


@dataclass
class People:
    """A superadmin and helpers to make organizations and users through the API."""

    http: httpx.AsyncClient
    admin_token: str

    async def login(self, email: str, password: str = PASSWORD) -> str:
        reply = await self.http.post(
            "/api/v1/auth/token", data={"username": email, "password": password}
        )
        assert reply.status_code == 200, reply.text
        return str(reply.json()["access_token"])

    async def org(self, prefix: str = "Org") -> str:
        name = f"{prefix} {uuid.uuid4().hex[:8]}"
        reply = await self.http.post("/api/v1/orgs", json={"name": name}, headers=self.as_admin)
        assert reply.status_code == 201, reply.text
        return str(reply.json()["id"])

    async def user(self, org_id: str, *roles: str, token: str | None = None) -> tuple[str, str]:
        """Create a user, log in; returns (user id, token)."""
        email = f"user-{uuid.uuid4().hex[:10]}@example.org"
        body = {"email": email, "password": PASSWORD, "display_name": "U", "roles": list(roles)}
        headers = bearer(token) if token else self.as_admin
        reply = await self.http.post(f"/api/v1/orgs/{org_id}/users", json=body, headers=headers)
        assert reply.status_code == 201, reply.text
        return str(reply.json()["id"]), await self.login(email)

    @property
    def as_admin(self) -> dict[str, str]:
        return bearer(self.admin_token)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def people(http: httpx.AsyncClient, uow_factory: Callable[[], UnitOfWork]) -> People:
    email = f"root-{uuid.uuid4().hex[:8]}@custody.local"
    async with uow_factory() as uow:
        await seed_first_admin(uow, email=email, password=PASSWORD)
        await uow.commit()
    people = People(http, "")
    people.admin_token = await people.login(email)
    return people


# A real OpenID Connect provider on loopback (oidc-provider-mock), a gateway allowed to reach
# it, and people in that gateway: the OIDC sign-in and sign-out tests share them.


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
async def oidc_http(
    migrated: str, uow_factory: Callable[[], UnitOfWork], engine: AsyncEngine
) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        migrated, oidc_allow_http=True, oidc_allow_loopback=True, web_public_url=OIDC_WEB
    )
    upstream = Upstream(GrpcClient(), settings)
    app: FastAPI = create_app(settings, uow_factory=uow_factory, upstream=upstream, engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client
    await upstream.close()


@pytest.fixture
async def staff(oidc_http: httpx.AsyncClient, uow_factory: Callable[[], UnitOfWork]) -> People:
    email = f"root-{uuid.uuid4().hex[:8]}@custody.local"
    async with uow_factory() as uow:
        await seed_first_admin(uow, email=email, password=PASSWORD)
        await uow.commit()
    people = People(oidc_http, "")
    people.admin_token = await people.login(email)
    return people
