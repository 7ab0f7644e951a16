"""The public HTTP API under /api/v1; the runtime adds /healthz, /metrics and the lifespan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from custody_platform.errors import FailedPrecondition, InvalidArgument
from custody_platform.problems import Problems
from custody_platform.unit_of_work import UnitOfWork
from fastapi import FastAPI

from gateway.adapters.clients import Upstream
from gateway.config import Settings
from gateway.domain.links import PublicLinks
from gateway.domain.tokens import TokenSigner
from gateway.entrypoints.api.deps import GatewayState
from gateway.entrypoints.api.limits import BodyLimit
from gateway.entrypoints.api.routes import api_router, public_router

API_PREFIX = "/api/v1"
# The public API keeps 422 for bodies that do not match the schema: a bad argument is 400.
# FailedPrecondition is 409: the resource's state forbids the call, like a conflict with no
# state to show (412 is reserved for HTTP preconditions such as If-Match).
PROBLEMS = Problems(statuses={InvalidArgument: 400, FailedPrecondition: 409}, phrase_titles=True)


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
    PROBLEMS.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.include_router(api_router(), prefix=API_PREFIX)
    app.include_router(public_router())  # the token in the path is the credential
    return app
