"""Registry tables in a fresh schema per test, on the real Postgres of the test session."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from custody_contracts.grpc import registry_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.db import make_engine, make_session_factory
from custody_platform.grpc import GrpcClient
from custody_platform.grpc.server import start_grpc_server
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.outbox import platform_ddl
from custody_platform.unit_of_work import UnitOfWork
from registry.adapters.orm import SCHEMA, Base
from registry.entrypoints.grpc_api import Dependencies, RegistryServicer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


@pytest.fixture
async def engine(database_url: str, unique_schema: str) -> AsyncIterator[AsyncEngine]:
    """An engine whose "registry" tables live in ``unique_schema``."""
    base = make_engine(database_url, pool_size=5)
    engine = base.execution_options(schema_translate_map={SCHEMA: unique_schema})
    async with engine.begin() as conn:
        for ddl in platform_ddl(unique_schema):
            await conn.execute(text(ddl))
        await conn.run_sync(Base.metadata.create_all)
    yield engine
    await base.dispose()


@pytest.fixture
def store(tmp_path: Path) -> FilesystemObjectStore:
    return FilesystemObjectStore(tmp_path / "objects")


@pytest.fixture
def uow_factory(engine: AsyncEngine, unique_schema: str) -> Callable[[], UnitOfWork]:
    factory = make_session_factory(engine)
    return lambda: UnitOfWork(factory, schema=unique_schema, service="registry")


async def outbox(engine: AsyncEngine, schema: str) -> list[tuple[str, dict[str, Any]]]:
    """(event type, payload) of every outbox row, oldest first."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(f'SELECT event_type, payload FROM "{schema}".outbox ORDER BY seq')
        )
        return [(kind, json.loads(payload)) for kind, payload in rows]


def person(org: uuid.UUID | None = None, *roles: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=org or uuid.uuid4(), roles=frozenset(roles))


class FakeDirectory:
    """Where users, organizations and devices live, in memory: the gateway's Identity and the
    device gateway as the registry asks them, as the caller (another org's user or device is
    an unknown one; any organization that exists is known to every caller)."""

    def __init__(self) -> None:
        self._users: dict[uuid.UUID, tuple[uuid.UUID, bool]] = {}  # id -> (org, guest)
        self._devices: dict[uuid.UUID, uuid.UUID] = {}  # id -> org
        self._orgs: set[uuid.UUID] = set()

    def org(self, org_id: uuid.UUID | None = None) -> uuid.UUID:
        """An organization that exists (a new one unless ``org_id`` is given)."""
        org_id = org_id or uuid.uuid4()
        self._orgs.add(org_id)
        return org_id

    def member(self, org_id: uuid.UUID, *, guest: bool = False) -> uuid.UUID:
        user_id = uuid.uuid4()
        self._users[user_id] = (org_id, guest)
        return user_id

    def device(self, org_id: uuid.UUID) -> uuid.UUID:
        device_id = uuid.uuid4()
        self._devices[device_id] = org_id
        return device_id

    async def non_members(
        self, user_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return [u for u in user_ids if self._users.get(u) != (principal.org_id, False)]

    async def unknown_devices(
        self, device_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return [d for d in device_ids if self._devices.get(d) != principal.org_id]

    async def unknown_orgs(
        self, org_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return [o for o in org_ids if o not in self._orgs]


@pytest.fixture
def directory() -> FakeDirectory:
    return FakeDirectory()


@pytest.fixture
async def stub(
    uow_factory: Callable[[], UnitOfWork], store: FilesystemObjectStore, directory: FakeDirectory
) -> AsyncIterator[registry_pb2_grpc.RegistryStub]:
    """The registry gRPC API on a free loopback port, with users and devices in ``directory``."""
    servicer = RegistryServicer(Dependencies(uow_factory, store, directory, directory))
    server = await start_grpc_server(
        [(registry_pb2_grpc.add_RegistryServicer_to_server, servicer)],
        port=0,
        service_name="registry",
    )
    async with GrpcClient() as client:
        yield registry_pb2_grpc.RegistryStub(client.channel(f"127.0.0.1:{server.port}"))
    await server.stop(None)
