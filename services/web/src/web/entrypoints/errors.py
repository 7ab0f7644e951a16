"""Errors as pages in the layout: sign in again, not found, refused, or something broke."""

from __future__ import annotations

import httpx
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from web.domain.errors import ApiProblem, SignedOut
from web.domain.mfa import ENROLMENT_REQUIRED
from web.domain.people import PASSWORD_CHANGE_REQUIRED
from web.entrypoints.deps import CsrfRefused, SignInRequired, browser_session, render, to_sign_in

log = structlog.get_logger(__name__)
NOT_FOUND = 404
ENROLMENT_PAGE = "/account/security"
PASSWORD_PAGE = "/account/password"


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(SignedOut, _signed_out)
    app.add_exception_handler(CsrfRefused, _csrf_refused)
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(HTTPException, _http_error)
    # A malformed id in a path is a page that does not exist, not a form error.
    app.add_exception_handler(RequestValidationError, _not_found)
    app.add_exception_handler(httpx.HTTPError, _gateway_unreachable)


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return _redirect(request, exc.next_path)


async def _signed_out(request: Request, exc: Exception) -> Response:
    return _redirect(request, request.url.path)


def _redirect(request: Request, next_path: str) -> Response:
    return _htmx_aware(request, to_sign_in(next_path))


def _to(request: Request, path: str) -> Response:
    return _htmx_aware(request, RedirectResponse(path, status_code=303))


def _htmx_aware(request: Request, response: Response) -> Response:
    if request.headers.get("hx-request"):  # htmx follows this header with a full page load
        response.headers["hx-redirect"] = response.headers["location"]
    return response


async def _csrf_refused(request: Request, exc: Exception) -> Response:
    title = "This form has expired"
    detail = "Go back, reload the page and try again."
    return _error_page(request, 403, title, detail)


async def _api_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    if exc.problem.type == ENROLMENT_REQUIRED:  # the organization requires a second factor
        return _to(request, ENROLMENT_PAGE)
    if exc.problem.type == PASSWORD_CHANGE_REQUIRED:  # an admin reset the password
        return _to(request, PASSWORD_PAGE)
    if exc.status == NOT_FOUND:
        return await _not_found(request, exc)
    return _error_page(request, exc.status, exc.problem.title, exc.problem.detail or "")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == NOT_FOUND:
        return await _not_found(request, exc)
    return _error_page(request, exc.status_code, "Something went wrong", str(exc.detail))


async def _not_found(request: Request, exc: Exception) -> Response:
    return _page(request, "errors/404.html", NOT_FOUND)


async def _gateway_unreachable(request: Request, exc: Exception) -> Response:
    log.error("gateway.unreachable", error=repr(exc))
    detail = "Custody could not be reached. Try again in a few minutes."
    return _error_page(request, 502, "Service unavailable", detail)


def _error_page(request: Request, status: int, title: str, detail: str) -> Response:
    return _page(request, "errors/error.html", status, title=title, detail=detail)


def _page(request: Request, name: str, status: int, **context: str) -> Response:
    state = request.app.state.web
    session = browser_session(request, state)
    return render(request, state, session, name, status_code=status, **context)
