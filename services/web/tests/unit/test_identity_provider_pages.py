"""Sign in with your agency and the identity provider page against a fake gateway: the
provider's state must be the one this browser was given (a forged one never reaches the
gateway), the browser is moved to the provider by a page (not a redirect after a form), and the
settings form's mapping lines and errors (decision 0037)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.config import Settings
from web.domain.identity_provider import ProviderForm, field_error
from web.entrypoints.http_app import create_app

from .conftest import csrf_of

pytestmark = pytest.mark.unit

AUTHORIZE = "https://idp.example.gov/authorize?state=s1"
TOKENS = {"access_token": "a", "token_type": "bearer", "expires_in": 900, "refresh_token": "r"}
ME = {
    "id": "00000000-0000-0000-0000-000000000001",
    "org_id": "00000000-0000-0000-0000-000000000002",
    "email": "dana@pd.example.gov",
    "display_name": "Dana",
    "roles": ["investigator"],
}


def gateway(calls: list[tuple[str, Any]]) -> GatewayClient:
    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        calls.append((request.url.path, body))
        if request.url.path.endswith("/auth/oidc/start"):
            return httpx.Response(200, json={"authorization_url": AUTHORIZE, "state": "s1"})
        if request.url.path.endswith("/auth/oidc/callback"):
            return httpx.Response(200, json=TOKENS)
        if request.url.path.endswith("/users/me"):
            return httpx.Response(200, json=ME)
        return httpx.Response(404, json={"status": 404, "title": "Not Found"})

    return GatewayClient("http://gateway.test", transport=httpx.MockTransport(handle))


def started(client: TestClient) -> httpx.Response:
    page = client.get("/sign-in")
    form = {"csrf_token": csrf_of(page), "agency_email": "dana@pd.example.gov", "next": "/"}
    return client.post("/sign-in/agency", data=form)


def test_the_browser_goes_to_the_provider_and_back_with_its_state() -> None:
    calls: list[tuple[str, Any]] = []
    with TestClient(create_app(Settings(), gateway(calls)), follow_redirects=False) as client:
        moving = started(client)
        assert moving.status_code == 200
        assert f'content="0;url={AUTHORIZE}"' in moving.text.replace("&amp;", "&")
        back = client.get("/sign-in/agency/callback", params={"state": "s1", "code": "c1"})
        assert back.status_code == 303 and back.headers["location"] == "/"
    assert ("/api/v1/auth/oidc/callback", {"state": "s1", "code": "c1"}) in calls


def test_a_forged_state_never_reaches_the_gateway() -> None:
    calls: list[tuple[str, Any]] = []
    with TestClient(create_app(Settings(), gateway(calls)), follow_redirects=False) as client:
        started(client)
        forged = client.get("/sign-in/agency/callback", params={"state": "other", "code": "c1"})
        assert forged.status_code == 400 and "not started in this browser" in forged.text
        # The pending sign-in is spent: the right state afterwards is refused too.
        late = client.get("/sign-in/agency/callback", params={"state": "s1", "code": "c1"})
        assert late.status_code == 400
    assert not [path for path, _ in calls if path.endswith("/callback")]


def test_an_empty_work_email_is_refused_at_its_field() -> None:
    with TestClient(create_app(Settings(), gateway([])), follow_redirects=False) as client:
        page = client.get("/sign-in")
        refused = client.post("/sign-in/agency", data={"csrf_token": csrf_of(page)})
        assert refused.status_code == 400 and 'id="agency_email-error"' in refused.text


def test_the_settings_form_reads_one_mapping_per_line() -> None:
    form = ProviderForm(
        issuer="https://idp.example.gov", client_id="c", client_secret="s",
        role_mapping="detectives = investigator\n\nchiefs = org_admin, approver",
        email_domains="pd.example.gov, sheriff.example.gov",
    )  # fmt: skip
    assert form.problems() == {}
    assert form.body()["role_mapping"] == {
        "detectives": ["investigator"],
        "chiefs": ["org_admin", "approver"],
    }
    assert form.body()["email_domains"] == ["pd.example.gov", "sheriff.example.gov"]
    bad = ProviderForm(issuer="idp", role_mapping="chiefs = superadmin\nnonsense")
    problems = bad.problems()
    wanted = ["issuer", "client_id", "client_secret", "role_mapping", "email_domains"]
    assert list(problems) == wanted
    assert "line 1, line 2" in problems["role_mapping"]


def test_a_refusal_lands_at_its_field() -> None:
    assert field_error("issuer: 10.0.0.5 resolves to a private address") == (
        "issuer",
        "10.0.0.5 resolves to a private address",
    )
    assert field_error("email_domains: another organization signs in a.gov")[0] == "email_domains"
    assert field_error("something else") == ("issuer", "something else")
