"""Devices through the whole stack: status from check-ins, org isolation, pending transfers,
and revocation that takes effect at once on the device routes."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from custody_devicesim.device import SimulatedDevice

from .conftest import login, wait_until
from .helpers import call, new_org

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


def _org_admin(client: httpx.Client, admin: dict[str, str], name: str) -> dict[str, str]:
    org = client.post(
        "/api/v1/orgs", json={"name": f"{name} {uuid.uuid4().hex[:6]}"}, headers=admin
    )
    assert org.status_code in (200, 201), org.text
    email = f"admin.{uuid.uuid4().hex[:8]}@{name.lower()}.example"
    body = {"email": email, "password": PASSWORD, "display_name": "admin", "roles": ["org_admin"]}
    user = client.post(f"/api/v1/orgs/{org.json()['id']}/users", json=body, headers=admin)
    assert user.status_code in (200, 201), user.text
    return login(client, email, PASSWORD)


def test_device_status_isolation_and_revocation(
    stack: dict[str, Any], gateway: httpx.Client
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    harbor, other = _org_admin(gateway, root, "Harbor"), _org_admin(gateway, root, "Other")
    created = gateway.post(
        "/api/v1/devices", json={"name": "Car 12", "kind": "in_car", "channels": 2}, headers=harbor
    )
    assert created.status_code == 201, created.text
    device_id = created.json()["device"]["id"]

    device = SimulatedDevice(
        stack["device_gateway_url"], enrollment_code=created.json()["enrollment_code"]
    )
    device.enroll()
    assert device.checkin(wait=0) == []
    shown = gateway.get(f"/api/v1/devices/{device_id}", headers=harbor).json()
    assert shown["online"] and shown["battery_percent"] == 87.0 and shown["recording"] is True
    assert gateway.get(f"/api/v1/devices/{device_id}/transfers", headers=harbor).json() == []
    for path in (f"/api/v1/devices/{device_id}", f"/api/v1/devices/{device_id}/transfers"):
        assert gateway.get(path, headers=other).status_code == 404
    assert gateway.post(f"/api/v1/devices/{device_id}/revoke", headers=other).status_code == 404

    revoked = gateway.post(f"/api/v1/devices/{device_id}/revoke", headers=harbor)
    assert revoked.status_code == 200 and revoked.json()["revoked"]
    with pytest.raises(httpx.HTTPStatusError) as refused:
        device.checkin(wait=0)  # its token is still unexpired: refused all the same
    assert refused.value.response.status_code == 401
    device.close()


def test_background_video_reaches_the_org_device_uploads_case(
    stack: dict[str, Any], gateway: httpx.Client
) -> None:
    """A request to an offline device waits; when it checks in and uploads, the file is
    evidence in the org's DEVICE-UPLOADS case; another org sees nothing, an approver may
    not ask."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    roles = {"admin": ["org_admin"], "approver": ["approver"]}
    river = new_org(gateway, root, "River", roles)["users"]
    rival = new_org(gateway, root, "Rival", {"admin": ["org_admin"]})["users"]
    admin = river["admin"]["headers"]
    body = {"name": "Car 7", "kind": "in_car", "channels": 1}
    created = call(gateway, "POST", "/api/v1/devices", admin, body, 201)
    device_id = created["device"]["id"]
    [listed] = call(gateway, "GET", "/api/v1/devices", admin)
    assert listed["id"] == device_id and not listed["online"]
    ask = {"start": "2026-11-30T08:00:00Z", "end": "2026-11-30T09:00:00Z", "channels": [1]}
    path = f"/api/v1/devices/{device_id}/video-requests"
    asked = call(gateway, "POST", path, admin, ask, 201)
    assert asked["status"] == "pending" and not asked["case_named"]
    assert call(gateway, "POST", path, river["approver"]["headers"], ask, 403)
    assert call(gateway, "POST", path, rival["admin"]["headers"], ask, 404)
    assert call(gateway, "GET", path, rival["admin"]["headers"], expect=404)

    with SimulatedDevice(
        stack["device_gateway_url"], enrollment_code=created["enrollment_code"]
    ) as device:
        device.enroll()
        [command] = device.checkin(wait=5)
        result = device.handle(command)
    assert result is not None
    done = call(gateway, "GET", f"{path}/{asked['id']}", admin)
    assert done["status"] == "complete" and done["bytes_done"] == done["bytes_total"] == result.size
    evidence = f"/api/v1/cases/{asked['case_id']}/evidence"
    items = wait_until(
        lambda: [
            i
            for i in call(gateway, "GET", evidence, admin)["items"]
            if i["sha256"] == result.sha256
        ],
        what="the device's file as evidence in the device-uploads case",
    )
    assert items[0]["size"] == result.size
    again = call(gateway, "POST", path, admin, ask, 201)
    assert again["case_id"] == asked["case_id"]  # one device-uploads case per organization
