"""API keys of service accounts on the whole stack (decision 0043): a CAD system's key opens a
case per incident, once however often (and however concurrently) it asks; a key is refused
outside its scopes (403), once expired or revoked (401) and past its requests per minute
(429 with Retry-After); rotation keeps both keys working until the old one is revoked; every
use is in the audit ledger under the key's id; another organization's cases stay hidden."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from .conftest import login, wait_until
from .helpers import call, is_problem, new_case, new_org

# The first module to run starts the stack, slowly on a busy machine.
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(1500)]
CAD_SCOPES = ["open_incident_case", "read_case"]


@pytest.fixture(scope="module")
def orgs(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    roles = {"admin": ["org_admin"], "investigator": ["investigator"]}
    return {
        "a": new_org(gateway, root, "Cad Town", roles),
        "b": new_org(gateway, root, "Other", roles),
    }


def _admin(orgs: dict[str, Any], org: str = "a") -> dict[str, str]:
    return dict(orgs[org]["users"]["admin"]["headers"])


def new_key(
    gateway: httpx.Client, admin: dict[str, str], scopes: list[str], **fields: Any
) -> dict[str, Any]:
    expires = datetime.now(UTC) + fields.pop("lifetime", timedelta(days=30))
    body = {
        "name": f"CAD {uuid.uuid4().hex[:6]}",
        "scopes": scopes,
        "expires_at": expires.isoformat(),
    }
    return dict(call(gateway, "POST", "/api/v1/api-keys", admin, body | fields, 201))


def bearer(key: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {key['secret']}"}


def open_incident(
    gateway: httpx.Client, key: dict[str, Any], number: str, title: str = "Burglary"
) -> httpx.Response:
    body = {"title": title, "incident_type": "burglary"}
    return gateway.put(f"/api/v1/cases/by-incident/{number}", json=body, headers=bearer(key))


def test_a_cad_key_opens_one_case_per_incident_even_when_asked_concurrently(
    gateway: httpx.Client, orgs: dict[str, Any]
) -> None:
    key = new_key(gateway, _admin(orgs), CAD_SCOPES)
    assert key["secret"].startswith(key["prefix"] + "_") and key["status"] == "active"
    number = f"CAD-{uuid.uuid4().hex[:8]}"
    first = open_incident(gateway, key, number)
    assert first.status_code == 201, first.text
    again = open_incident(gateway, key, number, title="Renamed")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["title"] == "Burglary" and again.json()["number"] == number

    racing = f"CAD-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: open_incident(gateway, key, racing), range(2)))
    assert sorted(a.status_code for a in answers) == [200, 201], [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1

    # Another organization's key opens its own case for the same incident number.
    other = new_key(gateway, _admin(orgs, "b"), CAD_SCOPES)
    theirs = open_incident(gateway, other, number)
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]


def test_a_key_is_refused_outside_its_scopes_and_other_organizations_cases(
    gateway: httpx.Client, orgs: dict[str, Any]
) -> None:
    key = new_key(gateway, _admin(orgs), CAD_SCOPES)
    headers = bearer(key)
    mine = open_incident(gateway, key, f"CAD-{uuid.uuid4().hex[:8]}").json()
    assert call(gateway, "GET", f"/api/v1/cases/{mine['id']}", headers)["id"] == mine["id"]
    for method, path in (
        ("GET", "/api/v1/cases"),  # a case operation, but not one of its scopes
        ("GET", "/api/v1/api-keys"),  # an admin's operation can never be a scope
        ("GET", "/api/v1/users/me"),
    ):
        refused = gateway.request(method, path, headers=headers)
        assert is_problem(refused, 403), (path, refused.text)
    body = {"name": "escalate", "scopes": CAD_SCOPES, "expires_at": "2027-01-01T00:00:00Z"}
    assert is_problem(gateway.post("/api/v1/api-keys", json=body, headers=headers), 403)
    assert is_problem(gateway.post("/api/v1/auth/logout", headers=headers), 401)

    theirs = new_case(gateway, orgs["b"]["users"]["investigator"]["headers"])
    assert is_problem(gateway.get(f"/api/v1/cases/{theirs['id']}", headers=headers), 404)


def test_an_expired_or_revoked_key_is_refused(gateway: httpx.Client, orgs: dict[str, Any]) -> None:
    short = new_key(gateway, _admin(orgs), CAD_SCOPES, lifetime=timedelta(seconds=3))
    number = f"CAD-{uuid.uuid4().hex[:8]}"
    assert open_incident(gateway, short, number).status_code == 201
    wait_until(
        lambda: is_problem(open_incident(gateway, short, number), 401), timeout=30, what="expiry"
    )
    forged = dict(short, secret=short["secret"][:-4] + "AAAA")
    assert is_problem(open_incident(gateway, forged, number), 401)
    too_long = datetime.now(UTC) + timedelta(days=400)
    body = {"name": "forever", "scopes": CAD_SCOPES, "expires_at": too_long.isoformat()}
    assert is_problem(gateway.post("/api/v1/api-keys", json=body, headers=_admin(orgs)), 400)
    unknown = body | {"expires_at": "2027-01-01T00:00:00Z", "scopes": ["create_api_key"]}
    assert is_problem(gateway.post("/api/v1/api-keys", json=unknown, headers=_admin(orgs)), 400)


def test_rotation_keeps_both_keys_working_until_the_old_one_is_revoked(
    gateway: httpx.Client, orgs: dict[str, Any]
) -> None:
    admin = _admin(orgs)
    old, new = (new_key(gateway, admin, CAD_SCOPES) for _ in range(2))
    number = f"CAD-{uuid.uuid4().hex[:8]}"
    assert open_incident(gateway, old, number).status_code == 201
    assert open_incident(gateway, new, number).status_code == 200
    revoked = call(gateway, "POST", f"/api/v1/api-keys/{old['id']}/revoke", admin)
    assert revoked["status"] == "revoked"
    assert is_problem(open_incident(gateway, old, number), 401)
    assert open_incident(gateway, new, number).status_code == 200
    listed = {k["id"]: k for k in call(gateway, "GET", "/api/v1/api-keys", admin)["items"]}
    assert listed[old["id"]]["status"] == "revoked" and listed[new["id"]]["last_used_at"]
    assert "secret" not in listed[new["id"]] and listed[new["id"]]["prefix"] == new["prefix"]
    # Another organization's admin neither sees nor revokes it.
    other = _admin(orgs, "b")
    assert new["id"] not in {
        k["id"] for k in call(gateway, "GET", "/api/v1/api-keys", other)["items"]
    }
    assert is_problem(gateway.post(f"/api/v1/api-keys/{new['id']}/revoke", headers=other), 404)


def test_a_key_past_its_requests_per_minute_gets_429_with_retry_after(
    gateway: httpx.Client, orgs: dict[str, Any]
) -> None:
    key = new_key(gateway, _admin(orgs), CAD_SCOPES, requests_per_minute=3)
    number = f"CAD-{uuid.uuid4().hex[:8]}"
    while time.time() % 60 > 40:  # the window is the clock's minute: start well inside one
        time.sleep(1)
    answers = [open_incident(gateway, key, number).status_code for _ in range(3)]
    assert answers == [201, 200, 200]
    limited = open_incident(gateway, key, number)
    assert is_problem(limited, 429) and 1 <= int(limited.headers["Retry-After"]) <= 60
    other = new_key(gateway, _admin(orgs), CAD_SCOPES, requests_per_minute=3)
    assert open_incident(gateway, other, number).status_code == 200  # each key its own count


def test_every_use_of_a_key_is_in_the_audit_ledger(
    gateway: httpx.Client, orgs: dict[str, Any]
) -> None:
    admin = _admin(orgs)
    key = new_key(gateway, admin, CAD_SCOPES)
    number = f"CAD-{uuid.uuid4().hex[:8]}"
    for _ in range(2):
        open_incident(gateway, key, number)
    assert gateway.get("/api/v1/cases", headers=bearer(key)).status_code == 403

    def records() -> list[dict[str, Any]]:
        params = {"object_id": key["id"]}
        found = call(gateway, "GET", "/api/v1/audit/records", admin, params=params)["items"]
        return found if len(found) >= 4 else []

    found = wait_until(records, timeout=60, what="the key's audit records")
    actions = [r["action"] for r in found]
    assert actions.count("api_key.used") == 2 and "api_key.created" in actions
    used = [r for r in found if r["action"] == "api_key.used"]
    assert {r["actor_id"] for r in used} == {key["id"]}
    assert {r["details"]["operation"] for r in used} == {"open_incident_case"}
    refused = [r for r in found if r["action"] == "api_key.refused"]
    assert [r["details"]["operation"] for r in refused] == ["list_cases"]
    case_records = call(
        gateway, "GET", "/api/v1/audit/records", admin, params={"actor_id": key["id"]}
    )
    assert "case.created" in {r["action"] for r in case_records["items"]}
