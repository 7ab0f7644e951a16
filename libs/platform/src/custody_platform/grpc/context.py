"""Who is calling and which request this is, for the duration of one RPC.

The server interceptor sets both from the invocation metadata; the client interceptor reads
them to pass the same principal and request id on to the next service. An HTTP entry point
that calls other services can bind the principal itself with :func:`bind_call_context`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextvars import ContextVar

import structlog
from custody_contracts.principal import METADATA_REQUEST_ID, Principal

from custody_platform.errors import Unauthenticated

_principal: ContextVar[Principal | None] = ContextVar("custody_principal", default=None)
_request_id: ContextVar[str | None] = ContextVar("custody_request_id", default=None)


def current_principal() -> Principal:
    """The caller of the current RPC; raises Unauthenticated when none was sent."""
    principal = _principal.get()
    if principal is None:
        raise Unauthenticated("no principal in call metadata")
    return principal


def optional_principal() -> Principal | None:
    return _principal.get()


def current_request_id() -> str | None:
    """The request id of this RPC, or the one an HTTP middleware bound for structlog."""
    return _request_id.get() or structlog.contextvars.get_contextvars().get("request_id")


def bind_call_context(principal: Principal | None, request_id: str | None) -> str:
    """Set principal and request id (a fresh one when None) for this context; return the id."""
    request_id = request_id or uuid.uuid4().hex
    _principal.set(principal)
    _request_id.set(request_id)
    structlog.contextvars.bind_contextvars(request_id=request_id)
    return request_id


def bind_from_metadata(metadata: Iterable[tuple[str, str | bytes]] | None) -> Principal | None:
    """Read principal and request id from gRPC invocation metadata into this context.

    Malformed principal metadata counts as absent: the servicer then gets Unauthenticated
    from :func:`current_principal`, never a half-parsed identity.
    """
    pairs = [(k, v) for k, v in metadata or () if not k.endswith("-bin")]
    try:
        principal = Principal.from_metadata(pairs)
    except ValueError:
        principal = None
    request_id = next((str(v) for k, v in pairs if k == METADATA_REQUEST_ID), None)
    bind_call_context(principal, request_id)
    return principal
