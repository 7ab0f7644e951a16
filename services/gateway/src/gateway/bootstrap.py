"""The one place that wires the gateway: database, gRPC clients, HTTP app, Identity servicer."""

from __future__ import annotations

import asyncio

import structlog
from custody_contracts.grpc import identity_pb2_grpc
from custody_platform.db import make_engine, make_session_factory
from custody_platform.grpc.client import GrpcClient
from custody_platform.runtime import ServiceParts, ServiceRuntime
from custody_platform.unit_of_work import UnitOfWork

from gateway.adapters.clients import Upstream
from gateway.config import Settings
from gateway.domain.tokens import TokenSigner
from gateway.entrypoints.grpc_api import IdentityServicer
from gateway.entrypoints.http_api import create_app
from gateway.entrypoints.key_ring import first_ring, ring_refresher
from gateway.service_layer.auth import seed_first_admin

log = structlog.get_logger(__name__)


def build(runtime: ServiceRuntime) -> ServiceParts:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    signer = asyncio.run(seed(settings))
    upstream = Upstream(GrpcClient(), settings)
    app = create_app(
        settings, uow_factory=runtime.uow, upstream=upstream, engine=runtime.engine, signer=signer
    )
    return ServiceParts(
        http_app=app,
        grpc_servicers=[
            (identity_pb2_grpc.add_IdentityServicer_to_server, IdentityServicer(runtime.uow))
        ],
        workers=[ring_refresher(runtime.uow, settings, signer)],
        on_stop=[upstream.close],
    )


async def seed(settings: Settings) -> TokenSigner:
    """Prestart: the first superadmin, and the access-token key ring with its first key. Its
    own engine, because this loop ends before serving."""
    engine = make_engine(settings.database_url, pool_size=1)
    factory = make_session_factory(engine)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory, schema=settings.schema_name, service="gateway")

    try:
        if settings.first_admin_email and settings.first_admin_password:
            async with uow() as unit:
                created = await seed_first_admin(
                    unit,
                    email=settings.first_admin_email,
                    password=settings.first_admin_password.get_secret_value(),
                )
                await unit.commit()
            log.info("first_admin.seeded" if created else "first_admin.present")
        return await first_ring(uow, settings)
    finally:
        await engine.dispose()
