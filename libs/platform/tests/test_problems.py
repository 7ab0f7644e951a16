"""problem+json: one implementation, read the same way for every error, with the two
differences a service may ask for (replaced statuses, reason-phrase titles)."""

from __future__ import annotations

import json
from typing import Any

import grpc
import httpx
import pytest
from custody_platform.errors import (
    Conflict,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    Unauthenticated,
)
from custody_platform.problems import PROBLEM_JSON, Problems, problem, problem_responses
from fastapi import FastAPI
from pydantic import BaseModel
from starlette.requests import Request

pytestmark = pytest.mark.unit

OWN = Problems()
PROXY = Problems(statuses={InvalidArgument: 400, FailedPrecondition: 409}, phrase_titles=True)


class TooFast(InvalidArgument):
    """A service's own error: its status, title, code and headers are its own."""

    code = "too_fast"
    http_status = 429
    title = "Slow down"
    headers = {"Retry-After": "60"}


def request(path: str = "/things/1") -> Request:
    scope = {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    return Request(scope)


def body(response: Any) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(response.body)
    return parsed


async def test_an_error_answers_with_its_own_status_title_code_and_headers() -> None:
    response = await OWN.on_domain_error(request(), TooFast("wait a minute"))
    assert response.status_code == 429
    assert response.media_type == PROBLEM_JSON
    assert response.headers["retry-after"] == "60"
    assert body(response) == {
        "type": "urn:custody:problem:too_fast",
        "title": "Slow down",
        "status": 429,
        "detail": "wait a minute",
        "instance": "/things/1",
    }


@pytest.mark.parametrize(
    ("error", "own", "proxy"),
    [
        (InvalidArgument(), 422, 400),
        (FailedPrecondition(), 400, 409),
        (NotFound(), 404, 404),
        (TooFast(), 429, 400),  # replaced statuses reach subclasses too
    ],
)
def test_replaced_statuses_apply_along_the_class_hierarchy(
    error: InvalidArgument, own: int, proxy: int
) -> None:
    assert (OWN.status_of(error), PROXY.status_of(error)) == (own, proxy)


async def test_phrase_titles_and_conflict_state() -> None:
    response = await PROXY.on_domain_error(request(), Conflict("no", current_state="approved"))
    assert body(response)["title"] == "Conflict"
    assert body(response)["current_state"] == "approved"
    stateless = await OWN.on_domain_error(request(), Conflict("busy"))
    assert "current_state" not in body(stateless)
    missing = await PROXY.on_domain_error(request(), NotFound("gone"))
    assert (missing.status_code, body(missing)["title"]) == (404, "Not Found")


async def test_unauthenticated_asks_for_a_bearer_token() -> None:
    response = await OWN.on_domain_error(request(), Unauthenticated())
    assert (response.status_code, response.headers["www-authenticate"]) == (401, "Bearer")


def rpc_error(code: grpc.StatusCode, details: str) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), details)


async def test_upstream_errors_map_like_domain_errors_or_become_502_and_503() -> None:
    found = await PROXY.on_rpc_error(request(), rpc_error(grpc.StatusCode.NOT_FOUND, "no case"))
    assert (found.status_code, body(found)["detail"]) == (404, "no case")
    down = await PROXY.on_rpc_error(request(), rpc_error(grpc.StatusCode.UNAVAILABLE, "10.0.0.7"))
    assert (down.status_code, down.headers["retry-after"]) == (503, "1")
    assert "10.0.0.7" not in body(down)["detail"]
    failed = await PROXY.on_rpc_error(request(), rpc_error(grpc.StatusCode.INTERNAL, "boom"))
    assert body(failed)["type"] == "urn:custody:problem:upstream_failed"


def test_a_problem_without_a_code_is_about_blank_titled_with_the_phrase() -> None:
    response = problem(request(), 460, "mismatch", code="checksum_mismatch")
    assert body(response)["title"] == "460"  # no reason phrase exists for it
    blank = body(problem(request(), 413, "too big"))
    assert (blank["type"], blank["title"]) == ("about:blank", "Request Entity Too Large")


class Login(BaseModel):
    email: str
    password: str


def app(problems: Problems) -> FastAPI:
    app = FastAPI()
    problems.install(app)

    @app.post("/login", responses=problem_responses(429))
    async def login(form: Login) -> dict[str, str]:
        raise TooFast("later")

    @app.get("/boom", responses={503: {"description": "down for maintenance"}})
    async def boom() -> dict[str, str]:
        raise RuntimeError("secret detail")

    return app


async def call(problems: Problems, method: str, path: str, **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app(problems))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, **kwargs)


async def test_installed_handlers_answer_validation_route_and_domain_errors() -> None:
    invalid = await call(OWN, "POST", "/login", json={"email": "a", "password": 7})
    assert invalid.status_code == 422
    assert invalid.headers["content-type"] == PROBLEM_JSON
    problem_body = invalid.json()
    assert problem_body["type"] == "urn:custody:problem:validation_error"
    assert problem_body["title"] == "Invalid request"
    assert "7" not in json.dumps(problem_body["errors"])  # the input is never echoed
    unknown = await call(PROXY, "GET", "/nowhere")
    assert (unknown.status_code, unknown.json()["type"]) == (404, "about:blank")
    refused = await call(OWN, "POST", "/login", json={"email": "a", "password": "b"})
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "60")


async def test_an_unexpected_error_is_a_500_problem_and_is_not_raised_to_the_server() -> None:
    """Raised on to the server, it made uvicorn close the keep-alive connection under the
    client's next request (ASGITransport raises what the app raises)."""
    failed = await call(PROXY, "GET", "/boom")
    assert (failed.status_code, failed.headers["content-type"]) == (500, PROBLEM_JSON)
    assert "secret" not in failed.text


def test_the_openapi_document_declares_problems() -> None:
    document = app(PROXY).openapi()
    assert set(document["components"]["schemas"]["Problem"]["required"]) >= {"type", "status"}
    responses = document["paths"]["/login"]["post"]["responses"]
    for status in ("422", "429"):
        schema = responses[status]["content"][PROBLEM_JSON]["schema"]
        assert schema == {"$ref": "#/components/schemas/Problem"}
    assert "HTTPValidationError" not in document["components"]["schemas"]
    declared_bare = document["paths"]["/boom"]["get"]["responses"]["503"]
    assert declared_bare["content"][PROBLEM_JSON]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
