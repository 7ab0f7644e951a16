"""The web app against a fake gateway (httpx.MockTransport): sign in, CSRF, redirects back to
the page asked for, token refresh, error pages and the security headers on every answer."""

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

pytestmark = pytest.mark.unit

REQUEST_ID = uuid.uuid4()
USER = {
    "id": str(uuid.uuid4()),
    "org_id": str(uuid.uuid4()),
    "email": "ada@metro.example",
    "display_name": "Ada",
    "roles": [],
}
VIDEO_REQUEST = {
    "id": str(REQUEST_ID),
    "incident_number": "MPD-1",
    "description": "Hit and run",
    "incident": {"number": "MPD-1", "type": "", "description": "Hit and run"},
    "status": "open",
    "line_items": [
        {
            "id": str(uuid.uuid4()),
            "camera_id": str(uuid.uuid4()),
            "camera_name": "Loading dock",
            "status": "pending_review",
        }
    ],
}


class FakeGateway:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.request_ids: list[str | None] = []
        self.forwarded_for: list[str | None] = []
        self.expires_in = 900
        self.issued = 0
        self.end_session_url: str | None = None  # a session opened through an agency's provider

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(f"{request.method} {request.url.path}")
        self.request_ids.append(request.headers.get("x-request-id"))
        self.forwarded_for.append(request.headers.get("x-forwarded-for"))
        route = ROUTES.get((request.method, request.url.path))
        if route is None:
            return _problem(404, "Not Found", "no such thing")
        return route(self, request)

    def token(self, request: httpx.Request) -> httpx.Response:
        if b"password=right" not in request.content:
            return _problem(401, "Unauthorized", "incorrect email or password")
        return self._tokens()

    def refresh(self, request: httpx.Request) -> httpx.Response:
        return self._tokens()

    def _tokens(self) -> httpx.Response:
        self.issued += 1
        body = {
            "access_token": f"access-{self.issued}",
            "refresh_token": f"refresh-{self.issued}",
            "expires_in": self.expires_in,
        }
        return httpx.Response(200, json=body)

    def authorized(self, request: httpx.Request, body: Any) -> httpx.Response:
        if not request.headers.get("authorization", "").startswith("Bearer access-"):
            return _problem(401, "Unauthorized", "not authenticated")
        return httpx.Response(200, json=body) if body is not None else httpx.Response(204)


ROUTES: dict[tuple[str, str], Any] = {
    ("POST", "/api/v1/auth/token"): FakeGateway.token,
    ("POST", "/api/v1/auth/refresh"): FakeGateway.refresh,
    ("POST", "/api/v1/auth/logout"): lambda g, r: g.authorized(
        r, {"end_session_url": g.end_session_url}
    ),
    ("GET", "/api/v1/users/me"): lambda g, r: g.authorized(r, USER),
    ("GET", "/api/v1/requests"): lambda g, r: g.authorized(
        r, {"items": [VIDEO_REQUEST], "count": 1, "total": 1}
    ),
    ("GET", "/api/v1/requests/counts"): lambda g, r: g.authorized(
        r, {"by_status": {"open": 1}, "total": 1}
    ),
    ("GET", "/api/v1/requests/review-queue"): lambda g, r: g.authorized(
        r, {"items": [], "count": 0, "total": 0}
    ),
    ("GET", "/api/v1/notifications/unread-count"): lambda g, r: g.authorized(r, {"unread": 3}),
    ("GET", f"/api/v1/requests/{REQUEST_ID}"): lambda g, r: g.authorized(r, VIDEO_REQUEST),
    ("GET", f"/api/v1/requests/{REQUEST_ID}/messages"): lambda g, r: g.authorized(
        r, {"items": [], "count": 0}
    ),
}


def _problem(status: int, title: str, detail: str) -> httpx.Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway) -> Iterator[TestClient]:
    gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(fake))
    with TestClient(create_app(Settings(), gateway), follow_redirects=False) as client:
        yield client


def _csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def _sign_in(browser: TestClient, password: str = "right", next_path: str = "/") -> httpx.Response:
    page = browser.get("/sign-in", params={"next": next_path})
    form = {"csrf_token": _csrf(page), "email": USER["email"], "password": password}
    return browser.post("/sign-in", data=form | {"next": next_path})


def test_a_page_asks_to_sign_in_and_comes_back(browser: TestClient) -> None:
    path = f"/requests/{REQUEST_ID}"
    first = browser.get(path)
    assert first.status_code == 303
    assert first.headers["location"] == f"/sign-in?next=%2Frequests%2F{REQUEST_ID}"
    signed = _sign_in(browser, next_path=path)
    assert signed.status_code == 303 and signed.headers["location"] == path
    page = browser.get(path)
    assert page.status_code == 200 and "Loading dock" in page.text and "Pending review" in page.text


def test_the_cookie_is_an_opaque_http_only_session_id(browser: TestClient) -> None:
    signed = _sign_in(browser)
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "access-" not in cookie


def test_a_session_id_changes_on_sign_in(browser: TestClient) -> None:
    browser.get("/sign-in")
    before = browser.cookies["custody_session"]
    _sign_in(browser)
    assert browser.cookies["custody_session"] != before


def test_a_wrong_password_shows_the_problem_and_keeps_the_email(browser: TestClient) -> None:
    refused = _sign_in(browser, password="wrong")
    assert refused.status_code == 401
    assert "Incorrect email or password" in refused.text
    assert f'value="{USER["email"]}"' in refused.text
    assert 'aria-describedby="email-error"' in refused.text


def test_empty_fields_are_named_without_asking_the_gateway(
    browser: TestClient, fake: FakeGateway
) -> None:
    page = browser.get("/sign-in")
    answer = browser.post("/sign-in", data={"csrf_token": _csrf(page), "email": "", "password": ""})
    assert answer.status_code == 400
    assert "Enter your email address" in answer.text and "Enter your password" in answer.text
    assert "POST /api/v1/auth/token" not in fake.calls


@pytest.mark.parametrize("field", ["email", "password"])
def test_a_hidden_character_is_named_at_its_field_without_asking_the_gateway(
    browser: TestClient, fake: FakeGateway, field: str
) -> None:
    page = browser.get("/sign-in")
    form = {"csrf_token": _csrf(page), "email": USER["email"], "password": "right"}
    answer = browser.post("/sign-in", data=form | {field: "right\x00"})
    assert answer.status_code == 400
    assert f'aria-describedby="{field}-error"' in answer.text
    assert "contains a hidden character: type it again" in answer.text
    assert "POST /api/v1/auth/token" not in fake.calls


def test_a_post_without_the_csrf_token_is_refused(browser: TestClient, fake: FakeGateway) -> None:
    browser.get("/sign-in")
    answer = browser.post("/sign-in", data={"email": USER["email"], "password": "right"})
    assert answer.status_code == 403
    assert "POST /api/v1/auth/token" not in fake.calls


def test_an_expired_access_token_is_refreshed(browser: TestClient, fake: FakeGateway) -> None:
    fake.expires_in = 1  # inside the refresh margin: every use refreshes first
    _sign_in(browser)
    assert browser.get("/requests").status_code == 200
    assert "POST /api/v1/auth/refresh" in fake.calls


def test_a_pages_calls_refresh_an_expired_token_once(
    browser: TestClient, fake: FakeGateway
) -> None:
    fake.expires_in = 1  # the sign-in's token is expired at once, the refreshed one is not
    _sign_in(browser)
    fake.expires_in = 900
    page = browser.get(f"/requests/{REQUEST_ID}")  # several calls, the first three at once
    assert page.status_code == 200
    assert fake.calls.count("POST /api/v1/auth/refresh") == 1  # a rotated token is used once


def test_sign_out_ends_the_gateway_session(browser: TestClient, fake: FakeGateway) -> None:
    home = _sign_in(browser) and browser.get("/")
    answer = browser.post("/sign-out", data={"csrf_token": _csrf(home)})
    assert answer.status_code == 303
    assert "POST /api/v1/auth/logout" in fake.calls
    assert browser.get("/").status_code == 303


def test_an_agency_sign_in_is_signed_out_at_the_agency_too(
    browser: TestClient, fake: FakeGateway
) -> None:
    fake.end_session_url = "https://idp.example/logout?client_id=custody&x=1"
    home = _sign_in(browser) and browser.get("/")
    answer = browser.post("/sign-out", data={"csrf_token": _csrf(home)})
    assert answer.status_code == 200 and "Signing out of your agency" in answer.text
    escaped = "https://idp.example/logout?client_id=custody&amp;x=1"
    assert f'content="0;url={escaped}"' in answer.text and f'href="{escaped}"' in answer.text
    assert "custody_session=" in answer.headers["set-cookie"]
    assert "Max-Age=0" in answer.headers["set-cookie"]  # the browser forgets its session
    assert browser.get("/").status_code == 303  # signed out of Custody already


def test_the_idle_limit_ends_only_custodys_session(browser: TestClient, fake: FakeGateway) -> None:
    fake.end_session_url = "https://idp.example/logout"
    home = _sign_in(browser) and browser.get("/")
    form = {"csrf_token": _csrf(home), "reason": "idle", "next": "/requests"}
    answer = browser.post("/sign-out", data=form)
    assert answer.status_code == 303 and "timed_out=1" in answer.headers["location"]


def test_unknown_pages_and_malformed_ids_are_not_found(browser: TestClient) -> None:
    _sign_in(browser)
    assert browser.get("/nowhere").status_code == 404
    assert browser.get("/requests/not-an-id").status_code == 404
    missing = browser.get(f"/requests/{uuid.uuid4()}")
    assert missing.status_code == 404 and "Page not found" in missing.text


def test_the_favicon_is_the_app_icon(browser: TestClient) -> None:
    moved = browser.get("/favicon.ico")
    assert moved.status_code == 301
    icon = browser.get(moved.headers["location"])
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/png"
    assert 'rel="icon"' in browser.get("/sign-in").text


def test_every_answer_carries_a_strict_policy(browser: TestClient) -> None:
    for path in ("/sign-in", "/nowhere", "/static/css/web.css", "/healthz"):
        headers = browser.get(path).headers
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-request-id"]


def test_the_request_id_goes_on_to_the_gateway(browser: TestClient, fake: FakeGateway) -> None:
    _sign_in(browser)
    browser.get("/requests", headers={"X-Request-ID": "page-42"})
    assert fake.request_ids[-1] == "page-42"


def test_sign_in_tells_the_gateway_the_browsers_address(
    browser: TestClient, fake: FakeGateway
) -> None:
    """The gateway limits sign-in attempts per address: it must see the browser's, not ours."""
    _sign_in(browser, password="wrong")
    sign_in = fake.calls.index("POST /api/v1/auth/token")
    assert fake.forwarded_for[sign_in] == "testclient"  # TestClient's peer address


def test_stay_signed_in_touches_the_gateway_session(browser: TestClient, fake: FakeGateway) -> None:
    home = _sign_in(browser) and browser.get("/")
    assert 'name="session-idle-seconds" content="1800"' in home.text
    token = _csrf(home)
    calls_before = len(fake.calls)
    kept = browser.post("/session/keep-alive", headers={"x-csrf-token": token})
    assert kept.status_code == 204
    assert fake.calls[calls_before:] == ["GET /api/v1/users/me"]


def test_stay_signed_in_needs_the_csrf_token_and_a_session(browser: TestClient) -> None:
    home = _sign_in(browser) and browser.get("/")
    assert browser.post("/session/keep-alive").status_code == 403
    browser.post("/sign-out", data={"csrf_token": _csrf(home)})
    page = browser.get("/sign-in")
    ended = browser.post("/session/keep-alive", headers={"x-csrf-token": _csrf(page)})
    assert ended.status_code == 401


def test_home_counts_only_what_the_persons_roles_act_on(
    browser: TestClient, fake: FakeGateway
) -> None:
    _sign_in(browser)
    counts = browser.get("/home/counts")
    assert counts.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", counts.text).split())  # as a screen reader reads
    assert "Open requests: 1" in text and "Unread notifications: 3" in text
    assert "Reviews waiting" not in text and "Pending transfers" not in text
    assert "GET /api/v1/devices" not in fake.calls  # no role of this user operates devices
