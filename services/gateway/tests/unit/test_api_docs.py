"""The API docs page works offline: it names no other site, and the Swagger UI files it
names are served by the gateway itself."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from gateway.config import Settings
from gateway.entrypoints.http_api import create_app
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.unit


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(jwt_secret=SecretStr("s" * 40))
    engine = create_async_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never used
    app = create_app(settings, uow_factory=lambda: None, upstream=None, engine=engine)  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as c:
        yield c
    await engine.dispose()


async def test_the_docs_page_names_no_other_site(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "swagger-ui" in page.text
    assert re.findall(r"(?:https?:)?//[\w.-]+", page.text) == []


async def test_the_files_the_docs_page_names_are_served(client: httpx.AsyncClient) -> None:
    page = (await client.get("/api/v1/docs")).text
    named = re.findall(r"""(?:src|href)=["']?(/[^"'\s>]+)""", page)
    assert {u.rsplit(".", 1)[-1] for u in named} == {"js", "css"}
    for url in named:
        answer = await client.get(url)
        assert answer.status_code == 200, url
        assert len(answer.content) > 100_000, url
    assert (await client.get("/api/v1/openapi.json")).status_code == 200


async def test_nothing_else_is_served_from_the_docs_assets(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/docs/assets/LICENSE")).status_code == 404
    assert (await client.get("/api/v1/docs/assets/..%2F..%2Fapi%2Fdocs.py")).status_code == 404
