"""The request form builder's pages against a fake gateway: a field added to the draft the
session keeps, the preview drawn by the compose page's templates, a refused pattern shown at
its field with what was typed kept, publishing, and the history naming who published."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
USER = {
    "id": str(uuid.uuid4()),
    "org_id": ORG,
    "email": "sam@harbor.example",
    "display_name": "Sam Okafor",
    "roles": ["org_admin"],
}
VERSION_1 = {
    "id": str(uuid.uuid4()),
    "org_id": ORG,
    "version": 1,
    "title": "Harbor questions",
    "fields": [
        {"key": "badge", "label": "Badge number", "type": "text", "required": True,
         "help_text": "", "pattern": "", "min": None, "max": None, "options": []},
    ],
    "published_at": "2026-12-01T09:00:00Z",
    "published_by": USER["id"],
}  # fmt: skip


class FakeGateway:
    def __init__(self) -> None:
        self.versions = [VERSION_1]
        self.published: list[Any] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path)
        if route == ("POST", "/api/v1/auth/token"):
            tokens = {"access_token": "a", "refresh_token": "r", "expires_in": 900}
            return httpx.Response(200, json=tokens)
        if route == ("GET", "/api/v1/users/me"):
            return httpx.Response(200, json=USER)
        if route == ("GET", f"/api/v1/orgs/{ORG}/users"):
            return httpx.Response(200, json={"items": [USER], "count": 1})
        if route == ("GET", "/api/v1/request-forms"):
            return httpx.Response(200, json={"items": self.versions, "count": 1})
        if route == ("POST", "/api/v1/request-forms"):
            return self._publish(json.loads(request.content))
        return httpx.Response(404, json={"status": 404, "title": "Not Found"})

    def _publish(self, body: Any) -> httpx.Response:
        for f in body["fields"]:
            if "(?=" in f.get("pattern", ""):
                detail = f"field '{f['key']}': pattern is not a valid regular expression for RE2"
                return httpx.Response(400, json={"status": 400, "detail": detail})
        self.published.append(body)
        version = {**VERSION_1, **body, "version": 2, "id": str(uuid.uuid4())}
        self.versions = [version, *self.versions]
        return httpx.Response(201, json=version)


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway, signed_in: Callable[..., Any]) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


def _post(browser: TestClient, path: str, items: list[tuple[str, str]]) -> Any:
    """A form post with repeated names (each field's hidden `field`), as a browser sends it."""
    data: dict[str, list[str]] = {}
    for name, value in items:
        data.setdefault(name, []).append(value)
    return browser.post(path, data=data)


def _draft_of(page: Any) -> list[tuple[str, str]]:
    """The editor's inputs as the browser would post them (text inputs, hidden, textareas)."""
    inputs = re.findall(r'<input [^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page.text)
    texts = re.findall(r'<textarea [^>]*?name="([^"]+)"[^>]*>([^<]*)</textarea>', page.text)
    return [(n, v) for n, v in inputs + texts if not n.endswith("-required")]


def test_an_admin_adds_a_field_previews_and_publishes(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    editor = browser.get("/admin/request-form")
    assert editor.status_code == 200 and "In force: <strong>version 1</strong>" in editor.text
    assert "by Sam Okafor" in editor.text and 'value="Badge number"' in editor.text
    added = _post(
        browser,
        "/admin/request-form",
        [*_draft_of(editor), ("action", "add"), ("new_type", "text")],
    )
    assert added.status_code == 303 and added.headers["location"].startswith("/admin/request-form#")
    editor = browser.get("/admin/request-form")
    new = re.findall(r'name="(field-[a-z0-9]+)-label" [^>]*value=""', editor.text)
    assert len(new) == 1
    draft = [(n, "Licence plate" if n == f"{new[0]}-label" else v) for n, v in _draft_of(editor)]
    refused = _post(
        browser,
        "/admin/request-form",
        [*draft, (f"{new[0]}-pattern", "^(?=A)"), ("action", "publish")],
    )
    assert refused.status_code == 400
    assert f'id="{new[0]}-pattern-error">Pattern is not a valid' in refused.text
    assert 'value="^(?=A)"' in refused.text and fake.published == []

    previewed = _post(browser, "/admin/request-form", [*draft, ("action", "preview")])
    assert previewed.headers["location"] == "/admin/request-form/preview"
    preview = browser.get("/admin/request-form/preview")
    assert "version 2 of its form" in preview.text and "Licence plate (optional)" in preview.text
    done = browser.post("/admin/request-form/publish", data={"csrf_token": csrf_of(preview)})
    assert done.status_code == 303 and done.headers["location"] == "/admin/request-form?published=2"
    assert [f["key"] for f in fake.published[0]["fields"]] == ["badge", "licence_plate"]
    history = browser.get("/admin/request-form/versions")
    assert history.text.count('data-label="By">Sam Okafor') == 2 and "Version 2" in history.text


def test_a_draft_without_a_label_is_refused_before_the_api_is_asked(
    browser: TestClient, fake: FakeGateway
) -> None:
    editor = browser.get("/admin/request-form")
    draft = [(n, "" if n.endswith("-label") else v) for n, v in _draft_of(editor)]
    refused = _post(browser, "/admin/request-form", [*draft, ("action", "preview")])
    assert refused.status_code == 400 and "Enter the question the requester answers" in refused.text
    assert fake.published == []
