"""References to another organization's users and devices, through the whole stack: the
registry asks the gateway's Identity and the device gateway as the caller, so one
organization's admin cannot make another's user its approver (who would then be emailed its
requests) nor bind a camera to another's device (which only failed after approval, as
`export failed: device_not_found`). The refusal names the field, and nothing changes."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from .conftest import login
from .helpers import call, new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def rivals(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    harbor = new_org(gateway, admin, "Harbor", {"admin": ["org_admin"], "approver": ["approver"]})
    rival = new_org(gateway, admin, "Rival", {"admin": ["org_admin"], "approver": ["approver"]})
    devices = {}
    for name, org in (("harbor", harbor), ("rival", rival)):
        body = {"name": f"{name} DVR", "kind": "in_car", "channels": 2}
        created = call(
            gateway, "POST", "/api/v1/devices", org["users"]["admin"]["headers"], body, 201
        )
        devices[name] = created["device"]["id"]
    return {"harbor": harbor, "rival": rival, "devices": devices}


def refused(response: httpx.Response, field: str) -> dict[str, Any]:
    """A client error as problem+json whose detail names ``field``."""
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert field in body["detail"], body
    return body


def _camera(name: str, **binding: Any) -> dict[str, Any]:
    return {"name": name, "kind": "fixed", "latitude": 45.5, "longitude": -73.5, **binding}


def test_another_organizations_user_is_no_approver(
    gateway: httpx.Client, rivals: dict[str, Any]
) -> None:
    harbor, rival = rivals["harbor"], rivals["rival"]
    admin = harbor["users"]["admin"]["headers"]
    own = harbor["users"]["approver"]["id"]
    saved = call(gateway, "PUT", "/api/v1/request-settings", admin, {"approver_user_ids": [own]})
    assert saved["approver_user_ids"] == [own]
    for stranger in (rival["users"]["approver"]["id"], str(uuid.uuid4())):
        wanted = {"approver_user_ids": [own, stranger], "sla_hours": 5}
        response = gateway.put("/api/v1/request-settings", json=wanted, headers=admin)
        assert stranger in refused(response, "approver_user_ids")["detail"]
        group = {"name": f"Dock {uuid.uuid4().hex[:6]}", "approver_user_ids": [stranger]}
        refused(
            gateway.post("/api/v1/camera-groups", json=group, headers=admin), "approver_user_ids"
        )
    assert call(gateway, "GET", "/api/v1/request-settings", admin) == saved
    assert call(gateway, "GET", "/api/v1/camera-groups", admin)["items"] == []


def test_a_camera_binds_only_its_own_organizations_devices(
    gateway: httpx.Client, rivals: dict[str, Any]
) -> None:
    admin = rivals["harbor"]["users"]["admin"]["headers"]
    own, theirs = rivals["devices"]["harbor"], rivals["devices"]["rival"]
    tag = uuid.uuid4().hex[:8]
    camera = call(
        gateway,
        "POST",
        "/api/v1/cameras",
        admin,
        _camera(f"Gate {tag}", device_id=own, channel=1),
        201,
    )
    for device in (theirs, str(uuid.uuid4())):
        wrong = {"device_id": device, "channel": 1}
        created = gateway.post(
            "/api/v1/cameras", json=_camera(f"Dock {tag}", **wrong), headers=admin
        )
        assert device in refused(created, "device_id")["detail"]
        changed = gateway.put(
            f"/api/v1/cameras/{camera['id']}", json=_camera(f"Gate {tag}", **wrong), headers=admin
        )
        refused(changed, "device_id")
        vms = {"vms_device_id": device, "vms_camera_ref": "SC:cam-1"}
        refused(
            gateway.post("/api/v1/cameras", json=_camera(f"Yard {tag}", **vms), headers=admin),
            "vms_device_id",
        )
    assert call(gateway, "GET", f"/api/v1/cameras/{camera['id']}", admin) == camera
    exported = gateway.get("/api/v1/cameras/export", headers=admin)
    assert exported.status_code == 200
    assert f"Gate {tag}" in exported.text
    assert f"Dock {tag}" not in exported.text and f"Yard {tag}" not in exported.text


def test_partner_and_auto_approved_organizations_must_exist(
    gateway: httpx.Client, rivals: dict[str, Any]
) -> None:
    """The registry asks the gateway's Identity.GetOrganization: a made-up organization id is
    refused naming the field, and nothing changes."""
    admin = rivals["harbor"]["users"]["admin"]["headers"]
    rival, unknown = rivals["rival"]["org"]["id"], str(uuid.uuid4())
    wanted = {"auto_approve_org_ids": [rival]}
    saved = call(gateway, "PUT", "/api/v1/request-settings", admin, wanted)
    assert saved["auto_approve_org_ids"] == [rival]
    wrong = {"auto_approve_org_ids": [rival, unknown]}
    response = gateway.put("/api/v1/request-settings", json=wrong, headers=admin)
    assert unknown in refused(response, "auto_approve_org_ids")["detail"]
    assert call(gateway, "GET", "/api/v1/request-settings", admin) == saved

    shared = _camera(f"Quay {uuid.uuid4().hex[:8]}", visibility="partners")
    camera = call(
        gateway, "POST", "/api/v1/cameras", admin, shared | {"partner_org_ids": [rival]}, 201
    )
    for partners in ([unknown], [rival, unknown]):
        body = shared | {"partner_org_ids": partners}
        created = gateway.post("/api/v1/cameras", json=body, headers=admin)
        assert unknown in refused(created, "partner_org_ids")["detail"]
        changed = gateway.put(f"/api/v1/cameras/{camera['id']}", json=body, headers=admin)
        refused(changed, "partner_org_ids")
    assert call(gateway, "GET", f"/api/v1/cameras/{camera['id']}", admin) == camera
