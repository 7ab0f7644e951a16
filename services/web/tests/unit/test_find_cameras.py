"""The "Find cameras" page against a fake gateway: the list by distance with owners' cards, the
owner typed by name, problems at their field, the map's JSON, and the tile origin in the CSP."""

from __future__ import annotations

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
from web.entrypoints.security import tile_origin

pytestmark = pytest.mark.unit

OWNER = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": str(uuid.uuid4()), "email": "i@metro.example"}
CAMERA = {
    "id": str(uuid.uuid4()),
    "org_id": OWNER,
    "name": "Harbor Mall P1",
    "kind": "ptz",
    "latitude": 45.5,
    "longitude": -73.5,
    "address": "1 Harbor St",
    "visibility": "registry",
    "status": "active",
    "has_thumbnail": True,
    "distance_m": 1234.5,
    "owner_name": "Harbor Mall",
    "owner_contact": {"name": "Desk", "email": "desk@harbor.example", "phone": ""},
    "device_id": None,
}


class Gateway:
    def __init__(self) -> None:
        self.asked: list[httpx.Request] = []
        self.orgs: list[dict[str, str]] = [{"id": OWNER, "name": "Harbor Mall"}]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(request)
        path = request.url.path.removeprefix("/api/v1")
        if path == "/auth/token":
            return httpx.Response(
                200, json={"access_token": "a", "refresh_token": "r", "expires_in": 900}
            )
        answers: dict[str, Any] = {
            "/users/me": USER | {"display_name": "I", "roles": ["investigator"]},
            "/orgs": {"items": self.orgs, "count": len(self.orgs)},
            "/cameras/search": {"items": [CAMERA], "count": 1, "next_cursor": None},
            "/cameras/map": {"cameras": [CAMERA], "cells": [], "count": 1},
        }
        if path == "/cameras/search" and request.url.params.get("radius_m") == "49999.0":
            body = {"type": "about:blank", "title": "Bad Request", "status": 400}
            return httpx.Response(400, json=body | {"detail": "radius_m is too large here"})
        return httpx.Response(200, json=answers[path])

    def params(self, path: str) -> list[httpx.QueryParams]:
        return [r.url.params for r in self.asked if r.url.path == f"/api/v1{path}"]


@pytest.fixture
def gateway() -> Gateway:
    return Gateway()


@pytest.fixture
def browser(gateway: Gateway) -> Iterator[TestClient]:
    client = GatewayClient("http://gateway.test", transport=httpx.MockTransport(gateway))
    settings = Settings(map_tile_url="https://{s}.tiles.agency.example/{z}/{x}/{y}.png")
    with TestClient(create_app(settings, client), follow_redirects=False) as browser:
        page = browser.get("/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        form = {"csrf_token": token.group(1), "email": USER["email"], "password": "x"}
        assert browser.post("/sign-in", data=form).status_code == 303
        yield browser


def test_the_list_shows_distance_kind_owner_and_contact(browser, gateway) -> None:
    query = {"latitude": "45.5", "longitude": "-73.5", "radius_m": "2000", "kind": "ptz"}
    page = browser.get("/cameras/find", params=query | {"owner": "harbor mall", "text": "P1"})
    assert page.status_code == 200
    for shown in ("Harbor Mall P1", "1.2 km", "Pan-tilt-zoom camera", "Harbor Mall", "Desk"):
        assert shown in page.text
    assert 'href="mailto:desk@harbor.example"' in page.text
    assert f'src="/cameras/find/thumbnails/{CAMERA["id"]}"' in page.text
    assert f'name="camera" value="{CAMERA["id"]}"' in page.text
    [searched] = gateway.params("/cameras/search")
    assert (searched["owner_org_id"], searched["kind"], searched["text"]) == (OWNER, "ptz", "P1")
    assert f'data-owner-org-id="{OWNER}"' in page.text


def test_the_page_opens_with_no_search(browser, gateway) -> None:
    page = browser.get("/cameras/find")
    assert page.status_code == 200 and "Choose a place" in page.text
    assert not gateway.params("/cameras/search")
    assert 'data-tile-url="https://{s}.tiles.agency.example/{z}/{x}/{y}.png"' in page.text


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"latitude": "91"}, "latitude", "Latitude must be a number from -90 to 90"),
        ({"radius_m": "lots"}, "radius_m", "Radius must be a number of metres"),
        ({"owner": "Nobody"}, "owner", "No organization has this name"),
        ({"radius_m": "49999"}, "radius_m", "Radius_m is too large here"),  # the API's words
    ],
)
def test_a_refused_search_names_the_field_and_keeps_what_was_typed(
    browser, gateway, typed, field, message
) -> None:
    if typed.get("owner") == "Nobody":
        gateway.orgs = []
    query = {"latitude": "45.5", "longitude": "-73.5", "radius_m": "500"} | typed
    page = browser.get("/cameras/find", params=query)
    assert page.status_code == 400
    assert message in page.text
    assert f'aria-describedby="{field}' in page.text or f"{field}-error" in page.text
    assert f'href="#{field}"' in page.text  # the error summary links to the field
    assert f'value="{next(iter(typed.values()))}"' in page.text


def test_the_map_gets_only_what_it_draws(browser, gateway) -> None:
    box = {"south": 45, "west": -74, "north": 46, "east": -73, "zoom": 9, "kind": "ptz"}
    answer = browser.get("/cameras/find/map", params=box)
    assert answer.status_code == 200
    assert answer.json() == {
        "cameras": [
            {
                "id": CAMERA["id"],
                "name": "Harbor Mall P1",
                "kind": "Pan-tilt-zoom camera",
                "lat": 45.5,
                "lon": -73.5,
                "owner": "Harbor Mall",
            }
        ],
        "cells": [],
        "count": 1,
    }
    [asked] = gateway.params("/cameras/map")
    assert (asked["zoom"], asked["kind"]) == ("9", "ptz")
    assert browser.get("/cameras/find/map", params=box | {"zoom": 40}).status_code == 404
    assert len(gateway.params("/cameras/map")) == 1  # a bad box never reaches the gateway


def test_the_csp_allows_the_tile_server_and_nothing_more(browser) -> None:
    policy = browser.get("/cameras/find").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.agency.example;" in policy
    assert policy.count("agency.example") == 1 and "default-src 'self'" in policy


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example:8443/{z}/{x}/{y}.png", "https://*.tile.example:8443"),
        ("/tiles/{z}/{x}/{y}.png", ""),  # this site's own: 'self' has it
    ],
)
def test_tile_origin(url: str, origin: str) -> None:
    assert tile_origin(url) == origin
