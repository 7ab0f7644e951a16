"""RFC 9457 problem details for every error the device API returns."""

from __future__ import annotations

from typing import Any

from custody_platform.errors import Conflict, DomainError, Unauthenticated
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"


def problem(
    request: Request, status: int, title: str, detail: str, code: str, **extra: Any
) -> JSONResponse:
    body = {
        "type": f"urn:custody:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]


async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
    extra = {"current_state": exc.current_state} if isinstance(exc, Conflict) else {}
    response = problem(request, exc.http_status, exc.title, exc.message, exc.code, **extra)
    response.headers.update(getattr(exc, "headers", {}))
    if isinstance(exc, Unauthenticated):
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return problem(
        request,
        422,
        "Invalid request",
        "the request does not match the schema",
        "invalid_argument",
        errors=errors,
    )


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    response = problem(request, exc.status_code, str(exc.detail), str(exc.detail), "http_error")
    response.headers.update(exc.headers or {})
    return response
