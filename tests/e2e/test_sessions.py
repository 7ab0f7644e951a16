"""Sign-in sessions and the account lockout through the whole stack: sign in, refresh, log out
(the old access token stops working at once), and five wrong passwords lock the account even
against the right one. The per-address limit is the gateway's integration tests' business: here
every test signs in from the same address."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from .conftest import login
from .helpers import PASSWORD, call, is_problem

pytestmark = pytest.mark.e2e

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/users/me"


def _member(gateway: httpx.Client, stack: dict[str, Any]) -> str:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    org = call(gateway, "POST", "/api/v1/orgs", root, {"name": f"Sess {uuid.uuid4().hex[:6]}"}, 201)
    email = f"s.{uuid.uuid4().hex[:8]}@sessions.example"
    body = {"email": email, "password": PASSWORD, "display_name": "S", "roles": ["investigator"]}
    call(gateway, "POST", f"/api/v1/orgs/{org['id']}/users", root, body, 201)
    return email


def _bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_refresh_then_logout_ends_the_session(stack: dict[str, Any], gateway: httpx.Client) -> None:
    email = _member(gateway, stack)
    signed_in = gateway.post(TOKEN, data={"username": email, "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    first = signed_in.json()
    assert first["token_type"] == "bearer" and first["expires_in"] == 15 * 60
    refreshed = gateway.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text
    second = refreshed.json()
    assert gateway.get(ME, headers=_bearer(second)).json()["email"] == email
    assert gateway.post("/api/v1/auth/logout", headers=_bearer(second)).status_code == 200
    assert is_problem(gateway.get(ME, headers=_bearer(second)), 401)
    again = gateway.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert is_problem(again, 401)


def test_five_wrong_passwords_lock_the_account(
    stack: dict[str, Any], gateway: httpx.Client
) -> None:
    email = _member(gateway, stack)
    wrong = [gateway.post(TOKEN, data={"username": email, "password": "wrong!"}) for _ in range(5)]
    assert [r.status_code for r in wrong] == [401, 401, 401, 401, 429]
    right = gateway.post(TOKEN, data={"username": email, "password": PASSWORD})
    assert is_problem(right, 429)
    assert right.json()["type"] == "urn:custody:problem:account_locked"
    assert int(right.headers["retry-after"]) > 0
