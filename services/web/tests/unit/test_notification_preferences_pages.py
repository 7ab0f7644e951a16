"""The notification preferences page against a fake gateway: each topic's radio group with
its choice, the security notice fixed, the whole form sent as one PUT, and a refusal shown
at the top with what was ticked."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.config import Settings
from web.entrypoints.http_app import create_app

pytestmark = pytest.mark.unit

USER = {"id": str(uuid.uuid4()), "email": "ada@metro.example", "display_name": "Ada", "roles": []}
SHOWN = [
    {"topic": "request_decided", "label": "My request was decided", "choice": "email"},
    {"topic": "request_message", "label": "A new message", "choice": "digest"},
    {"topic": "webhook_disabled", "label": "A webhook was disabled", "choice": "in_app",
     "mandatory": True},
]  # fmt: skip


class Gateway:
    def __init__(self) -> None:
        self.put: list[Any] = []
        self.refuse = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1")
        if path == "/auth/token":
            return httpx.Response(
                200, json={"access_token": "a", "refresh_token": "r", "expires_in": 900}
            )
        if path == "/users/me":
            return httpx.Response(200, json=USER)
        assert path == "/users/me/notification-preferences", path
        if request.method == "PUT":
            self.put.append(json.loads(request.content))
            if self.refuse:
                problem = {
                    "type": "urn:custody:problem:invalid_argument",
                    "status": 400,
                    "title": "Invalid argument",
                    "detail": "choice must be one of …",
                }
                return httpx.Response(400, json=problem)  # fmt: skip
        return httpx.Response(200, json={"preferences": SHOWN})


@pytest.fixture
def fake() -> Gateway:
    return Gateway()


@pytest.fixture
def browser(fake: Gateway) -> Iterator[TestClient]:
    client = GatewayClient("http://gateway", transport=httpx.MockTransport(fake))
    with TestClient(create_app(Settings(), client), follow_redirects=False) as test_client:
        page = test_client.get("/sign-in")
        form = {"csrf_token": _csrf(page), "email": USER["email"], "password": "p", "next": "/"}
        assert test_client.post("/sign-in", data=form).status_code == 303
        yield test_client


def _csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def test_each_topic_is_a_radio_group_with_its_choice(browser: TestClient) -> None:
    page = browser.get("/account/notifications")
    assert page.status_code == 200
    assert '<legend class="usa-sr-only">My request was decided</legend>' in page.text
    assert re.search(r'id="request_message-digest"[^>]*value="digest" checked', page.text)
    assert 'name="webhook_disabled"' not in page.text and "cannot be turned off" in page.text


def test_saving_sends_every_changeable_topic_as_ticked(browser: TestClient, fake: Gateway) -> None:
    csrf = _csrf(browser.get("/account/notifications"))
    form = {"csrf_token": csrf, "request_decided": "off", "webhook_disabled": "off"}
    answer = browser.post("/account/notifications", data=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account/notifications?saved=1"
    assert fake.put == [
        {
            "preferences": [
                {"topic": "request_decided", "choice": "off"},
                {"topic": "request_message", "choice": "digest"},
            ]
        }
    ]


def test_a_refusal_is_shown_with_what_was_ticked(browser: TestClient, fake: Gateway) -> None:
    fake.refuse = True
    csrf = _csrf(browser.get("/account/notifications"))
    answer = browser.post(
        "/account/notifications", data={"csrf_token": csrf, "request_decided": "pigeon"}
    )
    assert answer.status_code == 400
    assert "There is a problem" in answer.text and 'href="#preferences"' in answer.text
    assert not re.search(r'id="request_decided-email"[^>]*checked', answer.text)
