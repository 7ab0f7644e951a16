"""The /api/v1 routes: the token endpoint is public, every other route needs a bearer token.
The /public routes carry their own credential (a share or file request token) in the path.

Each operation's id is its route function's name, and each says which problems it answers:
401 for the authenticated group, 400 and 413 wherever a body is taken, the rest route by
route."""

from __future__ import annotations

from custody_platform.problems import problem_responses
from fastapi import APIRouter, Depends
from fastapi.routing import APIRoute

from gateway.entrypoints.api.deps import get_current_principal
from gateway.entrypoints.api.routes import (
    api_keys,
    audit,
    auth,
    camera_files,
    camera_groups,
    cameras,
    cases,
    devices,
    disclosures,
    evidence,
    evidence_bulk,
    exports,
    file_requests,
    guests,
    identity_provider,
    mfa,
    notification_preferences,
    notifications,
    orgs,
    people,
    public,
    redaction,
    request_policies,
    request_records,
    requests,
    shares,
    users,
    webhooks,
)

# The authenticated routers, in the order their paths must match.
AUTHENTICATED = (
    orgs,
    identity_provider,
    mfa,  # before users: /users/me/mfa is no user id
    notification_preferences,  # before users, as mfa
    users,
    people,  # after users: /users/me is no user id
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
    evidence_bulk,
    exports,
    shares,
    file_requests,
    audit,
    disclosures,
    redaction,
    notifications,
    webhooks,
    api_keys,
)


def operation_id(route: APIRoute) -> str:
    """Readable and stable: ``list_cases``, ``create_share_link`` (a unit test keeps them
    unique)."""
    return route.name


def api_router() -> APIRouter:
    router = APIRouter(generate_unique_id_function=operation_id)
    router.include_router(_with_body_problems(auth.router))
    router.include_router(_with_body_problems(audit.public_router))
    router.include_router(_with_body_problems(redaction.public_router))
    # The tokens are the credentials.
    router.include_router(_with_body_problems(disclosures.public_router))
    router.include_router(_with_body_problems(guests.public_router))
    # Authentication on the group, not per route: a new route cannot forget it.
    protected = APIRouter(
        dependencies=[Depends(get_current_principal)], responses=problem_responses(401)
    )
    for module in AUTHENTICATED:
        protected.include_router(_with_body_problems(module.router))
    router.include_router(protected)
    return router


def public_router() -> APIRouter:
    """Deliberately outside the authenticated group: no account, the token is the credential."""
    router = APIRouter(generate_unique_id_function=operation_id)
    router.include_router(_with_body_problems(public.router))
    return router


def _with_body_problems(router: APIRouter) -> APIRouter:
    """A module's router, each of whose routes that take a body also declares 400 (a body
    that cannot be parsed) and 413 (`limits.BodyLimit`)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.body_field is not None:
            route.responses = problem_responses(400, 413) | route.responses
    return router
