"""A guest end to end, through public APIs only: an org invites an outside investigator, the
guest requests video from the org's camera, the org approves, the device uploads; the guest
then reaches that evidence and nothing else the org holds."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from custody_devicesim.device import SimulatedDevice

from .conftest import login, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PASSWORD = "correct horse battery staple"
POINT = (45.5102, -73.5544)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), f"{response.request.url}: {response.text}"
    return response.json()


def _camera(visibility: str, device_id: str = "", partner: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"{visibility} camera",
        "kind": "fixed",
        "latitude": POINT[0],
        "longitude": POINT[1],
        "visibility": visibility,
        "partner_org_ids": [partner] if partner else [],
    }
    return body | ({"device_id": device_id, "channel": 1} if device_id else {})


def _user(client: httpx.Client, root: dict[str, str], org_id: str, role: str) -> dict[str, str]:
    email = f"{role}.{uuid.uuid4().hex[:8]}@guests.example"
    body = {"email": email, "password": PASSWORD, "display_name": role, "roles": [role]}
    _ok(client.post(f"/api/v1/orgs/{org_id}/users", json=body, headers=root))
    return login(client, email, PASSWORD)


def test_a_guest_reaches_its_delivered_evidence_and_nothing_else(
    stack: dict[str, Any], gateway: httpx.Client
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    name = {"name": f"Dock {uuid.uuid4().hex[:6]}"}
    org = _ok(gateway.post("/api/v1/orgs", json=name, headers=root))
    partner = _ok(
        gateway.post("/api/v1/orgs", json={"name": f"Pier {uuid.uuid4().hex[:6]}"}, headers=root)
    )
    admin = _user(gateway, root, org["id"], "org_admin")
    approver = _user(gateway, root, org["id"], "approver")
    investigator = _user(gateway, root, org["id"], "investigator")

    # The org's cameras: a shared one on a device, and a private one.
    created = _ok(
        gateway.post(
            "/api/v1/devices", json={"name": "DVR", "kind": "in_car", "channels": 1}, headers=admin
        )
    )
    shared = _ok(
        gateway.post(
            "/api/v1/cameras",
            json=_camera("partners", created["device"]["id"], partner=partner["id"]),
            headers=admin,
        )
    )
    private = _ok(gateway.post("/api/v1/cameras", json=_camera("private"), headers=admin))
    own_case = _ok(gateway.post("/api/v1/cases", json={"title": "Internal"}, headers=investigator))

    # An invited guest.
    email = f"guest.{uuid.uuid4().hex[:8]}@county.example"
    invite = {"email": email, "display_name": "Det. Guest", "agency": "County Sheriff"}
    issued = _ok(gateway.post(f"/api/v1/orgs/{org['id']}/guests", json=invite, headers=admin))
    accept = {"token": issued["token"], "password": PASSWORD}
    _ok(gateway.post("/api/v1/guests/accept", json=accept))
    guest = login(gateway, email, PASSWORD)

    # The guest finds the shared camera but not the private one.
    search = {"latitude": POINT[0], "longitude": POINT[1], "radius_m": 50}
    hits = _ok(gateway.get("/api/v1/cameras/search", params=search, headers=guest))["items"]
    found = {hit["id"] for hit in hits}
    assert shared["id"] in found and private["id"] not in found
    assert gateway.get(f"/api/v1/cameras/{private['id']}", headers=guest).status_code == 404

    # It requests video; the org approves; the device uploads.
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    window = {"start": (end - timedelta(minutes=5)).isoformat(), "end": end.isoformat()}
    request = _ok(
        gateway.post(
            "/api/v1/requests",
            headers=guest,
            json={
                "incident_number": f"G-{uuid.uuid4().hex[:8]}",
                "line_items": [{"camera_id": shared["id"], **window}],
            },
        )
    )
    item_id = request["line_items"][0]["id"]
    _ok(
        gateway.post(
            f"/api/v1/requests/{request['id']}/line-items/{item_id}/approve",
            json={"permission": "download"},
            headers=approver,
        )
    )
    code = created["enrollment_code"]
    device = SimulatedDevice(stack["device_gateway_url"], enrollment_code=code)
    device.enroll()
    commands = wait_until(lambda: device.checkin(wait=5), timeout=60, what="the export command")
    upload = device.handle(commands[0])
    assert upload is not None

    def fulfilled() -> Any:
        body = _ok(gateway.get(f"/api/v1/requests/{request['id']}", headers=guest))
        line = body["line_items"][0]
        return line if line["status"] == "fulfilled" else None

    line = wait_until(fulfilled, timeout=90, what="the guest's line item to be fulfilled")
    evidence_id, case_id = line["evidence_id"], line["case_id"]

    # The guest reaches its delivery (the grant follows the fulfilment)...
    evidence = f"/api/v1/evidence/{evidence_id}"
    wait_until(
        lambda: gateway.get(evidence, headers=guest).status_code == 200,
        timeout=30,
        what="the guest's grant on its evidence",
    )
    download = gateway.get(f"{evidence}/download", headers=guest)
    assert download.status_code == 200, download.text
    assert hashlib.sha256(download.content).hexdigest() == upload.sha256

    # ...and nothing else of the org, nor may it act for the org.
    for path in (
        f"/api/v1/cases/{case_id}",
        f"/api/v1/cases/{case_id}/evidence",
        f"/api/v1/cases/{own_case['id']}",
        f"/api/v1/cases/{own_case['id']}/evidence",
    ):
        assert gateway.get(path, headers=guest).status_code == 404, path
    assert gateway.get("/api/v1/cases", headers=guest).status_code == 403
    assert gateway.post("/api/v1/cases", json={"title": "x"}, headers=guest).status_code == 403
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    link = gateway.post(
        f"/api/v1/evidence/{evidence_id}/share-links", json={"expires_at": later}, headers=guest
    )
    assert link.status_code == 404, link.text
    assert gateway.delete(evidence, headers=guest).status_code == 404
    # The org's own members still see everything.
    assert gateway.get(evidence, headers=investigator).status_code == 200
