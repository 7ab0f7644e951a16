"""Requests against real Postgres, with a real registry gRPC server in its own schema.

Each test gets fresh schemas (one for requests, one for the registry) on the session's
Postgres, so tests never see each other's rows.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from custody_contracts.grpc import registry_pb2, registry_pb2_grpc
from custody_contracts.principal import Principal
from custody_platform.db import make_engine, make_session_factory
from custody_platform.grpc import GrpcClient, call_metadata, start_grpc_server
from custody_platform.objectstore import FilesystemObjectStore
from custody_platform.outbox import platform_ddl
from custody_platform.unit_of_work import UnitOfWork
from registry.adapters.orm import Base as RegistryBase
from registry.entrypoints.grpc_api import Dependencies, RegistryServicer
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine
from video_requests.adapters.clients import RegistryClient
from video_requests.adapters.orm import Base

UowFactory = Callable[[], UnitOfWork]


async def _schema_engine(url: str, metadata: MetaData, schema: str) -> AsyncEngine:
    """An engine whose service tables (named for ``metadata.schema``) live in ``schema``."""
    assert metadata.schema
    engine = make_engine(url, pool_size=5).execution_options(
        schema_translate_map={metadata.schema: schema}
    )
    async with engine.begin() as conn:
        for ddl in platform_ddl(schema):
            await conn.execute(text(ddl))
        await conn.run_sync(metadata.create_all)
    return engine


def _uow_factory(engine: AsyncEngine, schema: str, service: str) -> UowFactory:
    factory = make_session_factory(engine)
    return lambda: UnitOfWork(factory, schema=schema, service=service)


@pytest.fixture
async def engine(database_url: str, unique_schema: str) -> AsyncIterator[AsyncEngine]:
    engine = await _schema_engine(database_url, Base.metadata, unique_schema)
    yield engine
    await engine.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine, unique_schema: str) -> UowFactory:
    return _uow_factory(engine, unique_schema, "requests")


class EveryoneBelongs:
    """The registry's view of users, devices and organizations, for tests about requests:
    everything named exists and belongs (the registry's own tests check references; here they
    are not the point)."""

    async def non_members(
        self, user_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return []

    async def unknown_devices(
        self, device_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return []

    async def unknown_orgs(
        self, org_ids: Sequence[uuid.UUID], principal: Principal
    ) -> list[uuid.UUID]:
        return []


@pytest.fixture
async def registry_target(database_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A real Registry gRPC server on a free port, backed by its own fresh schema."""
    schema = f"reg_{uuid.uuid4().hex[:12]}"
    engine = await _schema_engine(database_url, RegistryBase.metadata, schema)
    store = FilesystemObjectStore(tmp_path / "registry-objects")  # thumbnails; unused here
    anyone = EveryoneBelongs()
    uow = _uow_factory(engine, schema, "registry")
    servicer = RegistryServicer(Dependencies(uow, store, anyone, anyone))
    server = await start_grpc_server(
        [(registry_pb2_grpc.add_RegistryServicer_to_server, servicer)],
        port=0,
        service_name="registry",
        host="127.0.0.1",
    )
    yield f"127.0.0.1:{server.port}"
    await server.stop(None)
    await engine.dispose()


@pytest.fixture
async def grpc_client() -> AsyncIterator[GrpcClient]:
    async with GrpcClient() as client:
        yield client


@pytest.fixture
def cameras(grpc_client: GrpcClient, registry_target: str) -> RegistryClient:
    """The registry as the requests service sees it: policies and form checks."""
    return RegistryClient(grpc_client, registry_target)


def person(org: uuid.UUID, *roles: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), org_id=org, roles=frozenset(roles))


@dataclass(frozen=True)
class World:
    """Harbor Mall and Corner Shop own cameras; Metro PD investigates."""

    harbor: uuid.UUID
    shop: uuid.UUID
    metro: uuid.UUID
    harbor_camera: registry_pb2.Camera
    shop_camera: registry_pb2.Camera
    unbound_camera: registry_pb2.Camera  # no device: nothing could export its video
    private_camera: registry_pb2.Camera  # Harbor Mall's own eyes only
    investigator: Principal
    harbor_approver: Principal
    shop_approver: Principal


async def _camera(
    stub: registry_pb2_grpc.RegistryStub, admin: Principal, name: str, **fields: Any
) -> registry_pb2.Camera:
    fields.setdefault("device_id", str(uuid.uuid4()))
    fields.setdefault("channel", 2 if fields["device_id"] else 0)
    message = registry_pb2.CreateCameraRequest(
        name=name, kind="fixed", latitude=45.5, longitude=-73.6, **fields
    )
    return await stub.CreateCamera(message, metadata=call_metadata(admin))


@pytest.fixture
async def world(grpc_client: GrpcClient, registry_target: str) -> World:
    harbor, shop, metro = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    stub = registry_pb2_grpc.RegistryStub(grpc_client.channel(registry_target))
    harbor_admin, shop_admin = person(harbor, "org_admin"), person(shop, "org_admin")
    return World(
        harbor=harbor,
        shop=shop,
        metro=metro,
        harbor_camera=await _camera(stub, harbor_admin, "Harbor Mall P1"),
        shop_camera=await _camera(stub, shop_admin, "Corner Shop door"),
        unbound_camera=await _camera(stub, harbor_admin, "Harbor Mall roof", device_id=""),
        private_camera=await _camera(stub, harbor_admin, "Harbor vault", visibility="private"),
        investigator=person(metro, "investigator"),
        harbor_approver=person(harbor, "approver"),
        shop_approver=person(shop, "approver"),
    )


async def outbox(engine: AsyncEngine, schema: str) -> list[tuple[str, dict[str, Any]]]:
    """(event type, payload) of every outbox row, oldest first."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(f'SELECT event_type, payload FROM "{schema}".outbox ORDER BY seq')
        )
        return [(kind, json.loads(payload)) for kind, payload in rows]


async def events_of(engine: AsyncEngine, schema: str, event_type: str) -> list[dict[str, Any]]:
    return [payload for kind, payload in await outbox(engine, schema) if kind == event_type]
