"""The web app's HTTP application: pages, static files, error pages, security headers, and
the platform's /healthz, /metrics and request-id logging like every service."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from custody_platform.metrics import install_http_metrics
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from web.adapters.gateway import GatewayClient
from web.adapters.session_store import InMemorySessionStore
from web.config import Settings
from web.domain.find_cameras import MapTiles
from web.domain.uploads import upload_origin
from web.entrypoints.deps import WebState, make_templates
from web.entrypoints.errors import install_error_pages
from web.entrypoints.routes import (
    account,
    account_password,
    acting,
    admin,
    agency_sign_in,
    api_keys_admin,
    auth,
    camera_import,
    cameras_admin,
    case_bulk,
    cases,
    custody,
    devices,
    disclosures,
    file_requests,
    find_cameras,
    identity_provider_admin,
    invitations,
    notification_preferences,
    notifications,
    pages,
    people_admin,
    player,
    public_shares,
    public_uploads,
    redaction,
    request_form_builder,
    sharing,
    sign_in_code,
    uploads,
    video_requests,
    webhooks_admin,
)
from web.entrypoints.security import SecurityHeaders, tile_origin

STATIC = Path(__file__).resolve().parents[1] / "static"
# Route modules in the order their routes are matched.
AREAS = (
    auth,
    sign_in_code,
    agency_sign_in,
    account,
    account_password,
    notification_preferences,
    invitations,
    public_uploads,
    public_shares,
    pages,
    cases,
    case_bulk,
    player,
    sharing,
    file_requests,
    custody,
    disclosures,
    redaction,
    uploads,
    find_cameras,
    video_requests,
    devices,
    notifications,
    camera_import,  # before the camera pages: /admin/cameras/import is no camera id
    request_form_builder,
    webhooks_admin,
    api_keys_admin,
    identity_provider_admin,
    people_admin,
    cameras_admin,
    acting,
    admin,
)


def create_app(settings: Settings, gateway: GatewayClient | None = None) -> FastAPI:
    client = gateway or GatewayClient(
        settings.gateway_url, timeout=settings.gateway_timeout_seconds
    )
    app = FastAPI(title="Custody web", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = WebState(
        store=InMemorySessionStore(timedelta(minutes=settings.session_idle_minutes)),
        gateway=client,
        templates=make_templates(settings.session_idle_minutes),
    )
    app.state.ledger_key_pin = settings.ledger_key_pin  # decision 0031
    app.state.upload_origin = upload_origin(settings.device_gateway_public_url)
    app.state.map_tiles = MapTiles(settings.map_tile_url, settings.map_tile_attribution)
    app.router.lifespan_context = _closing(client)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for area in AREAS:
        app.include_router(area.router)
    install_error_pages(app)
    tiles = tile_origin(settings.map_tile_url)
    app.add_middleware(SecurityHeaders, img_origins=(tiles,) if tiles else ())
    # outermost: request id on every answer
    install_http_metrics(app, settings.service_name, access_log=settings.access_log)

    @app.get("/healthz", include_in_schema=False)
    async def _healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/favicon.ico", include_in_schema=False)
    async def _favicon() -> RedirectResponse:
        # browsers and bookmarking tools ask for it even when the page names its icon
        return RedirectResponse("/static/img/capture-192.png", status_code=301)

    return app


def _closing(client: GatewayClient) -> Any:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        await client.close()

    return lifespan
