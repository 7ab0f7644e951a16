"""The case pages against a fake gateway: the list with its filters passed on, a refused case
shown again as typed with the API's words at the field, the case page with its evidence grid,
archiving only after the confirmation, and the poster relayed with the session's token."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator"]}  # fmt: skip
CASE = {"id": str(uuid.uuid4()), "org_id": ORG, "number": "2026-000007", "title": "Dock <b>",
        "status": "closed", "assignees": [USER["id"]], "tags": ["robbery"], "legal_hold": True,
        "custom_fields": {"Court date": "2027-02-01"}, "permission": "owner"}  # fmt: skip
ITEM = {"id": str(uuid.uuid4()), "filename": "lobby.mp4", "content_type": "video/mp4",
        "size": 2_500_000, "sha256": "c0ffee" * 10 + "abcd", "source": "upload",
        "media": {"duration_seconds": 20.0}, "has_thumbnail": True}  # fmt: skip


class FakeGateway:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.queries: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path.removeprefix("/api/v1"))
        answers: dict[tuple[str, str], Any] = {
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", f"/orgs/{ORG}/users"): {"items": [USER], "count": 1},
            ("GET", "/cases"): {"items": [CASE], "count": 1},
            ("GET", f"/cases/{CASE['id']}"): CASE,
            ("GET", f"/cases/{CASE['id']}/evidence"): {"items": [ITEM], "count": 1, "total": 1},
            ("GET", "/retention-policies"): {"items": [{"category": "homicide", "days": 9}]},
        }
        if route == ("GET", f"/evidence/{ITEM['id']}/thumbnail"):
            assert request.headers["authorization"] == "Bearer a"
            return httpx.Response(
                200, content=b"\xff\xd8jpeg", headers={"content-type": "image/jpeg"}
            )
        if route in answers:
            self.queries.append(request.url.query.decode())
            return httpx.Response(200, json=answers[route])
        self.sent.append((*route, json.loads(request.content or b"null")))
        if route == ("POST", "/cases") and not self.sent[-1][2]["title"]:
            error = {"loc": ["body", "title"], "msg": "String should have at least 1 character"}
            return httpx.Response(422, json={"status": 422, "errors": [error]})
        return httpx.Response(200, json=CASE)


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway, signed_in: Callable[..., Any]) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


def test_the_list_passes_its_filters_on_and_htmx_gets_the_results_only(
    browser: TestClient, fake: FakeGateway
) -> None:
    page = browser.get(f"/cases?q=dock&assignee={USER['id']}")
    assert page.status_code == 200 and "Dock &lt;b&gt;" in page.text
    assert "q=dock" in fake.queries[-1] and f"assignee={USER['id']}" in fake.queries[-1]
    assert f'<option value="{USER["id"]}" selected>Ana Ruiz</option>' in page.text
    part = browser.get("/cases?q=dock", headers={"HX-Request": "true"})
    assert part.text.lstrip().startswith('<div id="case-results"') and "Ana Ruiz" in part.text


def test_a_refused_case_is_shown_again_as_typed_with_the_apis_words(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    form = browser.get("/cases/new")
    posted = {"csrf_token": csrf_of(form), "title": "", "tags": "robbery, dock",
              "assignee": USER["id"], "custom_fields": "Court date: 2027-02-01"}  # fmt: skip
    refused = browser.post("/cases/new", data=posted)
    assert refused.status_code == 400
    assert "Title: string should have at least 1 character" in refused.text
    assert 'value="robbery, dock"' in refused.text and "checked" in refused.text
    created = browser.post("/cases/new", data=posted | {"title": "Dock"})
    assert created.status_code == 303 and created.headers["location"] == f"/cases/{CASE['id']}"
    assert fake.sent[-1][2]["custom_fields"] == {"Court date": "2027-02-01"}


def test_the_case_page_shows_its_summary_and_evidence_grid(browser: TestClient) -> None:
    page = browser.get(f"/cases/{CASE['id']}")
    assert page.status_code == 200 and "Dock &lt;b&gt;" in page.text
    assert "Ana Ruiz" in page.text and "Legal hold" in page.text and "Court date" in page.text
    assert f"/cases/{CASE['id']}/evidence/{ITEM['id']}/thumbnail" in page.text
    assert "0:20" in page.text and "2.5 MB" in page.text and ITEM["sha256"] in page.text
    assert "Reopen case" in page.text and "Release legal hold" in page.text


def test_archiving_asks_first_and_the_poster_is_relayed(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    csrf = csrf_of(browser.get(f"/cases/{CASE['id']}"))
    path = f"/cases/{CASE['id']}/status"
    asked = browser.post(path, data={"csrf_token": csrf, "status": "archived", "reason": "done"})
    assert asked.status_code == 200 and "cannot be reopened" in asked.text and not fake.sent
    done = browser.post(
        path, data={"csrf_token": csrf, "status": "archived", "reason": "done", "confirmed": "yes"}
    )
    assert done.status_code == 303
    assert fake.sent == [("POST", path, {"status": "archived", "reason": "done"})]
    poster = browser.get(f"/cases/{CASE['id']}/evidence/{ITEM['id']}/thumbnail")
    assert poster.content == b"\xff\xd8jpeg" and poster.headers["content-type"] == "image/jpeg"
