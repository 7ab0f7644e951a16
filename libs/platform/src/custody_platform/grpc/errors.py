"""DomainError <-> gRPC status, in both directions.

Conflict maps to ABORTED, not FAILED_PRECONDITION: gRPC reserves FAILED_PRECONDITION for
"the system is not in the right state, do not retry until it is fixed" (our
FailedPrecondition, HTTP 400), while ABORTED is the code for concurrency conflicts and
rejected transitions that a client resolves by re-reading the current state (HTTP 409).
The current state travels in trailing metadata so the client can rebuild Conflict exactly.
"""

from __future__ import annotations

from typing import Any, NoReturn

import grpc

from custody_platform.errors import (
    Conflict,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)

METADATA_CURRENT_STATE = "x-custody-current-state"

_TO_STATUS: dict[type[DomainError], grpc.StatusCode] = {
    NotFound: grpc.StatusCode.NOT_FOUND,
    Conflict: grpc.StatusCode.ABORTED,
    InvalidArgument: grpc.StatusCode.INVALID_ARGUMENT,
    PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    FailedPrecondition: grpc.StatusCode.FAILED_PRECONDITION,
}
_FROM_STATUS: dict[grpc.StatusCode, type[DomainError]] = {v: k for k, v in _TO_STATUS.items()}


def status_for(exc: DomainError) -> grpc.StatusCode:
    """The status code of a domain error; a service's own subclass maps like its base."""
    for cls, code in _TO_STATUS.items():
        if isinstance(exc, cls):
            return code
    return grpc.StatusCode.FAILED_PRECONDITION


def trailing_metadata_for(exc: DomainError) -> tuple[tuple[str, str], ...]:
    if isinstance(exc, Conflict) and exc.current_state is not None:
        return ((METADATA_CURRENT_STATE, exc.current_state),)
    return ()


def domain_error_from(err: grpc.aio.AioRpcError) -> DomainError | None:
    """The DomainError an RPC error stands for, or None for transport/unknown failures."""
    cls = _FROM_STATUS.get(err.code())
    if cls is None:
        return None
    message = err.details() or None
    if cls is Conflict:
        trailing: Any = err.trailing_metadata() or ()  # grpc-stubs mistype aio Metadata
        state = next((str(v) for k, v in trailing if k == METADATA_CURRENT_STATE), None)
        return Conflict(message, current_state=state)
    return cls(message)


def raise_domain_error(err: grpc.aio.AioRpcError) -> NoReturn:
    """Re-raise an RPC error as its DomainError (NOT_FOUND -> NotFound, ...).

    Codes without a domain meaning (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ...) re-raise
    the original AioRpcError: the gateway answers those with 502/503/504, not 4xx.
    """
    domain = domain_error_from(err)
    if domain is None:
        raise err
    raise domain from err
