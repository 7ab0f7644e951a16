"""A superadmin helps an organization set up (issue 16, decision 0048): acting for it with
Custody-Acting-For, it publishes a camera in the organization's registry, and the ledger
entry the organization reads names the superadmin acting for it; another organization's
admin cannot use the header, and nothing is made when it is refused."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from .conftest import login
from .helpers import audit_entry, call, is_problem, new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

HEADER = "Custody-Acting-For"


def _camera(name: str) -> dict[str, Any]:
    return {"name": name, "kind": "fixed", "latitude": 45.5029, "longitude": -73.5666,
            "address": "1 Harbor Way", "visibility": "registry"}  # fmt: skip


def _names(client: httpx.Client, headers: dict[str, str]) -> set[str]:
    listed = call(client, "GET", "/api/v1/cameras", headers, params={"limit": 100})
    return {camera["name"] for camera in listed["items"]}


def test_a_superadmin_acting_for_an_organization_sets_up_its_camera_audited_as_acting(
    stack: dict[str, Any], gateway: httpx.Client
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    operator = call(gateway, "GET", "/api/v1/users/me", root)["id"]
    harbor = new_org(gateway, root, "Harbor Acting", {"admin": ["org_admin"]})
    harbor_id, harbor_admin = harbor["org"]["id"], harbor["users"]["admin"]["headers"]
    acting = root | {HEADER: harbor_id}

    refused = gateway.post("/api/v1/cameras", json=_camera("Before acting"), headers=root)
    assert refused.status_code in (403, 404), refused.text  # the platform's org has no cameras
    camera = call(gateway, "POST", "/api/v1/cameras", acting, _camera("Dock by operator"), 201)
    assert "Dock by operator" in _names(gateway, harbor_admin)

    entry = audit_entry(gateway, harbor_admin, camera["id"], "camera.created", operator)
    assert entry["acting_for"] == harbor_id
    uses = call(gateway, "GET", "/api/v1/audit/records", harbor_admin,
                params={"object_id": harbor_id, "actor_id": operator})  # fmt: skip
    assert any(e["action"] == "superadmin.acting" for e in uses["items"])


def test_another_organizations_admin_cannot_act_and_nothing_is_made(
    stack: dict[str, Any], gateway: httpx.Client
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    harbor = new_org(gateway, root, "Harbor Target", {"admin": ["org_admin"]})
    metro = new_org(gateway, root, "Metro Stranger", {"admin": ["org_admin"]})
    harbor_id = harbor["org"]["id"]
    stranger = metro["users"]["admin"]["headers"] | {HEADER: harbor_id}
    name = f"Stranger's {uuid.uuid4().hex[:6]}"

    refused = gateway.post("/api/v1/cameras", json=_camera(name), headers=stranger)
    assert is_problem(refused, 403), refused.text
    assert name not in _names(gateway, harbor["users"]["admin"]["headers"])
    assert name not in _names(gateway, metro["users"]["admin"]["headers"])
    malformed = gateway.get("/api/v1/cameras", headers=root | {HEADER: "harbor"})
    assert is_problem(malformed, 400), malformed.text
    unknown = gateway.get("/api/v1/cameras", headers=root | {HEADER: str(uuid.uuid4())})
    assert is_problem(unknown, 404), unknown.text
