"""TOTP against the real Postgres: enrolment in two steps, signing in with a code or a
recovery code (each once), wrong codes toward the lockout, turning it off, an admin's reset,
and an organization that requires it letting a session without it only enrol."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pyotp
import pytest

from .conftest import PASSWORD, People, bearer

pytestmark = pytest.mark.integration

TOKEN = "/api/v1/auth/token"
SECOND = "/api/v1/auth/token/mfa"
MFA = "/api/v1/users/me/mfa"
TOTP = f"{MFA}/totp"


async def member(people: People, org_id: str | None = None, *roles: str) -> tuple[str, str]:
    """(user id, email) of a fresh user of a new (or the given) organization."""
    org_id = org_id or await people.org()
    email = f"m-{uuid.uuid4().hex[:8]}@example.org"
    body = {
        "email": email,
        "password": PASSWORD,
        "display_name": "M",
        "roles": list(roles or ["investigator"]),
    }
    reply = await people.http.post(
        f"/api/v1/orgs/{org_id}/users", json=body, headers=people.as_admin
    )
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"]), email


async def password_step(http: httpx.AsyncClient, email: str) -> httpx.Response:
    return await http.post(TOKEN, data={"username": email, "password": PASSWORD})


async def enrol(http: httpx.AsyncClient, token: str) -> tuple[pyotp.TOTP, list[str]]:
    started = await http.post(TOTP, headers=bearer(token))
    assert started.status_code == 201, started.text
    app = pyotp.TOTP(started.json()["secret"])
    assert started.json()["provisioning_uri"].startswith("otpauth://totp/Custody:")
    confirmed = await http.post(f"{TOTP}/confirm", json={"code": app.now()}, headers=bearer(token))
    assert confirmed.status_code == 200, confirmed.text
    return app, confirmed.json()["recovery_codes"]


async def challenge(http: httpx.AsyncClient, email: str) -> str:
    reply = await password_step(http, email)
    assert reply.status_code == 401, reply.text
    assert reply.json()["type"] == "urn:custody:problem:mfa_required"
    return str(reply.json()["mfa_token"])


def later_code(app: pyotp.TOTP) -> str:
    """The next step's code: the current one was spent by enrolment (no replay)."""
    return app.at(datetime.now(UTC) + timedelta(seconds=30))


async def second(http: httpx.AsyncClient, mfa_token: str, **proof: Any) -> httpx.Response:
    return await http.post(SECOND, json={"mfa_token": mfa_token, **proof})


async def test_enrolment_then_sign_in_with_a_code_once(people: People) -> None:
    http = people.http
    _, email = await member(people)
    token = await people.login(email)
    app, codes = await enrol(http, token)
    assert len(codes) == 10
    status = (await http.get(MFA, headers=bearer(token))).json()
    assert status["totp_enabled"] and status["recovery_codes_left"] == 10
    mfa_token = await challenge(http, email)
    code = later_code(app)
    signed = await second(http, mfa_token, code=code)
    assert signed.status_code == 200, signed.text
    assert (
        await http.get("/api/v1/users/me", headers=bearer(signed.json()["access_token"]))
    ).status_code == 200
    again = await second(http, await challenge(http, email), code=code)
    assert again.status_code == 400  # the same code is not taken twice
    spent = await second(http, mfa_token, code=app.now())
    assert spent.status_code == 401  # the mfa_token was good once


async def test_a_recovery_code_signs_in_once(people: People) -> None:
    http = people.http
    _, email = await member(people)
    _, codes = await enrol(http, await people.login(email))
    first = await second(http, await challenge(http, email), recovery_code=codes[0].upper())
    assert first.status_code == 200, first.text
    reused = await second(http, await challenge(http, email), recovery_code=codes[0])
    assert reused.status_code == 400
    left = (await http.get(MFA, headers=bearer(first.json()["access_token"]))).json()
    assert left["recovery_codes_left"] == 9


async def test_wrong_codes_lock_the_account(people: People) -> None:
    http = people.http
    _, email = await member(people)
    await enrol(http, await people.login(email))
    mfa_token = await challenge(http, email)
    statuses = [(await second(http, mfa_token, code="000000")).status_code for _ in range(5)]
    assert statuses[:4] == [400] * 4 and statuses[4] == 429
    locked = await password_step(http, email)
    assert locked.status_code == 429 and locked.json()["type"].endswith("account_locked")


async def test_turning_off_needs_a_right_code(people: People) -> None:
    http = people.http
    _, email = await member(people)
    token = await people.login(email)
    app, _ = await enrol(http, token)
    wrong = await http.request("DELETE", TOTP, json={"code": "000000"}, headers=bearer(token))
    assert wrong.status_code == 400
    off = await http.request("DELETE", TOTP, json={"code": later_code(app)}, headers=bearer(token))
    assert off.status_code == 204, off.text
    assert (await password_step(http, email)).status_code == 200


async def test_bad_bodies_change_nothing(people: People) -> None:
    http = people.http
    _, email = await member(people)
    token = await people.login(email)
    both = await http.request(
        "DELETE",
        TOTP,
        json={"code": "123456", "recovery_code": "abcde-fghij"},
        headers=bearer(token),
    )
    assert both.status_code == 422
    pending = await http.post(f"{TOTP}/confirm", json={"code": "123456"}, headers=bearer(token))
    assert pending.status_code == 409  # nothing started
    assert (await password_step(http, email)).status_code == 200


async def test_an_admin_resets_a_members_totp_not_another_orgs(people: People) -> None:
    http = people.http
    org_id = await people.org()
    _, admin_email = await member(people, org_id, "org_admin")
    user_id, email = await member(people, org_id)
    await enrol(http, await people.login(email))
    outsider = await people.login((await member(people))[1])
    refused = await http.post(f"/api/v1/users/{user_id}/mfa/reset", headers=bearer(outsider))
    assert refused.status_code == 404
    admin = await people.login(admin_email)
    reset = await http.post(f"/api/v1/users/{user_id}/mfa/reset", headers=bearer(admin))
    assert reset.status_code == 204, reset.text
    assert (await password_step(http, email)).status_code == 200


async def test_an_org_that_requires_mfa_lets_a_member_without_it_only_enrol(people: People) -> None:
    http = people.http
    org_id = await people.org()
    _, email = await member(people, org_id)
    before = await people.login(email)  # signed in before the requirement
    required = await http.patch(
        f"/api/v1/orgs/{org_id}", json={"mfa_required": True}, headers=people.as_admin
    )
    assert required.status_code == 200 and required.json()["mfa_required"] is True
    token = await people.login(email)
    for held in (before, token):
        refused = await http.get("/api/v1/cases", headers=bearer(held))
        assert refused.status_code == 403
        assert refused.json()["type"] == "urn:custody:problem:mfa_enrolment_required"
    assert (await http.get(MFA, headers=bearer(token))).json()["enrolment_required"] is True
    app, _ = await enrol(http, token)
    assert (await http.get(f"/api/v1/orgs/{org_id}", headers=bearer(token))).status_code == 200
    off = await http.request("DELETE", TOTP, json={"code": later_code(app)}, headers=bearer(token))
    assert off.status_code == 409  # the organization requires it
