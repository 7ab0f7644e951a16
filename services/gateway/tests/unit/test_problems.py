from __future__ import annotations

import json

import grpc
import pytest
from custody_platform.errors import (
    Conflict,
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from custody_platform.grpc.errors import METADATA_CURRENT_STATE
from custody_platform.problems import PROBLEM_JSON
from gateway.entrypoints.http_api import PROBLEMS
from starlette.requests import Request

pytestmark = pytest.mark.unit
status_of, on_domain_error, on_rpc_error = (
    PROBLEMS.status_of,
    PROBLEMS.on_domain_error,
    PROBLEMS.on_rpc_error,
)


def request(path: str = "/api/v1/things/1") -> Request:
    return Request(
        {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    )


def rpc_error(code: grpc.StatusCode, details: str, trailing: tuple = ()) -> grpc.aio.AioRpcError:  # type: ignore[type-arg]
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(*trailing), details)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound(), 404),
        (Conflict(current_state="approved"), 409),
        (InvalidArgument(), 400),
        (PermissionDenied(), 403),
        (Unauthenticated(), 401),
        (FailedPrecondition(), 409),
        (DomainError(), 400),
    ],
)
def test_domain_errors_map_to_statuses(error: DomainError, status: int) -> None:
    assert status_of(error) == status


async def test_conflict_is_a_problem_with_the_current_state() -> None:
    response = await on_domain_error(
        request(), Conflict("already decided", current_state="approved")
    )
    body = json.loads(response.body)
    assert response.status_code == 409
    assert response.media_type == PROBLEM_JSON
    assert body == {
        "type": "urn:custody:problem:conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "already decided",
        "instance": "/api/v1/things/1",
        "current_state": "approved",
    }


async def test_unauthenticated_asks_for_a_bearer_token() -> None:
    response = await on_domain_error(request(), Unauthenticated("not authenticated"))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_rpc_errors_map_like_domain_errors() -> None:
    trailing = ((METADATA_CURRENT_STATE, "rejected"),)
    response = await on_rpc_error(request(), rpc_error(grpc.StatusCode.ABORTED, "no", trailing))
    assert response.status_code == 409
    assert json.loads(response.body)["current_state"] == "rejected"
    response = await on_rpc_error(request(), rpc_error(grpc.StatusCode.NOT_FOUND, "case not found"))
    assert (response.status_code, json.loads(response.body)["detail"]) == (404, "case not found")


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (grpc.StatusCode.UNAVAILABLE, 503),
        (grpc.StatusCode.DEADLINE_EXCEEDED, 503),
        (grpc.StatusCode.INTERNAL, 502),
        (grpc.StatusCode.UNKNOWN, 502),
    ],
)
async def test_transport_failures_are_gateway_errors(code: grpc.StatusCode, status: int) -> None:
    response = await on_rpc_error(request(), rpc_error(code, "connection refused to 10.0.0.7"))
    body = json.loads(response.body)
    assert response.status_code == status
    assert "10.0.0.7" not in body["detail"]  # upstream details stay in the logs
