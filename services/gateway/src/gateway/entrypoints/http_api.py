"""The public HTTP API under /api/v1; the runtime adds /healthz, /metrics and the lifespan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
from custody_platform.addresses import Reach
from custody_platform.errors import FailedPrecondition, InvalidArgument
from custody_platform.problems import Problems
from custody_platform.ratelimit import RateLimiter
from custody_platform.unit_of_work import UnitOfWork
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.adapters.api_keys import ApiKeyLimits
from gateway.adapters.clients import Upstream
from gateway.adapters.oidc_provider import OidcProviders
from gateway.config import Settings
from gateway.domain.key_ring import KeyRing
from gateway.domain.links import PublicLinks
from gateway.domain.sessions import AuthPolicy, SessionPolicy
from gateway.domain.sign_in import Lockout
from gateway.domain.tokens import TokenSigner
from gateway.entrypoints.api.deps import GatewayState
from gateway.entrypoints.api.docs import docs_router
from gateway.entrypoints.api.limits import BodyLimit, Lifetimes
from gateway.entrypoints.api.refusals import AuditRefusals
from gateway.entrypoints.api.routes import api_router, public_router

API_PREFIX = "/api/v1"
# The public API keeps 422 for bodies that do not match the schema: a bad argument is 400.
# FailedPrecondition is 409: the resource's state forbids the call, like a conflict with no
# state to show (412 is reserved for HTTP preconditions such as If-Match).
PROBLEMS = Problems(statuses={InvalidArgument: 400, FailedPrecondition: 409}, phrase_titles=True)


def create_app(
    settings: Settings,
    *,
    uow_factory: Callable[[], UnitOfWork],
    upstream: Upstream,
    engine: AsyncEngine,
    signer: TokenSigner | None = None,
) -> FastAPI:
    """signer: the key ring's (bootstrap); without one, tokens are signed with JWT_SECRET."""
    app = FastAPI(
        title="Custody API",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served below from the vendored Swagger UI, not a CDN
        redoc_url=None,
        servers=[{"url": settings.public_base_url}] if settings.public_base_url else None,
    )
    signer = signer or TokenSigner(
        KeyRing.of(settings.jwt_secret.get_secret_value(), []),
        timedelta(minutes=settings.access_token_minutes),
    )
    app.state.gateway = gateway_state(settings, uow_factory, upstream, engine, signer)
    PROBLEMS.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    # Every 403/404 to a signed-in caller on an object leaves an audit record (decision 0018).
    app.add_middleware(AuditRefusals, uow_factory=uow_factory, api_prefix=API_PREFIX)
    app.include_router(api_router(), prefix=API_PREFIX)
    app.include_router(public_router())  # the token in the path is the credential
    app.include_router(docs_router(API_PREFIX, app.openapi_url or "", app.title))
    return app


def gateway_state(
    settings: Settings,
    uow_factory: Callable[[], UnitOfWork],
    upstream: Upstream,
    engine: AsyncEngine,
    signer: TokenSigner,
) -> GatewayState:
    return GatewayState(
        uow_factory=uow_factory,
        auth=auth_policy(settings, signer),
        sign_in_limiter=RateLimiter(
            engine,
            settings.schema_name,
            limit=settings.sign_in_attempts,
            window_seconds=settings.sign_in_window_seconds,
        ),
        api_key_limits=ApiKeyLimits(engine, settings.schema_name),
        upstream=upstream,
        links=PublicLinks(
            settings.public_base_url, settings.device_gateway_public_url, settings.web_public_url
        ),
        lifetimes=Lifetimes(
            share_link=timedelta(days=settings.share_link_max_days),
            upload_grant=timedelta(days=settings.upload_grant_max_days),
        ),
        oidc=oidc_providers(settings),
    )


def oidc_providers(settings: Settings) -> OidcProviders:
    """No proxies from the environment: requests go to the addresses just checked."""
    reach = Reach(settings.oidc_allow_http, settings.oidc_allow_loopback, what="identity providers")
    client = httpx.AsyncClient(timeout=settings.oidc_timeout_seconds, trust_env=False)
    return OidcProviders(client, reach)


def auth_policy(settings: Settings, signer: TokenSigner) -> AuthPolicy:
    return AuthPolicy(
        signer=signer,
        sessions=SessionPolicy(
            idle=timedelta(minutes=settings.session_idle_minutes),
            max_age=timedelta(hours=settings.session_max_hours),
        ),
        lockout=Lockout(settings.lockout_threshold, timedelta(minutes=settings.lockout_minutes)),
    )
