"""The organization a superadmin acts for, sent on each gateway call made for its session
(decision 0048). `service_layer.sessions.call` sets it around the call; the gateway client's
request hook adds the header, so none of the client's methods needs to take it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpx

HEADER = "Custody-Acting-For"
_acting_for: ContextVar[uuid.UUID | None] = ContextVar("acting_for", default=None)


@contextmanager
def acting_for(org_id: uuid.UUID | None) -> Iterator[None]:
    token = _acting_for.set(org_id)
    try:
        yield
    finally:
        _acting_for.reset(token)


async def carry_acting_for(request: httpx.Request) -> None:
    org_id = _acting_for.get()
    if org_id is not None:
        request.headers[HEADER] = str(org_id)
