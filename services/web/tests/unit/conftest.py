"""The web app in a test client against a fake gateway (an httpx.MockTransport handler of the
test's own): signed in through the sign-in form, as a browser does."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.config import Settings
from web.entrypoints.http_app import create_app

Handler = Callable[[httpx.Request], httpx.Response]
SignedIn = Callable[[Handler], AbstractContextManager[TestClient]]


def csrf_of(page: Any) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return str(found.group(1))


@pytest.fixture
def signed_in() -> SignedIn:
    """A test client whose session signed in through the form against the `handler`."""

    @contextmanager
    def open_client(handler: Handler) -> Iterator[TestClient]:
        gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(handler))
        with TestClient(create_app(Settings(), gateway), follow_redirects=False) as client:
            page = client.get("/sign-in")
            form = {"csrf_token": csrf_of(page), "email": "s", "password": "x"}
            client.post("/sign-in", data=form)
            yield client

    return open_client


@pytest.fixture(name="csrf_of")
def csrf_fixture() -> Callable[[Any], str]:
    """The CSRF token of a page's form."""
    return csrf_of
