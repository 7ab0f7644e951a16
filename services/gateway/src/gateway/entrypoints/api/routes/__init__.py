"""The /api/v1 routes: the token endpoint is public, every other route needs a bearer token.
The /public routes carry their own credential (a share or file request token) in the path."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.entrypoints.api.deps import get_current_principal
from gateway.entrypoints.api.routes import (
    audit,
    auth,
    camera_files,
    camera_groups,
    cameras,
    cases,
    devices,
    disclosures,
    evidence,
    file_requests,
    guests,
    orgs,
    public,
    redaction,
    request_policies,
    request_records,
    requests,
    shares,
    users,
)


def api_router() -> APIRouter:
    router = APIRouter()
    router.include_router(auth.router)
    router.include_router(audit.public_router)
    router.include_router(disclosures.public_router)  # the token is the credential
    router.include_router(guests.public_router)  # the invitation token is the credential
    # Authentication on the group, not per route: a new route cannot forget it.
    protected = APIRouter(dependencies=[Depends(get_current_principal)])
    for module in (
        orgs,
        users,
        devices,
        camera_files,  # before cameras: /cameras/export is not a camera id
        cameras,
        camera_groups,
        request_policies,
        guests,
        request_records,  # before requests: /requests/counts is no request id
        requests,
        cases,
        evidence,
        shares,
        file_requests,
        audit,
        disclosures,
        redaction,
    ):
        protected.include_router(module.router)
    router.include_router(protected)
    return router


def public_router() -> APIRouter:
    """Deliberately outside the authenticated group: no account, the token is the credential."""
    return public.router
