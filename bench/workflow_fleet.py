"""The workflow bench's world: camera owners (an admin-approver, one device, one camera each),
their simulated devices serving export commands, and the video bytes each command gets.

The simulator is synchronous (tuspy), so each device runs its loop in a thread of its own,
started from asyncio. Clips are made once: encoding one per request would measure x264, not
the workflow, so every request gets the same small MP4 made unique by a trailing `free` box
(valid ISO BMFF; a unique sha256, so no content address is shared between requests).
"""

from __future__ import annotations

import struct
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from custody_devicesim.device import SimulatedDevice
from custody_devicesim.models import Command
from embedded_stack import api, new_person

CHECKIN_WAIT = 2.0  # seconds a device long-polls before checking in again


def unique_clip(base: bytes, tag: str) -> bytes:
    payload = tag.encode()
    return base + struct.pack(">I", 8 + len(payload)) + b"free" + payload


@dataclass
class Owner:
    """One camera owner: whoever decides its line items, and the device behind its camera."""

    org_id: str
    headers: dict[str, str]
    camera_id: str
    device: SimulatedDevice
    clips: dict[datetime, bytes] = field(default_factory=dict)  # by the window's start
    handled: Counter[str] = field(default_factory=Counter)  # command id -> times delivered
    errors: list[str] = field(default_factory=list)


def new_owner(client: httpx.Client, admin: Any, device_url: str, index: int) -> Owner:
    person = new_person(client, admin, f"Owner {index}", ["org_admin", "approver"])
    headers = person["headers"]
    body = {"name": f"DVR {index}", "kind": "in_car", "channels": 1}
    created = api(client, "POST", "/devices", headers, body)
    camera = {
        "name": f"Entrance {index}",
        "kind": "fixed",
        "latitude": 45.5 + index * 1e-4,
        "longitude": -73.56,
        "device_id": created["device"]["id"],
        "channel": 1,
        "visibility": "registry",
    }
    camera_id = api(client, "POST", "/cameras", headers, camera)["id"]
    device = SimulatedDevice(
        device_url, enrollment_code=created["enrollment_code"], background_recording=True
    )
    device.enroll()
    return Owner(person["org"]["id"], headers, camera_id, device)


def serve(owner: Owner, stop: threading.Event) -> None:
    """The device's life: long-poll, then ack and upload each command's clip, until `stop`."""
    while not stop.is_set():
        try:
            commands = owner.device.checkin(wait=CHECKIN_WAIT)
        except httpx.HTTPError as error:
            owner.errors.append(f"checkin: {error!r}")
            time.sleep(0.5)
            continue
        for command in commands:
            _answer(owner, command)


def _answer(owner: Owner, command: Command) -> None:
    owner.handled[command.id] += 1
    if owner.handled[command.id] > 1:
        return  # delivered again (counted): the first delivery's upload stands
    try:
        owner.device.ack(command)
        clip = owner.clips[command.start]
        owner.device.upload(command, clip, f"{uuid.uuid4().hex[:8]}.mp4")
    except Exception as error:  # a failed upload is a finding, not a crash
        owner.errors.append(f"{command.id}: {error!r}")
