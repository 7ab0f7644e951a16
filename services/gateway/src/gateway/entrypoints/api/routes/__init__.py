"""The /api/v1 routes: the token endpoint is public, every other route needs a bearer token."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.entrypoints.api.deps import get_current_principal
from gateway.entrypoints.api.routes import (
    audit,
    auth,
    cameras,
    cases,
    devices,
    evidence,
    orgs,
    requests,
    users,
)


def api_router() -> APIRouter:
    router = APIRouter()
    router.include_router(auth.router)
    # Authentication on the group, not per route: a new route cannot forget it.
    protected = APIRouter(dependencies=[Depends(get_current_principal)])
    for module in (orgs, users, devices, cameras, requests, cases, evidence, audit):
        protected.include_router(module.router)
    router.include_router(protected)
    return router
