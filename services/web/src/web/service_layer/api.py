"""The signed-in session's calls to the gateway: each made with the session's token, refreshed
when it expires (service_layer/sessions.call). Pages' use cases take one of these."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx

from web.adapters.gateway import FilePart, GatewayClient
from web.adapters.session_store import InMemorySessionStore
from web.domain.request_views import Me
from web.domain.sessions import WebSession
from web.service_layer.sessions import call

MAX_PAGE = 500  # the most items the API gives in one page


@dataclass
class Api:
    """The session's calls to the gateway."""

    store: InMemorySessionStore
    gateway: GatewayClient
    session: WebSession

    async def get(self, model: type[Any], path: str, **params: Any) -> Any:
        fetch = partial(self.gateway.get, model, path, **params)
        return await call(self.store, self.gateway, self.session, fetch)

    async def get_json(self, path: str, **params: Any) -> Any:
        fetch = partial(self.gateway.get_json, path, **params)
        return await call(self.store, self.gateway, self.session, fetch)

    async def every(self, model: type[Any], path: str, **params: Any) -> Any:
        """Every item of a list the API pages by cursor (a case's evidence), as one `model`."""
        items: list[Any] = []
        cursor = ""
        while True:
            page = await self.get_json(path, **params, limit=MAX_PAGE, cursor=cursor)
            items += page["items"]
            if not (cursor := page.get("next_cursor") or ""):
                return model.model_validate({"items": items, "total": len(items)})

    async def send(
        self, method: str, path: str, body: Any, headers: dict[str, str] | None = None
    ) -> Any:
        action = partial(self.gateway.send, method, path, json=body, headers=headers)
        return await call(self.store, self.gateway, self.session, action)

    async def upload(self, method: str, path: str, file: FilePart, **params: Any) -> Any:
        action = partial(self.gateway.send_file, method, path, file=file, **params)
        return await call(self.store, self.gateway, self.session, action)

    async def raw(self, path: str, **params: Any) -> httpx.Response:
        fetch = partial(self.gateway.get_bytes, path, **params)
        return await call(self.store, self.gateway, self.session, fetch)

    async def me(self) -> Me:
        me: Me = await self.get(Me, "/users/me")
        return me
