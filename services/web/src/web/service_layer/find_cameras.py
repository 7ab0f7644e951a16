"""What the "Find cameras" page asks of the gateway, with the session's token: the cameras
near a point (the owner typed by name, found in the directory), the map's view of a box, a
camera's thumbnail."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx

from web.adapters.gateway import GatewayClient
from web.adapters.session_store import InMemorySessionStore
from web.domain.errors import ApiProblem
from web.domain.find_cameras import (
    CameraFound,
    CamerasFound,
    MapAnswer,
    OrgCards,
    Search,
    api_errors,
    owner_named,
)
from web.domain.sessions import WebSession
from web.service_layer.sessions import call

INVALID = (400, 422)


@dataclass(frozen=True)
class Found:
    cameras: list[CameraFound]
    errors: dict[str, str]  # by field: what to fix before a search can run
    more: bool = False  # more cameras lie within the radius than are listed
    owner_org_id: uuid.UUID | None = None  # the owner typed, as the directory knows it


async def find(
    store: InMemorySessionStore, gateway: GatewayClient, session: WebSession, search: Search
) -> Found:
    """Nothing is asked of the gateway until the form is valid; its refusals come back at the
    field they are about."""
    run = _runner(store, gateway, session)
    if errors := search.problems():
        return Found([], errors)
    owner_id: uuid.UUID | None = None
    if search.owner:
        cards = await run(partial(gateway.get, OrgCards, "/orgs", name=search.owner, limit=20))
        owner_id, problem = owner_named(search.owner, cards)
        if problem:
            return Found([], {"owner": problem})
    try:
        params = search.params(owner_id)
        page = await run(partial(gateway.get, CamerasFound, "/cameras/search", **params))
    except ApiProblem as refused:
        if refused.status in INVALID:
            return Found([], api_errors(refused.problem))
        raise
    return Found(page.items, {}, more=bool(page.next_cursor), owner_org_id=owner_id)


async def map_view(
    store: InMemorySessionStore, gateway: GatewayClient, session: WebSession, **params: Any
) -> dict[str, Any]:
    run = _runner(store, gateway, session)
    answer: MapAnswer = await run(partial(gateway.get, MapAnswer, "/cameras/map", **params))
    return answer.for_browser()


async def thumbnail(
    store: InMemorySessionStore, gateway: GatewayClient, session: WebSession, camera_id: uuid.UUID
) -> httpx.Response:
    run = _runner(store, gateway, session)
    response: httpx.Response = await run(
        partial(gateway.get_bytes, f"/cameras/{camera_id}/thumbnail")
    )
    return response


def _runner(
    store: InMemorySessionStore, gateway: GatewayClient, session: WebSession
) -> Callable[[Any], Any]:
    return lambda action: call(store, gateway, session, action)
