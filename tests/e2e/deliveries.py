"""Video delivered for a request, through the public APIs only: an owner's device and camera,
an investigator's request, the approval, and the simulated device's upload (decision 0036)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from custody_devicesim.device import SimulatedDevice

from .conftest import wait_until
from .helpers import call

CAMERA_POINT = (45.50290, -73.56660)
INCIDENT_POINT = (45.50170, -73.56730)
CAMERA_NAME = "Quay loading dock"


def device_and_camera(gateway: httpx.Client, admin: dict[str, str]) -> tuple[str, str, str]:
    """(device id, enrollment code, camera id): a camera on channel 2 of a new device."""
    body = {"name": "Quay DVR", "kind": "in_car", "channels": 2}
    created = call(gateway, "POST", "/api/v1/devices", admin, body, 201)
    camera = {
        "name": CAMERA_NAME,
        "kind": "fixed",
        "latitude": CAMERA_POINT[0],
        "longitude": CAMERA_POINT[1],
        "device_id": created["device"]["id"],
        "channel": 2,
        "visibility": "registry",
    }
    made = call(gateway, "POST", "/api/v1/cameras", admin, camera, 201)
    return created["device"]["id"], created["enrollment_code"], made["id"]


def request_body(camera_id: str, end: datetime) -> dict[str, Any]:
    return {
        "incident_number": f"QPD-{uuid.uuid4().hex[:8]}",
        "incident_type": "Burglary",
        "incident_at": (end - timedelta(minutes=5)).isoformat(),
        "incident_location": {"latitude": INCIDENT_POINT[0], "longitude": INCIDENT_POINT[1]},
        "description": "Forced door at the loading dock",
        "line_items": [
            {
                "camera_id": camera_id,
                "start": (end - timedelta(minutes=10)).isoformat(),
                "end": end.isoformat(),
            }
        ],
    }


def deliver(
    stack: dict[str, Any],
    gateway: httpx.Client,
    owner_admin: dict[str, str],
    approver: dict[str, str],
    investigator: dict[str, str],
) -> dict[str, Any]:
    """The fulfilled request, what was sent, the device and camera ids and the file's sha256."""
    device_id, code, camera_id = device_and_camera(gateway, owner_admin)
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    body = request_body(camera_id, end)
    request = call(gateway, "POST", "/api/v1/requests", investigator, body, 201)
    item_id = request["line_items"][0]["id"]
    approve = f"/api/v1/requests/{request['id']}/line-items/{item_id}/approve"
    call(gateway, "POST", approve, approver, {"permission": "download"})
    device = SimulatedDevice(stack["device_gateway_url"], enrollment_code=code)
    device.enroll()
    commands = wait_until(lambda: device.checkin(wait=5), timeout=60, what="the export command")
    upload = device.handle(commands[0])
    assert upload is not None

    def fulfilled() -> Any:
        found = call(gateway, "GET", f"/api/v1/requests/{request['id']}", investigator)
        return found if found["line_items"][0]["status"] == "fulfilled" else None

    done = wait_until(fulfilled, timeout=90, what="the line item to be fulfilled")
    return {"request": done, "sent": body, "device_id": device_id, "camera_id": camera_id,
            "sha256": upload.sha256, "incident_at": end - timedelta(minutes=5)}  # fmt: skip
