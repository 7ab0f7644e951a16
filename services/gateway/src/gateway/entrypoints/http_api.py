"""The public HTTP API under /api/v1; the runtime adds /healthz, /metrics and the lifespan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from custody_platform.unit_of_work import UnitOfWork
from fastapi import FastAPI

from gateway.adapters.clients import Upstream
from gateway.config import Settings
from gateway.domain.links import PublicLinks
from gateway.domain.tokens import TokenSigner
from gateway.entrypoints.api.deps import GatewayState
from gateway.entrypoints.api.limits import BodyLimit
from gateway.entrypoints.api.problems import install_problem_handlers
from gateway.entrypoints.api.routes import api_router, public_router

API_PREFIX = "/api/v1"


def create_app(
    settings: Settings, *, uow_factory: Callable[[], UnitOfWork], upstream: Upstream
) -> FastAPI:
    app = FastAPI(
        title="Custody API",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        servers=[{"url": settings.public_base_url}] if settings.public_base_url else None,
    )
    signer = TokenSigner(
        settings.jwt_secret.get_secret_value(), timedelta(minutes=settings.access_token_minutes)
    )
    links = PublicLinks(settings.public_base_url, settings.device_gateway_public_url)
    app.state.gateway = GatewayState(
        uow_factory=uow_factory, signer=signer, upstream=upstream, links=links
    )
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.include_router(api_router(), prefix=API_PREFIX)
    app.include_router(public_router())  # the token in the path is the credential
    return app
