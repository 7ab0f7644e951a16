"""API keys of the caller's organization (org admins only; decision 0043): the operations a
key may be scoped to, create (the secret answered once), list, revoke. Keys themselves can
never call these: they are no scopes."""

from __future__ import annotations

import importlib
import pkgutil
import uuid

from fastapi import APIRouter, Request
from fastapi.routing import APIRoute

from gateway.domain.api_keys import SCOPE_LABELS, SCOPES
from gateway.entrypoints.api import routes
from gateway.entrypoints.api.deps import OrgAdmin, SourceAddress, UowDep
from gateway.entrypoints.api.responses import CREATE, FORBIDDEN, GUARDED
from gateway.entrypoints.api.schemas.api_keys import (
    ApiKeyCreate,
    ApiKeyPublic,
    ApiKeyScope,
    ApiKeyScopesPublic,
    ApiKeysPublic,
    ApiKeyWithSecret,
    api_key_public,
    api_key_with_secret,
)
from gateway.service_layer import api_keys
from gateway.service_layer.api_keys import KeyInput

router = APIRouter(prefix="/api-keys", tags=["api keys"])


@router.get("/scopes", responses=FORBIDDEN)
async def list_api_key_scopes(principal: OrgAdmin, request: Request) -> ApiKeyScopesPublic:
    """The operations a key may be scoped to, read from the routes this API serves."""
    prefix = request.url.path.removesuffix("/api-keys/scopes")
    items = [
        ApiKeyScope(
            operation=name,
            method=sorted(route.methods or {"GET"})[0],
            path=prefix + route.path,
            summary=SCOPE_LABELS[name],
        )
        for name, route in sorted(operations().items())
        if name in SCOPES
    ]
    return ApiKeyScopesPublic(items=items)


def operations() -> dict[str, APIRoute]:
    """Every route of the modules in this package, by operation id. Cheaper than the OpenAPI
    document, which takes seconds to build on a busy machine."""
    found: dict[str, APIRoute] = {}
    for module in pkgutil.iter_modules(routes.__path__):
        module_routes = importlib.import_module(f"{routes.__name__}.{module.name}").router.routes
        found |= {r.name: r for r in module_routes if isinstance(r, APIRoute)}
    return found


@router.get("", responses=FORBIDDEN)
async def list_api_keys(principal: OrgAdmin, uow: UowDep) -> ApiKeysPublic:
    """The organization's keys, newest first: prefix, scopes, expiry, last use (no secret)."""
    found = [api_key_public(k) for k in await api_keys.list_keys(uow, principal)]
    return ApiKeysPublic(items=found, count=len(found))


@router.post("", status_code=201, responses=CREATE)
async def create_api_key(
    body: ApiKeyCreate, principal: OrgAdmin, uow: UowDep, source: SourceAddress
) -> ApiKeyWithSecret:
    """A new key; its secret is in this answer and never shown again. To rotate a key,
    create its successor, move the system to it, then revoke the old one."""
    given = KeyInput(body.name, list(body.scopes), body.expires_at, body.requests_per_minute)
    key, secret = await api_keys.create_key(uow, principal, given, source)
    await uow.commit()
    return api_key_with_secret(key, secret)


@router.post("/{key_id}/revoke", responses=GUARDED)
async def revoke_api_key(
    key_id: uuid.UUID, principal: OrgAdmin, uow: UowDep, source: SourceAddress
) -> ApiKeyPublic:
    """The key stops working at once (another organization's answers 404)."""
    key = await api_keys.revoke_key(uow, principal, key_id, source)
    await uow.commit()
    return api_key_public(key)
