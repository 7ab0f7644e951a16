"""RFC 9457 problem+json for every error a service answers over HTTP.

A domain error's problem is read from the error itself: ``code`` (the problem type),
``http_status``, ``title`` and, when a service's error declares them, ``headers`` (e.g. the
tus errors of the device gateway). Two things may differ between services and are said
explicitly in `Problems`: statuses that replace an error's own (the gateway answers
InvalidArgument with 400 and FailedPrecondition with 409), and whether titles are the HTTP
reason phrase. An upstream that is down or too slow is 503; any other upstream failure 502.
Details of unexpected errors stay in the logs.

The OpenAPI document says the same: `Problem` is the body of every error, `problem_responses`
declares the statuses a route answers with it, and `Problems.install` documents the 422 of
validation as a problem too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import grpc
import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from custody_platform.errors import Conflict, DomainError, Unauthenticated
from custody_platform.grpc.errors import domain_error_from

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"
BEARER = {"WWW-Authenticate": "Bearer"}
_UNAVAILABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}
PROBLEM_REF = "#/components/schemas/Problem"


class Problem(BaseModel):
    """RFC 9457 problem details: the body of every error response."""

    model_config = ConfigDict(extra="allow")

    type: str  # urn:custody:problem:<code>, or about:blank
    title: str
    status: int
    detail: str
    instance: str  # the request's path
    current_state: str | None = None  # conflicts: the state the resource is in
    errors: list[dict[str, Any]] | None = None  # validation: where and why, never the input


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route (or router) that may answer these statuses with a problem."""
    return {status: _problem_response(status) for status in statuses}


def _problem_response(status: int) -> dict[str, Any]:
    return {
        "description": _phrase(status),
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    title: str | None = None,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """One problem response, titled with the reason phrase unless `title` is given; without a
    `code` the type is about:blank (RFC 9457 4.2.1)."""
    body = {
        "type": f"urn:custody:problem:{code}" if code else "about:blank",
        "title": title or _phrase(status),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status, headers=headers, media_type=PROBLEM_JSON)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # tus's 460 has no phrase
        return str(status)


@dataclass(frozen=True)
class Problems:
    """The problem handlers of one service's HTTP app.

    `statuses` replaces an error's own ``http_status`` for the error classes named (and their
    subclasses); `phrase_titles` titles every problem with the status's reason phrase
    instead of the error's own title.
    """

    statuses: Mapping[type[DomainError], int] = field(default_factory=dict)
    phrase_titles: bool = False

    def install(self, app: FastAPI) -> None:
        app.add_exception_handler(DomainError, self.on_domain_error)
        app.add_exception_handler(grpc.aio.AioRpcError, self.on_rpc_error)
        app.add_exception_handler(RequestValidationError, self.on_validation_error)
        app.add_exception_handler(HTTPException, self.on_http_error)
        # Not an exception handler for Exception: Starlette's ServerErrorMiddleware re-raises
        # after answering, and the server then closes the keep-alive connection.
        app.add_middleware(UnexpectedErrors, answer=self.on_unexpected)
        document_problems(app)

    def status_of(self, exc: DomainError) -> int:
        replaced = (self.statuses[c] for c in type(exc).__mro__ if c in self.statuses)
        return next(replaced, exc.http_status)

    def _title(self, own: str) -> str | None:
        return None if self.phrase_titles else own

    async def on_domain_error(self, request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        extra: dict[str, Any] = {}
        if isinstance(exc, Conflict) and exc.current_state is not None:
            extra["current_state"] = exc.current_state
        extra |= getattr(exc, "extensions", {})  # RFC 9457 extension members an error declares
        headers = dict(getattr(exc, "headers", {}))  # errors of a service may declare some
        if isinstance(exc, Unauthenticated):
            headers |= BEARER
        status, title = self.status_of(exc), self._title(exc.title)
        return problem(
            request, status, exc.message, title=title, code=exc.code, headers=headers, **extra
        )

    async def on_rpc_error(self, request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, grpc.aio.AioRpcError)
        if domain := domain_error_from(exc):
            return await self.on_domain_error(request, domain)
        log.warning("upstream.failed", code=exc.code().name, details=exc.details())
        if exc.code() in _UNAVAILABLE:
            detail = "a service behind the gateway is unavailable"
            title, retry = self._title("Upstream unavailable"), {"Retry-After": "1"}
            return problem(
                request, 503, detail, title=title, code="upstream_unavailable", headers=retry
            )
        detail, title = "a service behind the gateway failed", self._title("Upstream failed")
        return problem(request, 502, detail, title=title, code="upstream_failed")

    async def on_validation_error(self, request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        # Only where and why: echoing the input could send a password back.
        errors = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
        title = self._title("Invalid request")
        return problem(
            request,
            422,
            "the request is not valid",
            title=title,
            code="validation_error",
            errors=jsonable_encoder(errors),
        )

    async def on_http_error(self, request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        detail = str(exc.detail)
        title = self._title(detail)
        return problem(request, exc.status_code, detail, title=title, headers=exc.headers)

    async def on_unexpected(self, request: Request, exc: Exception) -> JSONResponse:
        log.exception("http.unhandled_error", exc_info=exc)
        return problem(request, 500, "internal error", title=self._title("Internal error"))


class UnexpectedErrors:
    """Answers an exception no handler took with a 500 problem, and the connection goes on
    serving (re-raised, the server would close it under the client's next request). Once the
    response has started nothing can be answered: the exception goes on, the server closes
    the connection, and the client sees a body cut short, never a complete one."""

    def __init__(
        self, app: ASGIApp, answer: Callable[[Request, Exception], Awaitable[JSONResponse]]
    ) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:
                raise
            response = await self.answer(Request(scope), exc)
            await response(scope, receive, send)


def document_problems(app: FastAPI) -> None:
    """The app's OpenAPI document with the `Problem` schema, its 422s as problems, and every
    other error response declared without a body given the problem's."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = Problem.model_json_schema()
        for operation in _operations(document):
            for status, response in operation.get("responses", {}).items():
                if status == "422" or (status[:1] in "45" and "content" not in response):
                    response["content"] = _problem_response(int(status))["content"]
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [
        operation
        for path in document.get("paths", {}).values()
        for method, operation in path.items()
        if method in methods
    ]
