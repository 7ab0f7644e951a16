"""The prestart seed of the first superadmin: idempotent, and safe across replicas."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import pytest
from custody_platform.unit_of_work import UnitOfWork
from gateway.bootstrap import seed
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import PASSWORD, People, bearer, make_settings

pytestmark = pytest.mark.integration


async def test_concurrent_seeds_create_one_superadmin(
    migrated: str, engine: AsyncEngine, people: People
) -> None:
    email = f"Admin-{uuid.uuid4().hex[:8]}@Custody.local"
    settings = make_settings(migrated, first_admin_email=email, first_admin_password=PASSWORD)
    await asyncio.gather(*(seed(settings) for _ in range(3)))
    await seed(settings)  # a restart
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT u.roles, o.name FROM gateway.users u JOIN gateway.organizations o "
                "ON o.id = u.org_id WHERE u.email = :email"
            ),
            {"email": email.lower()},
        )
        assert rows.all() == [(["superadmin"], "Custody")]
    token = await people.login(email)
    org = await people.http.post(
        "/api/v1/orgs", json={"name": f"Seeded {email}"}, headers=bearer(token)
    )
    assert org.status_code == 201


async def test_seed_does_nothing_without_settings(
    migrated: str, uow_factory: Callable[[], UnitOfWork]
) -> None:
    await seed(make_settings(migrated, first_admin_email=None, first_admin_password=None))
