"""One organization with an object of every kind the public API names by id, built through the
public API only, for the role walk (test_roles.py) and the cross-organization matrix
(test_cross_org.py); and the calls that fill each operation's path and body with them.

The organization ("org A") has an org admin, an investigator, an approver (named in its
request settings, so only they decide its line items) and a guest it invited. Its camera is
bound to its device and shared with one partner organization, so the org's guest sees it
while other organizations do not.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from custody_devicesim.clip import make_clip
from PIL import Image

from .conftest import login, wait_until
from .helpers import PASSWORD, call, new_case, new_org, tus_upload, wait_for_items

API = "/api/v1"
ROLES = ("superadmin", "org_admin", "investigator", "approver", "guest")
ROLES_MD = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
_ROW = re.compile(r"^\|\s*`(GET|POST|PUT|PATCH|DELETE) (/[^`]+)`([^|]*)\|(.*)\|\s*$")
Users = dict[str, dict[str, Any]]
ENDED = ("cancelled", "failed", "completed")


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # as in the OpenAPI, with /api/v1
    cells: dict[str, str]  # role -> the cell's text
    refusals_only: bool  # marked † in the table

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def role_table() -> list[Row]:
    """Every row of docs/roles.md that names an operation, in table order."""
    rows = []
    for line in ROLES_MD.read_text().splitlines():
        if found := _ROW.match(line):
            method, path, label, rest = found.groups()
            cells = [c.strip() for c in rest.split("|")]
            assert len(cells) == len(ROLES), line
            rows.append(Row(method, API + path, dict(zip(ROLES, cells, strict=True)), "†" in label))
    return rows


@dataclass
class World:
    client: httpx.Client
    root: dict[str, str]
    root_login: tuple[str, str]
    org: dict[str, Any]
    users: Users
    partner_org: dict[str, Any]
    ids: dict[str, Any] = field(default_factory=dict)
    made_jobs: list[str] = field(default_factory=list)  # redactions asked during a walk

    def headers(self, role: str) -> dict[str, str]:
        return self.root if role == "superadmin" else dict(self.users[role]["headers"])

    def as_admin(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        return call(
            self.client, method, API + path, self.users["org_admin"]["headers"], body, expect
        )

    def as_investigator(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        headers = self.users["investigator"]["headers"]
        return call(self.client, method, API + path, headers, body, expect)


def _tag() -> str:
    return uuid.uuid4().hex[:8]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def window(index: int) -> dict[str, str]:
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30 + 20 * index)
    return {"start": (end - timedelta(minutes=10)).isoformat(), "end": end.isoformat()}


def camera_body(world: World, name: str = "Walk gate") -> dict[str, Any]:
    return {
        "name": name,
        "kind": "fixed",
        "latitude": 45.5,
        "longitude": -73.55,
        "device_id": world.ids["device"],
        "channel": 1,
        "visibility": "partners",
        "partner_org_ids": [world.partner_org["id"]],
    }


def submit(world: World, headers: dict[str, str], items: int = 1) -> dict[str, Any]:
    body = {
        "incident_number": f"W-{_tag()}",
        "line_items": [{"camera_id": world.ids["camera"], **window(i)} for i in range(items)],
    }
    return dict(call(world.client, "POST", f"{API}/requests", headers, body, 201))


def build_world(stack: dict[str, Any], client: httpx.Client, name: str) -> World:
    root = login(client, stack["admin_email"], stack["admin_password"])
    roles = {"org_admin": ["org_admin"], "investigator": ["investigator"], "approver": ["approver"]}
    org = new_org(client, root, name, roles)
    partner = call(client, "POST", f"{API}/orgs", root, {"name": f"Partner {_tag()}"}, 201)
    root_login = (stack["admin_email"], stack["admin_password"])
    world = World(client, root, root_login, org["org"], org["users"], partner)
    world.users["guest"] = _guest(world)
    _registry(world)
    _requests(world)
    _evidence(world)
    _sharing_and_jobs(world)
    _ledger(world)
    return world


def _guest(world: World) -> dict[str, Any]:
    email = f"guest.{_tag()}@outside.example"
    invite = {"email": email, "display_name": "Guest", "agency": "County"}
    issued = world.as_admin("POST", f"/orgs/{world.org['id']}/guests", invite, 201)
    accept = {"token": issued["token"], "password": PASSWORD}
    user = call(world.client, "POST", f"{API}/guests/accept", {}, accept, 201)
    return dict(user) | {"email": email, "headers": login(world.client, email, PASSWORD)}


def _registry(world: World) -> None:
    approver = world.users["approver"]["id"]
    world.as_admin("PUT", "/request-settings", {"approver_user_ids": [approver]})
    field_spec = {"key": "note", "label": "Note", "type": "text", "required": False}
    form = world.as_admin("POST", "/request-forms", {"title": "Walk", "fields": [field_spec]}, 201)
    device = world.as_admin(
        "POST", "/devices", {"name": "DVR", "kind": "in_car", "channels": 2}, 201
    )
    world.ids |= {"form_version": form["id"], "device": device["device"]["id"]}
    world.ids["camera"] = world.as_admin("POST", "/cameras", camera_body(world), 201)["id"]
    spare = {"name": "Walk spare", "kind": "fixed", "latitude": 45.5, "longitude": -73.55}
    world.ids["spare_camera"] = world.as_admin("POST", "/cameras", spare, 201)["id"]
    thumbnail = {"file": ("view.png", png(), "image/png")}
    response = world.client.put(
        f"{API}/cameras/{world.ids['camera']}/thumbnail",
        files=thumbnail,
        headers=world.users["org_admin"]["headers"],
    )
    assert response.status_code == 200, response.text
    world.ids["group"] = world.as_admin("POST", "/camera-groups", {"name": f"G {_tag()}"}, 201)[
        "id"
    ]


def _requests(world: World) -> None:
    request = submit(world, world.users["investigator"]["headers"], items=5)
    items = [item["id"] for item in request["line_items"]]
    guest_request = submit(world, world.users["guest"]["headers"])
    world.ids |= {
        "request": request["id"],
        "items": dict(
            zip(("approve", "reject", "review", "more-info", "cancel"), items, strict=True)
        ),
        "guest_request": guest_request["id"],
        "guest_item": guest_request["line_items"][0]["id"],
    }


def _evidence(world: World) -> None:
    investigator = world.users["investigator"]["headers"]
    case, other = new_case(world.client, investigator), new_case(world.client, investigator)
    grant = world.as_investigator("POST", f"/cases/{case['id']}/uploads", {}, 201)
    start = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    clip = make_clip("walk", 1, start, start + timedelta(seconds=2))
    tus_upload(grant["tus_url"], grant["token"], clip, "walk.mp4", "video/mp4")
    tus_upload(grant["tus_url"], grant["token"], b"spare " * 100, "spare.txt", "text/plain")
    items = {
        i["filename"]: i["id"] for i in wait_for_items(world.client, investigator, case["id"], 2)
    }
    world.ids |= {"case": case["id"], "case2": other["id"], "item": items["walk.mp4"]}
    world.ids["spare_item"] = items["spare.txt"]

    def poster() -> bool:
        item = world.as_investigator("GET", f"/evidence/{world.ids['item']}")
        return bool(item["has_thumbnail"])

    wait_until(poster, timeout=120, what="the clip's poster frame")


def _sharing_and_jobs(world: World) -> None:
    case, item = world.ids["case"], world.ids["item"]
    grantee = {"grantee_type": "org", "grantee_id": world.partner_org["id"], "permission": "view"}
    world.ids["grant"] = world.as_admin("POST", f"/cases/{case}/grants", grantee, 201)["id"]
    link = world.as_admin("POST", f"/cases/{case}/share-links", share_link_body(), 201)
    request = world.as_admin("POST", f"/cases/{case}/file-requests", file_request_body(), 201)
    world.ids |= {"link": link["link"]["id"], "file_request": request["file_request"]["id"]}
    job = world.as_admin("POST", f"/evidence/{item}/redactions", None, 202)["job_id"]
    world.ids["job"] = job
    cancel_jobs(world, [job])
    disclosure = {"evidence_ids": [item], "recipient_name": "County court"}
    made = world.as_investigator("POST", f"/cases/{case}/disclosures", disclosure, 202)
    world.ids["disclosure"] = made["id"]
    wait_until(  # built in the background: the walks compare what they read before and after
        lambda: world.as_investigator("GET", f"/disclosures/{made['id']}")["state"] != "building",
        timeout=120,
        what="the world's disclosure built",
    )


def share_link_body() -> dict[str, Any]:
    return {"permission": "view", "expires_at": (datetime.now(UTC) + timedelta(days=2)).isoformat()}


def file_request_body() -> dict[str, Any]:
    expires = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    return {"title": f"Witness uploads {_tag()}", "expires_at": expires}


def cancel_jobs(world: World, jobs: list[str]) -> None:
    """Once redaction has queued each job (the request travels by Kafka), cancel it: the walk
    needs jobs, not the CPU their analysis would take."""
    admin = world.users["org_admin"]["headers"]
    for job in jobs:
        path = f"{API}/redactions/{job}"
        wait_until(
            lambda path=path: world.client.get(path, headers=admin).status_code == 200,
            timeout=60,
            what=f"redaction job {job}",
        )
        response = world.client.post(f"{path}/cancel", headers=admin)
        assert response.status_code in (200, 409), response.text
        wait_until(  # a worker holding it stops at its next heartbeat
            lambda path=path: world.client.get(path, headers=admin).json()["status"] in ENDED,
            timeout=120,
            what=f"redaction job {job} to end",
        )


def _ledger(world: World) -> None:
    """An entry of the org's and one the guest acted in, under a signed tree head."""

    def submitted(request_id: str) -> Any:
        found = call(
            world.client,
            "GET",
            f"{API}/audit/records",
            world.root,
            params={"object_id": request_id},
        )
        return next((e for e in found["items"] if e["action"] == "request.submitted"), None)

    for name, request in (("event", "request"), ("guest_event", "guest_request")):
        entry = wait_until(lambda r=world.ids[request]: submitted(r), timeout=60, what=name)
        world.ids[name] = entry["event_id"]
    call(world.client, "POST", f"{API}/audit/tree-heads", world.root, None, 201)
