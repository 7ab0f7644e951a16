"""RFC 9457 problem+json for every error the API returns.

Status codes: NotFound 404, Conflict 409 (with ``current_state``), InvalidArgument 400,
request validation 422 (with ``errors``), PermissionDenied 403, Unauthenticated 401 (with
``WWW-Authenticate: Bearer``), FailedPrecondition 409 — the resource is in a state that
forbids the call, like a conflict but with no state to show (412 is reserved for HTTP
preconditions such as If-Match). An upstream that is down or too slow is 503; any other
upstream failure 502. Details of unexpected errors stay in the logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import grpc
import structlog
from custody_platform.errors import (
    Conflict,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from custody_platform.grpc.errors import domain_error_from
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"
BEARER = {"WWW-Authenticate": "Bearer"}
_STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    InvalidArgument: 400,
    PermissionDenied: 403,
    Unauthenticated: 401,
    FailedPrecondition: 409,
}
_UNAVAILABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": f"urn:custody:problem:{code}" if code else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status, headers=headers, media_type=PROBLEM_JSON)


def status_of(exc: DomainError) -> int:
    """A service's own DomainError subclass maps like its platform base class."""
    return next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)


async def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    extra: dict[str, Any] = {}
    if isinstance(exc, Conflict) and exc.current_state is not None:
        extra["current_state"] = exc.current_state
    headers = BEARER if isinstance(exc, Unauthenticated) else None
    return problem(request, status_of(exc), exc.message, code=exc.code, headers=headers, **extra)


async def on_rpc_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, grpc.aio.AioRpcError)
    if domain := domain_error_from(exc):
        return await on_domain_error(request, domain)
    log.warning("upstream.failed", code=exc.code().name, details=exc.details())
    if exc.code() in _UNAVAILABLE:
        return problem(
            request,
            503,
            "a service behind the gateway is unavailable",
            code="upstream_unavailable",
            headers={"Retry-After": "1"},
        )
    return problem(request, 502, "a service behind the gateway failed", code="upstream_failed")


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only where and why: echoing the input could send a password back.
    errors = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
    return problem(
        request,
        422,
        "the request is not valid",
        code="validation_error",
        errors=jsonable_encoder(errors),
    )


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(request, exc.status_code, str(exc.detail), headers=exc.headers)


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("http.unhandled_error", exc_info=exc)
    return problem(request, 500, "internal error")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(grpc.aio.AioRpcError, on_rpc_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
