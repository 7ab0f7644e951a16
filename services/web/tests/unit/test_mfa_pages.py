"""Two-factor pages against a fake gateway: the code step after the password (its token kept
in the session, never in the page), a wrong code said at the field with what was typed, an
expired sign-in back at the password, and an organization's requirement sending a person to
enrolment from any page."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.config import Settings
from web.domain.mfa import CodeForm
from web.entrypoints.http_app import create_app

pytestmark = pytest.mark.unit

MFA_TOKEN = "challenge-token-never-shown"
USER = {"id": str(uuid.uuid4()), "email": "ada@metro.example", "display_name": "Ada", "roles": []}
PROBLEM = "urn:custody:problem:"


def _problem(status: int, code: str, detail: str, **extra: str) -> httpx.Response:
    body = {"type": PROBLEM + code, "title": code, "status": status, "detail": detail, **extra}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


def gateway(request: httpx.Request) -> httpx.Response:
    path = request.url.path.removeprefix("/api/v1")
    if path == "/auth/token":
        return _problem(401, "mfa_required", "enter the code", mfa_token=MFA_TOKEN)
    if path == "/auth/token/mfa":
        body = json.loads(request.content)
        if body["mfa_token"] != MFA_TOKEN:
            return _problem(401, "unauthenticated", "sign-in expired: enter your email again")
        if body.get("code") != "123456":
            return _problem(400, "invalid_argument", "the code is not right")
        tokens = {"access_token": "a", "refresh_token": "r", "expires_in": 900}
        return httpx.Response(200, json=tokens)
    if path == "/users/me":
        return httpx.Response(200, json=USER)
    return _problem(403, "mfa_enrolment_required", "set up two-factor authentication")


@pytest.fixture
def browser() -> Iterator[TestClient]:
    client = GatewayClient("http://gateway", transport=httpx.MockTransport(gateway))
    with TestClient(create_app(Settings(), client), follow_redirects=False) as test_client:
        yield test_client


def _csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def _password(browser: TestClient) -> str:
    page = browser.get("/sign-in?next=/requests")
    form = {"csrf_token": _csrf(page), "email": USER["email"], "password": "p", "next": "/requests"}
    answer = browser.post("/sign-in", data=form)
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in/code"
    return _csrf(page)


def test_the_code_page_asks_for_a_one_time_code_and_keeps_the_token_server_side(
    browser: TestClient,
) -> None:
    csrf = _password(browser)
    page = browser.get("/sign-in/code")
    assert 'autocomplete="one-time-code"' in page.text and 'inputmode="numeric"' in page.text
    assert MFA_TOKEN not in page.text
    wrong = browser.post("/sign-in/code", data={"csrf_token": csrf, "code": "654321"})
    assert wrong.status_code == 400
    assert 'id="code-error"' in wrong.text and "The code is not right" in wrong.text
    assert 'value="654321"' in wrong.text
    right = browser.post("/sign-in/code", data={"csrf_token": csrf, "code": "123 456"})
    assert right.status_code == 303 and right.headers["location"] == "/requests"


def test_a_code_page_without_a_pending_sign_in_goes_back_to_the_password(
    browser: TestClient,
) -> None:
    answer = browser.get("/sign-in/code")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in"


def test_a_page_refused_for_lack_of_a_second_factor_goes_to_enrolment(
    browser: TestClient,
) -> None:
    csrf = _password(browser)
    browser.post("/sign-in/code", data={"csrf_token": csrf, "code": "123456"})
    answer = browser.get("/requests")
    assert answer.status_code == 303 and answer.headers["location"] == "/account/security"
    swapped = browser.get("/requests", headers={"hx-request": "true"})
    assert swapped.headers["hx-redirect"] == "/account/security"


@pytest.mark.parametrize(
    ("typed", "recovery", "problem"),
    [
        ("", False, "Enter the 6-digit code"),
        ("12345", False, "The code is 6 digits"),
        ("12345a", False, "The code is 6 digits"),
        ("123 456", False, None),
        ("", True, "Enter one of your recovery codes"),
        ("short", True, "Recovery codes are 10 letters"),
        ("k7m2p-x9qra", True, None),
    ],
)
def test_what_a_code_form_says_before_asking(
    typed: str, recovery: bool, problem: str | None
) -> None:
    found = CodeForm(typed, recovery).problems()
    assert (next(iter(found.values()), None) or "").startswith(problem or "") and (
        bool(found) == bool(problem)
    )
