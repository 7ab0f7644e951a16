"""Signing in through an organization's own OpenID Connect provider, against a real provider
on loopback (oidc-provider-mock) and the real Postgres: settings kept by its org admins only,
the issuer checked before any connection, accounts made on first sign-in with mapped roles,
the state good once, and password sign-in switched off (decision 0037)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from .conftest import OIDC_WEB as WEB
from .conftest import PASSWORD, People, bearer

pytestmark = pytest.mark.integration

START = "/api/v1/auth/oidc/start"
CALLBACK = "/api/v1/auth/oidc/callback"


def settings_for(issuer: str, domain: str, **changes: Any) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "client_id": "custody",
        "client_secret": "provider-secret",
        "role_claim": "groups",
        "role_mapping": {"detectives": ["investigator"], "admins": ["org_admin"]},
        "email_domains": [domain],
        **changes,
    }


async def configured(staff: People, issuer: str, **changes: Any) -> tuple[str, str, str]:
    """(org id, its org admin's token, the email domain) with the provider set."""
    org_id = await staff.org("Agency")
    _, admin = await staff.user(org_id, "org_admin")
    domain = f"pd-{uuid.uuid4().hex[:8]}.example.gov"
    path = f"/api/v1/orgs/{org_id}/identity-provider"
    reply = await staff.http.put(
        path, json=settings_for(issuer, domain, **changes), headers=bearer(admin)
    )
    assert reply.status_code == 200, reply.text
    return org_id, admin, domain


def provider_says(issuer: str, email: str, **claims: Any) -> None:
    body = {"email": email, "name": "Dana Scully", **claims}
    assert httpx.put(f"{issuer}/users/{quote(email)}", json=body).status_code == 204


async def code_for(http: httpx.AsyncClient, email: str, sub: str | None = None) -> tuple[str, str]:
    """What a browser would do: start, pick the subject at the provider, follow it back."""
    started = await http.post(START, json={"email": email})
    assert started.status_code == 200, started.text
    url = started.json()["authorization_url"]
    assert url.startswith("http://127.0.0.1") and "code_challenge_method=S256" in url
    async with httpx.AsyncClient() as browser:
        answer = await browser.post(url, data={"sub": sub or email})
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(f"{WEB}/sign-in/agency/callback")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == [started.json()["state"]]
    return query["state"][0], query["code"][0]


async def me(http: httpx.AsyncClient, token: str) -> dict[str, Any]:
    reply = await http.get("/api/v1/users/me", headers=bearer(token))
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


async def test_first_sign_in_creates_the_account_with_mapped_roles_then_reuses_it(
    staff: People, issuer: str
) -> None:
    org_id, admin, domain = await configured(staff, issuer)
    shown = await staff.http.get(f"/api/v1/orgs/{org_id}/identity-provider", headers=bearer(admin))
    assert shown.json()["client_secret_set"] is True and "client_secret" not in shown.json()
    assert shown.json()["redirect_uri"] == f"{WEB}/sign-in/agency/callback"
    email = f"scully@{domain}"
    provider_says(issuer, email, groups=["detectives", "unrelated"])
    state, code = await code_for(staff.http, email)
    signed = await staff.http.post(CALLBACK, json={"state": state, "code": code})
    assert signed.status_code == 200, signed.text
    first = await me(staff.http, signed.json()["access_token"])
    assert first["email"] == email and first["roles"] == ["investigator"]
    assert first["org_id"] == org_id and first["display_name"] == "Dana Scully"
    # The state was spent: the same answer again is refused.
    again = await staff.http.post(CALLBACK, json={"state": state, "code": code})
    assert again.status_code == 401, again.text
    # A second sign-in lands in the same account; the mapping is applied again.
    provider_says(issuer, email, groups=["admins"])
    state, code = await code_for(staff.http, email)
    signed = await staff.http.post(CALLBACK, json={"state": state, "code": code})
    second = await me(staff.http, signed.json()["access_token"])
    assert second["id"] == first["id"] and second["roles"] == ["org_admin"]


async def test_no_mapped_role_and_unknown_state_are_refused(staff: People, issuer: str) -> None:
    _, _, domain = await configured(staff, issuer)
    email = f"mulder@{domain}"
    provider_says(issuer, email, groups=["nobody"])
    state, code = await code_for(staff.http, email)
    refused = await staff.http.post(CALLBACK, json={"state": state, "code": code})
    assert refused.status_code == 403 and "no role" in refused.json()["detail"]
    forged = await staff.http.post(CALLBACK, json={"state": "forged", "code": code})
    assert forged.status_code == 401
    unknown = await staff.http.post(START, json={"email": "x@nowhere.example.org"})
    assert unknown.status_code == 404


async def test_password_sign_in_switched_off(staff: People, issuer: str) -> None:
    org_id, admin, _ = await configured(staff, issuer, password_sign_in=False)
    email = f"p-{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": "P", "roles": ["investigator"]}
    made = await staff.http.post(f"/api/v1/orgs/{org_id}/users", json=body, headers=bearer(admin))
    assert made.status_code == 201
    refused = await staff.http.post(
        "/api/v1/auth/token", data={"username": email, "password": PASSWORD}
    )
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("password_sign_in_disabled")
    wrong = await staff.http.post(
        "/api/v1/auth/token", data={"username": email, "password": "nope nope nope"}
    )
    assert wrong.status_code == 401  # a wrong password says nothing more


async def test_another_organizations_admin_cannot_read_or_change(
    staff: People, issuer: str
) -> None:
    org_id, _, domain = await configured(staff, issuer)
    other = await staff.org("Other")
    _, intruder = await staff.user(other, "org_admin")
    path = f"/api/v1/orgs/{org_id}/identity-provider"
    assert (await staff.http.get(path, headers=bearer(intruder))).status_code == 404
    put = await staff.http.put(path, json=settings_for(issuer, domain), headers=bearer(intruder))
    assert put.status_code == 404
    # Nor may it claim the domain for its own provider.
    own = f"/api/v1/orgs/{other}/identity-provider"
    taken = await staff.http.put(own, json=settings_for(issuer, domain), headers=bearer(intruder))
    assert taken.status_code == 409
    _, investigator = await staff.user(org_id, "investigator")
    assert (await staff.http.get(path, headers=bearer(investigator))).status_code == 403


@pytest.mark.parametrize(
    "bad", ["http://10.0.0.5", "https://169.254.169.254", "https://[fd00::1]/", "ftp://idp.example"]
)
async def test_a_private_issuer_is_refused_before_any_connection(
    staff: People, issuer: str, bad: str
) -> None:
    org_id = await staff.org("Agency")
    _, admin = await staff.user(org_id, "org_admin")
    path = f"/api/v1/orgs/{org_id}/identity-provider"
    body = settings_for(bad, f"d-{uuid.uuid4().hex[:6]}.example.gov")
    refused = await staff.http.put(path, json=body, headers=bearer(admin))
    assert refused.status_code == 400 and "issuer" in refused.json()["detail"]


async def test_connection_test_runs_discovery(staff: People, issuer: str) -> None:
    org_id, admin, _ = await configured(staff, issuer)
    tested = await staff.http.post(
        f"/api/v1/orgs/{org_id}/identity-provider/test", headers=bearer(admin)
    )
    assert tested.status_code == 200, tested.text
    assert tested.json()["issuer"] == issuer and tested.json()["jwks_uri"].endswith("/jwks")
