"""The gateway's body limit: small for JSON routes, larger for the file-upload routes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request
from gateway.entrypoints.api.limits import FILE_ROUTE_MAX_BYTES, BodyLimit
from gateway.entrypoints.http_api import PROBLEMS

pytestmark = pytest.mark.unit

JSON_LIMIT = 1024


def _app() -> FastAPI:
    app = FastAPI()
    PROBLEMS.install(app)
    app.add_middleware(BodyLimit, max_bytes=JSON_LIMIT)

    @app.post("/api/v1/requests")
    @app.put("/api/v1/cameras/{camera_id}/thumbnail")
    async def echo(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    return app


async def _post(path: str, body: bytes, *, declare_length: bool = True) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        if declare_length:
            method = "PUT" if "thumbnail" in path else "POST"
            return await client.request(method, path, content=body)

        async def chunks() -> AsyncIterator[bytes]:
            yield body

        return await client.post(path, content=chunks())


async def test_json_routes_refuse_a_body_over_the_limit_with_a_problem() -> None:
    response = await _post("/api/v1/requests", b"x" * (JSON_LIMIT + 1))
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_chunked_body_is_counted_as_it_is_read() -> None:
    response = await _post("/api/v1/requests", b"x" * (JSON_LIMIT + 1), declare_length=False)
    assert response.status_code == 413


async def test_file_routes_take_bodies_up_to_their_own_limit() -> None:
    body = b"x" * (JSON_LIMIT * 10)
    response = await _post("/api/v1/cameras/42/thumbnail", body)
    assert response.status_code == 200
    assert response.json() == {"received": len(body)}
    too_big = await _post("/api/v1/cameras/42/thumbnail", b"x" * (FILE_ROUTE_MAX_BYTES + 1))
    assert too_big.status_code == 413
