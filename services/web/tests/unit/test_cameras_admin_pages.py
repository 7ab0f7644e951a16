"""The owner admin's camera pages against a fake gateway: the list as a table and as a map,
a refused camera shown again as typed with the API's words at the field, a saved one with its
picture, moves into a group, renaming a group, and retiring after the confirmation."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.unit

ORG, GROUP = str(uuid.uuid4()), str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "sam@harbor.example",
        "display_name": "Sam", "roles": ["org_admin"]}  # fmt: skip
PIER = {"id": str(uuid.uuid4()), "org_id": ORG, "name": "Pier <b>", "kind": "fixed",
        "latitude": 45.5, "longitude": -73.5, "heading": 90.0, "field_of_view": 60.0,
        "visibility": "registry", "status": "active", "has_thumbnail": True,
        "updated_at": "2026-12-07T10:00:00Z", "group_id": GROUP}  # fmt: skip
HARBOR = {"id": GROUP, "name": "Harbor", "approver_user_ids": [USER["id"]], "camera_count": 1}


class FakeGateway:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path.removeprefix("/api/v1"))
        answers: dict[tuple[str, str], Any] = {
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", "/cameras"): {"items": [PIER], "count": 1, "total": 1},
            ("GET", "/camera-groups"): {"items": [HARBOR], "count": 1},
            ("GET", "/devices"): [],
            ("GET", f"/cameras/{PIER['id']}"): PIER,
        }
        if route in answers:
            return httpx.Response(200, json=answers[route])
        body = request.content if "multipart" in request.headers.get("content-type", "") else None
        self.sent.append((*route, body or json.loads(request.content or b"null")))
        if route == ("POST", "/cameras") and self.sent[-1][2]["latitude"] > 90:
            error = {"loc": ["body", "latitude"], "msg": "Input should be less than or equal to 90"}
            return httpx.Response(422, json={"status": 422, "errors": [error]})
        return httpx.Response(200, json=PIER)


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway, signed_in: Callable[..., Any]) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


def test_the_list_shows_the_cameras_as_a_table_and_as_a_map(browser: TestClient) -> None:
    table = browser.get("/admin/cameras")
    assert table.status_code == 200
    assert "Pier &lt;b&gt;" in table.text and "Harbor</td>" in table.text
    assert f"/cameras/find/thumbnails/{PIER['id']}?v=" in table.text
    assert 'href="/admin/cameras/import"' in table.text and "1 camera." in table.text
    on_map = browser.get("/admin/cameras?view=map")
    assert 'data-heading="90.0"' in on_map.text and "/static/js/cameras-map.js" in on_map.text


def test_a_refused_camera_comes_back_as_typed_with_the_apis_words(
    browser: TestClient, csrf_of: Callable[[Any], str]
) -> None:
    form = browser.get("/admin/cameras/new")
    typed = {"csrf_token": csrf_of(form), "name": "Dock", "kind": "fixed", "latitude": "123",
             "longitude": "-73.5", "heading": "45", "visibility": "registry"}  # fmt: skip
    refused = browser.post("/admin/cameras/new", data=typed)
    assert refused.status_code == 400
    assert 'id="latitude-error">Input should be less than or equal to 90' in refused.text
    assert 'value="123"' in refused.text and 'value="Dock"' in refused.text


def test_a_saved_camera_sends_its_picture(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    form = browser.get(f"/admin/cameras/{PIER['id']}/edit")
    assert 'value="45.5"' in form.text and "Retire this camera" in form.text
    typed = {"csrf_token": csrf_of(form), "name": "Pier", "kind": "fixed", "latitude": "45.5",
             "longitude": "-73.5", "visibility": "registry", "group_id": GROUP}  # fmt: skip
    picture = {"thumbnail": ("view.png", b"\x89PNG fake", "image/png")}
    saved = browser.post(f"/admin/cameras/{PIER['id']}/edit", data=typed, files=picture)
    assert saved.status_code == 303 and saved.headers["location"].endswith("/edit?saved=1")
    assert [(m, p) for m, p, _ in fake.sent] == [
        ("PUT", f"/cameras/{PIER['id']}"),
        ("PUT", f"/cameras/{PIER['id']}/thumbnail"),
    ]
    assert fake.sent[0][2]["group_id"] == GROUP and b"PNG fake" in fake.sent[1][2]


def test_moves_renames_and_retirement(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    token = csrf_of(browser.get("/admin/cameras"))
    back = "/admin/cameras?text=pier"
    move = {"csrf_token": token, "camera": [PIER["id"]], "group": GROUP, "back": back}
    moved = browser.post("/admin/cameras/group", data=move)
    assert moved.headers["location"] == f"{back}&moved=1&into={GROUP}"
    assert "Moved 1 camera into Harbor" in browser.get(moved.headers["location"]).text
    browser.post("/admin/camera-groups/" + GROUP, data={"csrf_token": token, "name": "Quay"})
    confirm = browser.get(f"/admin/cameras/{PIER['id']}/retire")
    assert "Retire camera" in confirm.text
    retired = browser.post(f"/admin/cameras/{PIER['id']}/retire", data={"csrf_token": token})
    assert retired.headers["location"] == f"/admin/cameras?retired={PIER['id']}"
    assert [(m, p, b) for m, p, b in fake.sent] == [
        ("POST", f"/camera-groups/{GROUP}/cameras", {"camera_ids": [PIER["id"]]}),
        ("PUT", f"/camera-groups/{GROUP}", {"name": "Quay", "approver_user_ids": [USER["id"]]}),
        ("POST", f"/cameras/{PIER['id']}/retire", None),
    ]
