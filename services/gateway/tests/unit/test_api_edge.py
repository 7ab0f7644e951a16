"""The API's edge: what it refuses before any service is called, what it answers when a
service fails, and what its OpenAPI document promises (decision 0015).

The routes run in a FastAPI app of their own with the gateway's problem handlers, a fixed
principal and a recording stand-in for the services, so no database or gRPC is needed.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import grpc
import httpx
import pytest
from custody_contracts.grpc import evidence_pb2, requests_pb2
from custody_contracts.principal import ROLE_INVESTIGATOR, ROLE_ORG_ADMIN, Principal
from fastapi import FastAPI
from gateway.domain.links import PublicLinks
from gateway.entrypoints.api.deps import get_current_principal
from gateway.entrypoints.api.limits import Lifetimes
from gateway.entrypoints.api.routes import api_router, public_router
from gateway.entrypoints.http_api import API_PREFIX, PROBLEMS

pytestmark = pytest.mark.unit

PRINCIPAL = Principal(
    user_id=uuid.uuid4(), org_id=uuid.uuid4(), roles=frozenset({ROLE_ORG_ADMIN, ROLE_INVESTIGATOR})
)
ID = str(uuid.uuid4())
INT32_OVER, INT64_OVER = 2**31, 2**63
SOON = (datetime.now(UTC) + timedelta(days=3)).isoformat()


class Service:
    """A stand-in for one service's stub: records calls, answers what it was given."""

    def __init__(self, calls: list[str]) -> None:
        self.calls = calls
        self.answers: dict[str, Any] = {}

    def __getattr__(self, method: str) -> Any:
        async def call(request: Any, **_: Any) -> Any:
            self.calls.append(method)
            answer = self.answers.get(method)
            if isinstance(answer, BaseException):
                raise answer
            return answer

        return call


class Upstream:
    def __init__(self) -> None:
        self.calls: list[str] = []
        for name in ("registry", "requests", "evidence", "devices", "audit", "redaction"):
            setattr(self, name, Service(self.calls))


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


def gateway_app() -> FastAPI:
    app = FastAPI()
    PROBLEMS.install(app)
    app.include_router(api_router(), prefix=API_PREFIX)
    app.include_router(public_router())
    return app


@pytest.fixture(scope="module")
def app() -> FastAPI:
    app = gateway_app()
    app.dependency_overrides[get_current_principal] = lambda: PRINCIPAL
    return app


@pytest.fixture
async def api(app: FastAPI, upstream: Upstream) -> AsyncIterator[httpx.AsyncClient]:
    app.state.gateway = SimpleNamespace(
        upstream=upstream, links=PublicLinks(), lifetimes=Lifetimes(), uow_factory=no_database
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@asynccontextmanager
async def no_database() -> AsyncIterator[Any]:
    """Routes that also read the gateway's tables (owners' cards) open a unit of work before
    their input is checked; no test here reaches a query."""
    yield SimpleNamespace()


def is_problem(response: httpx.Response, status: int) -> bool:
    media_type = response.headers.get("content-type", "")
    return response.status_code == status and media_type == "application/problem+json"


def camera(**fields: Any) -> dict[str, Any]:
    return {"name": "Lobby", "kind": "fixed", "latitude": 45.5, "longitude": -73.5} | fields


def request_body(*windows: tuple[str, str], camera_id: str = ID) -> dict[str, Any]:
    items = [{"camera_id": camera_id, "start": start, "end": end} for start, end in windows]
    return {"incident_number": "2026-1", "line_items": items}


REFUSED: list[tuple[str, str, dict[str, Any] | None]] = [
    # integers beyond 64 bits, or beyond the 32 bits of their field or column
    ("GET", f"/requests?offset={45118572132005593088}", None),
    ("GET", f"/requests/counts?offset={2890248200}", None),
    ("GET", f"/audit/records?object_id=x&start_index={INT64_OVER}", None),
    ("GET", f"/audit/records/{ID}/proof?tree_head_id={INT64_OVER}", None),
    ("GET", f"/audit/consistency?from_tree_head_id={INT64_OVER}", None),
    ("GET", f"/redactions/{ID}/tracks/{INT32_OVER}/thumbnail", None),
    ("POST", f"/redactions/{ID}/review", {"track_ids": [INT32_OVER]}),
    ("POST", f"/cases/{ID}/uploads", {"max_total_bytes": INT64_OVER}),
    (
        "POST",
        f"/cases/{ID}/file-requests",
        {"title": "t", "expires_at": SOON, "max_bytes_per_file": 1e30},
    ),
    # control characters in text and in search parameters
    ("POST", "/cameras", camera(name="Lobby\x00")),
    ("GET", "/cases?q=%00", None),
    ("GET", "/requests?q=%00", None),
    ("GET", "/requests?status=%1B", None),
    ("GET", "/cameras/search?text=a%00b", None),
    ("POST", "/cases", {"title": "ok", "description": "line\r\x07"}),
    # direction overrides and zero-width characters in names
    ("POST", "/cameras", camera(name="evil\u202egnp.exe")),
    ("POST", "/cases", {"title": "zero\u200bwidth"}),
    # numbers that are not numbers, and not finite
    ("POST", "/cameras", camera(latitude=True)),
    ("POST", "/cameras", camera(channel="1")),
    ("PUT", "/retention-policies/video", {"days": True}),
    # moments outside 1970-2100, and repeated line items
    ("POST", "/requests", request_body(("0001-01-01T00:00:00Z", "0001-01-01T01:00:00Z"))),
    ("POST", "/requests", request_body(*[("2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z")] * 2)),
    ("POST", f"/cases/{ID}/uploads", {"expires_at": "9999-12-31T23:59:59Z"}),
    # media types are names, not headers
    ("POST", f"/cases/{ID}/uploads", {"allowed_media_types": ["video/mp4\r\nX-Evil: 1"]}),
    # free-form JSON keeps to text Postgres can store
    ("PATCH", f"/cases/{ID}", {"custom_fields": {"note": "nul\x00"}}),
]


@pytest.mark.parametrize(("method", "path", "body"), REFUSED)
async def test_bad_input_is_refused_at_the_edge(
    api: httpx.AsyncClient,
    upstream: Upstream,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    response = await api.request(method, API_PREFIX + path, json=body)
    assert is_problem(response, 422), response.text
    assert upstream.calls == []


def ahead(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"/cases/{ID}/share-links", {"expires_at": ahead(91)}),  # 90 days at most
        (f"/evidence/{ID}/share-links", {"expires_at": ahead(365 * 70)}),
        (f"/cases/{ID}/file-requests", {"title": "Witnesses", "expires_at": ahead(31)}),
        (f"/cases/{ID}/uploads", {"expires_at": ahead(31)}),  # 30 days at most
    ],
)
async def test_links_and_grants_have_a_longest_lifetime(
    api: httpx.AsyncClient, upstream: Upstream, path: str, body: dict[str, Any]
) -> None:
    response = await api.post(API_PREFIX + path, json=body)
    assert is_problem(response, 400), response.text
    assert "at most" in response.json()["detail"]
    assert upstream.calls == []


async def test_a_share_link_within_its_lifetime_is_made(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    link = evidence_pb2.ShareLink(id=ID, object_type="case", object_id=ID, permission="view")
    answer = evidence_pb2.CreateShareLinkResponse(link=link, token="t" * 20)
    upstream.evidence.answers["CreateShareLink"] = answer  # type: ignore[attr-defined]
    response = await api.post(
        f"{API_PREFIX}/cases/{ID}/share-links", json={"expires_at": ahead(89)}
    )
    assert response.status_code == 201, response.text
    assert upstream.calls == ["CreateShareLink"]


async def test_a_csv_export_whose_first_page_fails_is_a_problem_not_a_short_file(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    failure = grpc.aio.AioRpcError(
        grpc.StatusCode.INTERNAL, grpc.aio.Metadata(), grpc.aio.Metadata(), "boom"
    )
    upstream.requests.answers["ListRequests"] = failure  # type: ignore[attr-defined]
    response = await api.get(f"{API_PREFIX}/requests/export.csv")
    assert is_problem(response, 502)


async def test_the_csv_export_uses_the_formula_safe_writer(
    api: httpx.AsyncClient, upstream: Upstream
) -> None:
    request = requests_pb2.VideoRequest(
        id=ID,
        incident_number="=cmd|'/c calc'!A1",
        line_items=[requests_pb2.LineItem(id=ID, camera_name="@SUM(1)", reason="-73.5")],
    )
    page = requests_pb2.ListRequestsResponse(requests=[request], total=1)
    upstream.requests.answers["ListRequests"] = page  # type: ignore[attr-defined]
    response = await api.get(f"{API_PREFIX}/requests/export.csv")
    assert response.status_code == 200
    row = next(csv.DictReader(io.StringIO(response.text)))
    assert (row["incident_number"], row["camera_name"]) == ("'=cmd|'/c calc'!A1", "'@SUM(1)")
    assert row["reason"] == "-73.5"  # a number stays a number
    assert response.text.endswith("\r\n")


# --- the OpenAPI document


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return gateway_app().openapi()


def operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def input_schemas(
    document: dict[str, Any], schema: dict[str, Any], where: str, seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every leaf schema a client sends: through $refs, unions, items and properties."""
    ref = schema.get("$ref", "")
    if ref in seen:
        return
    schema = resolve(document, schema)
    seen = seen | {ref}
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for index, part in enumerate(schema.get(key, [])):
            yield from input_schemas(document, part, f"{where}[{index}]", seen)
    if "items" in schema:
        yield from input_schemas(document, schema["items"], f"{where}[]", seen)
    for name, part in schema.get("properties", {}).items():
        yield from input_schemas(document, part, f"{where}.{name}", seen)
    yield where, schema


def inputs(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for label, operation in operations(document):
        for parameter in operation.get("parameters", []):
            where = f"{label} {parameter['in']}:{parameter['name']}"
            yield from input_schemas(document, parameter["schema"], where)
        for media, content in operation.get("requestBody", {}).get("content", {}).items():
            yield from input_schemas(document, content["schema"], f"{label} {media}")


# Passwords are any text; the OAuth2 password form is the sign-in's (routes/auth.py).
SECRETS = ("password", "client_secret")
SIGN_IN = "/api/v1/auth/"


def test_every_number_the_api_takes_is_bounded(document: dict[str, Any]) -> None:
    unbounded = [
        where
        for where, schema in inputs(document)
        if schema.get("type") in ("integer", "number")
        and not (
            {"minimum", "exclusiveMinimum"} & schema.keys()
            and {"maximum", "exclusiveMaximum"} & schema.keys()
        )
    ]
    assert unbounded == []


def test_every_text_the_api_takes_is_bounded_and_refuses_control_characters(
    document: dict[str, Any],
) -> None:
    def open_text(schema: dict[str, Any]) -> bool:
        fixed = {"enum", "const", "format", "contentMediaType"}  # contentMediaType: a file
        if schema.get("type") != "string" or fixed & schema.keys():
            return False
        pattern = schema.get("pattern")
        return "maxLength" not in schema or not pattern or re.search(pattern, "a\x00b") is not None

    loose = [
        where
        for where, schema in inputs(document)
        if open_text(schema) and not where.endswith(SECRETS) and SIGN_IN not in where
    ]
    assert loose == []


def test_every_list_the_api_takes_is_bounded(document: dict[str, Any]) -> None:
    unbounded = [
        where
        for where, schema in inputs(document)
        if schema.get("type") == "array" and "maxItems" not in schema
    ]
    assert unbounded == []


def test_operations_have_readable_unique_ids_and_descriptions(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), ids
    undescribed = [label for label, op in operations(document) if not op.get("description")]
    assert undescribed == []


def test_errors_are_declared_as_problems(document: dict[str, Any]) -> None:
    problem = {"$ref": "#/components/schemas/Problem"}
    for label, operation in operations(document):
        responses = operation["responses"]
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                content = response["content"]
                assert content == {"application/problem+json": {"schema": problem}}, label
        if "security" in operation:  # a bearer token is needed
            assert "401" in responses, label
