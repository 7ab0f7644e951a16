"""The video request workflow end to end, through the public APIs only: the gateway's HTTP
API for people, the device gateway for the simulated devices, and the SMTP sink for mail.

This package's stack (tuned_stack/conftest.py) has a shrunk SLA clock (one SLA hour = a few
seconds, the SLA worker every half second), so expiry can be watched happen.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from custody_devicesim.device import SimulatedDevice
from custody_platform.embedded.smtp import read_messages, text_part

from ..conftest import login, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # tuned stack, loaded CI

PASSWORD = "correct horse battery staple"
PROBLEM = "application/problem+json"


def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), f"{response.request.url}: {response.text}"
    return response.json()


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    return dict(response.json())


@dataclass
class Owner:
    """An organization with an admin, an approver, and one camera on a simulated device."""

    org_id: str
    admin: dict[str, str]
    approver: dict[str, str]
    approver_email: str
    camera_id: str
    device: SimulatedDevice
    handled: list[str] = field(default_factory=list)


@dataclass
class World:
    admin: dict[str, str]
    investigator: dict[str, str]
    investigator_email: str
    metro_id: str
    outsider: dict[str, str]
    owners: dict[str, Owner]
    mail_dir: Path


def _user(
    client: httpx.Client, admin: dict[str, str], org_id: str, *roles: str
) -> tuple[dict[str, str], str]:
    email = f"{roles[0]}.{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": roles[0], "roles": list(roles)}
    _ok(client.post(f"/api/v1/orgs/{org_id}/users", json=body, headers=admin))
    return login(client, email, PASSWORD), email


def _org(client: httpx.Client, admin: dict[str, str], name: str) -> str:
    return str(
        _ok(
            client.post(
                "/api/v1/orgs", json={"name": f"{name} {uuid.uuid4().hex[:6]}"}, headers=admin
            )
        )["id"]
    )


def _owner(
    client: httpx.Client,
    stack: dict[str, Any],
    root: dict[str, str],
    name: str,
    *,
    recording: bool = True,
    **settings: Any,
) -> Owner:
    org_id = _org(client, root, name)
    admin, _ = _user(client, root, org_id, "org_admin")
    approver, approver_email = _user(client, root, org_id, "approver")
    created = _ok(
        client.post(
            "/api/v1/devices",
            json={"name": f"{name} DVR", "kind": "in_car", "channels": 2},
            headers=admin,
        )
    )
    camera = _ok(
        client.post(
            "/api/v1/cameras",
            headers=admin,
            json={
                "name": f"{name} entrance",
                "kind": "fixed",
                "latitude": 45.5029,
                "longitude": -73.5666,
                "device_id": created["device"]["id"],
                "channel": 1,
                "visibility": "registry",
            },
        )
    )
    if settings:
        _ok(client.put("/api/v1/request-settings", json=settings, headers=admin))
    device = SimulatedDevice(
        stack["device_gateway_url"],
        enrollment_code=created["enrollment_code"],
        background_recording=recording,
    )
    device.enroll()
    return Owner(org_id, admin, approver, approver_email, camera["id"], device)


@pytest.fixture(scope="module")
def world(stack: dict[str, Any], gateway: httpx.Client) -> World:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    metro_id = _org(gateway, root, "Metro PD")
    investigator, investigator_email = _user(gateway, root, metro_id, "investigator")
    outsider, _ = _user(gateway, root, _org(gateway, root, "Third"), "investigator")
    owners = {
        "harbor": _owner(gateway, stack, root, "Harbor Mall"),
        "shop": _owner(gateway, stack, root, "Corner Shop"),
        "slow": _owner(gateway, stack, root, "Slow Co", sla_hours=1),
        "vault": _owner(gateway, stack, root, "Vault Co", export_before_approval=True),
        "dark": _owner(gateway, stack, root, "Dark Co", recording=False),
        "forms": _owner(gateway, stack, root, "Forms Co"),
    }
    return World(
        root, investigator, investigator_email, metro_id, outsider, owners, Path(stack["mail_dir"])
    )


def _window(minutes: int = 10) -> dict[str, str]:
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    return {"start": (end - timedelta(minutes=minutes)).isoformat(), "end": end.isoformat()}


def _submit(
    client: httpx.Client, who: dict[str, str], *owners: Owner, **extra: Any
) -> dict[str, Any]:
    body = {
        "incident_number": f"MPD-{uuid.uuid4().hex[:8]}",
        "incident_type": "burglary",
        "description": "Break-in at the loading dock",
        "incident_location": {"latitude": 45.5017, "longitude": -73.5673},
        "incident_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "line_items": [{"camera_id": o.camera_id, **_window()} for o in owners],
    } | extra
    return dict(_ok(client.post("/api/v1/requests", json=body, headers=who)))


def _item(request: dict[str, Any], owner: Owner) -> dict[str, Any]:
    return next(i for i in request["line_items"] if i["owner_org_id"] == owner.org_id)


def _act(
    client: httpx.Client,
    who: dict[str, str],
    request: dict[str, Any],
    owner: Owner,
    action: str,
    **body: Any,
) -> httpx.Response:
    path = f"/api/v1/requests/{request['id']}/line-items/{_item(request, owner)['id']}/{action}"
    return client.post(path, json=body, headers=who)


def _read(client: httpx.Client, who: dict[str, str], request: dict[str, Any]) -> dict[str, Any]:
    return dict(_ok(client.get(f"/api/v1/requests/{request['id']}", headers=who)))


def _serve(owner: Owner) -> list[Any]:
    """The device checks in and answers every export command it gets (once each)."""

    def commands() -> list[Any]:
        return [c for c in owner.device.checkin(wait=2) if c.id not in owner.handled]

    found = wait_until(commands, timeout=60, what="an export command")
    results = []
    for command in found:
        owner.handled.append(command.id)
        results.append(owner.device.handle(command))
    return results


def _wait_status(
    client: httpx.Client, who: dict[str, str], request: dict[str, Any], owner: Owner, status: str
) -> dict[str, Any]:
    def reached() -> Any:
        body = _read(client, who, request)
        return body if _item(body, owner)["status"] == status else None

    # Generous: the SLA worker and consumers run beside eight services on a loaded 2-core CI.
    return dict(wait_until(reached, timeout=120, what=f"line item {status}"))


def _mail(world: World, address: str, subject_part: str) -> Any:
    return wait_until(
        lambda: next(
            (
                m
                for m in read_messages(world.mail_dir)
                if address in m["To"] and subject_part in m["Subject"]
            ),
            None,
        ),
        timeout=30,
        what=f"mail to {address} about {subject_part}",
    )


def test_approve_all(gateway: httpx.Client, world: World) -> None:
    harbor, shop = world.owners["harbor"], world.owners["shop"]
    request = _submit(gateway, world.investigator, harbor, shop)
    assert request["status"] == "submitted" and len(request["line_items"]) == 2
    _mail(world, harbor.approver_email, request["incident_number"])
    _ok(_act(gateway, harbor.approver, request, harbor, "approve", permission="download"))
    _ok(_act(gateway, shop.approver, request, shop, "approve", permission="view"))
    _serve(harbor), _serve(shop)
    _wait_status(gateway, world.investigator, request, harbor, "fulfilled")
    done = _wait_status(gateway, world.investigator, request, shop, "fulfilled")
    assert done["status"] == "fulfilled"
    assert {i["permission"] for i in done["line_items"]} == {"view", "download"}
    _mail(world, world.investigator_email, f"Video request {request['incident_number']} approved")
    _mail(world, world.investigator_email, f"Video available for {request['incident_number']}")
    # Evidence enforces the owner's choice: the view-only item cannot be downloaded.
    view_only = _item(done, shop)["evidence_id"]
    assert (
        gateway.get(
            f"/api/v1/evidence/{view_only}/download", headers=world.investigator
        ).status_code
        == 403
    )
    for path in (f"/api/v1/requests/{request['id']}", f"/api/v1/requests/{request['id']}/messages"):
        assert gateway.get(path, headers=world.outsider).status_code == 404
    assert _act(gateway, world.outsider, request, harbor, "approve").status_code == 404


def test_partial_approval_and_rejection_with_reason(gateway: httpx.Client, world: World) -> None:
    harbor, shop = world.owners["harbor"], world.owners["shop"]
    request = _submit(gateway, world.investigator, harbor, shop)
    _problem(_act(gateway, shop.approver, request, shop, "reject", reason=""), 422)
    _ok(_act(gateway, shop.approver, request, shop, "reject", reason="No coverage of the dock"))
    again = _problem(_act(gateway, shop.approver, request, shop, "approve"), 409)
    assert again["current_state"] == "rejected"
    _ok(_act(gateway, harbor.approver, request, harbor, "approve"))
    _serve(harbor)
    done = _wait_status(gateway, world.investigator, request, harbor, "fulfilled")
    assert done["status"] == "partially_fulfilled"
    assert _item(done, shop)["reason"] == "No coverage of the dock"
    mail = _mail(
        world, world.investigator_email, f"Video request {request['incident_number']} rejected"
    )
    assert "No coverage of the dock" in text_part(mail)
    # The owner sees only its own line item.
    assert [i["owner_org_id"] for i in _read(gateway, shop.approver, request)["line_items"]] == [
        shop.org_id
    ]


def test_more_info_loop(gateway: httpx.Client, world: World) -> None:
    harbor = world.owners["harbor"]
    request = _submit(gateway, world.investigator, harbor)
    _ok(_act(gateway, harbor.approver, request, harbor, "review"))
    asked = _ok(
        _act(gateway, harbor.approver, request, harbor, "more-info", question="Which entrance?")
    )
    assert asked["status"] == "more_info_requested"
    _mail(
        world, world.investigator_email, f"More information needed for {request['incident_number']}"
    )
    messages = f"/api/v1/requests/{request['id']}/messages"
    _ok(gateway.post(messages, json={"body": "The north entrance"}, headers=world.investigator))
    assert _item(_read(gateway, world.investigator, request), harbor)["status"] == "under_review"
    thread = _ok(gateway.get(messages, headers=harbor.approver))["items"]
    assert [(m["author_party"], m["body"]) for m in thread] == [
        ("owner", "Which entrance?"),
        ("requester", "The north entrance"),
    ]
    _mail(
        world, harbor.approver_email, f"New message on video request {request['incident_number']}"
    )
    _problem(gateway.post(messages, json={"body": ""}, headers=world.investigator), 422)
    assert gateway.post(messages, json={"body": "hi"}, headers=world.outsider).status_code == 404


def test_cancel(gateway: httpx.Client, world: World) -> None:
    harbor, shop = world.owners["harbor"], world.owners["shop"]
    request = _submit(gateway, world.investigator, harbor, shop)
    assert (
        gateway.post(
            f"/api/v1/requests/{request['id']}/cancel", headers=harbor.approver
        ).status_code
        == 403
    )
    cancelled = _ok(
        gateway.post(f"/api/v1/requests/{request['id']}/cancel", headers=world.investigator)
    )
    assert cancelled["status"] == "cancelled"
    late = _problem(_act(gateway, harbor.approver, request, harbor, "approve"), 409)
    assert late["current_state"] == "cancelled"
    _problem(
        gateway.post(f"/api/v1/requests/{request['id']}/cancel", headers=world.investigator), 409
    )


def test_expiry(gateway: httpx.Client, world: World) -> None:
    slow = world.owners["slow"]
    request = _submit(gateway, world.investigator, slow)
    assert _item(request, slow)["due_at"] is not None
    expired = _wait_status(gateway, world.investigator, request, slow, "expired")
    assert expired["status"] == "expired"
    _mail(world, slow.approver_email, f"Decision due soon: {request['incident_number']}")
    _mail(world, world.investigator_email, f"Video request {request['incident_number']} expired")
    _problem(_act(gateway, slow.approver, request, slow, "approve"), 409)


def test_export_before_approval_then_reject(gateway: httpx.Client, world: World) -> None:
    vault = world.owners["vault"]
    request = _submit(gateway, world.investigator, vault)
    item = _item(request, vault)
    assert (item["status"], item["preserved"]) == ("under_review", True)
    (upload,) = _serve(vault)  # the footage is preserved while the owner reviews
    assert upload is not None
    preserved = f"preserved {request['incident_number']}"

    def owner_case() -> Any:
        cases = _ok(gateway.get("/api/v1/cases", headers=vault.admin))["items"]
        return next((c for c in cases if c["number"] == preserved), None)

    wait_until(owner_case, timeout=60, what="the owner's preservation case")
    _ok(_act(gateway, vault.approver, request, vault, "reject", reason="Privacy of staff"))
    # Rejected: the requester never receives the preserved footage.
    cases = _ok(gateway.get("/api/v1/cases", headers=world.investigator))["items"]
    assert all(request["incident_number"] not in c["number"] for c in cases)
    assert _item(_read(gateway, world.investigator, request), vault)["evidence_id"] is None


def test_video_unavailable_with_reason(gateway: httpx.Client, world: World) -> None:
    dark = world.owners["dark"]
    request = _submit(gateway, world.investigator, dark)
    _ok(_act(gateway, dark.approver, request, dark, "approve"))
    assert _serve(dark) == [None]
    done = _wait_status(gateway, world.investigator, request, dark, "video_unavailable")
    assert "background_recording_disabled" in _item(done, dark)["reason"]
    _mail(world, world.investigator_email, f"No video available for {request['incident_number']}")


def test_guest_sees_only_their_own_requests(gateway: httpx.Client, world: World) -> None:
    harbor, shop = world.owners["harbor"], world.owners["shop"]
    email = f"guest.{uuid.uuid4().hex[:8]}@county.example"
    invite = {"email": email, "display_name": "Det. Guest", "agency": "County Sheriff"}
    issued = _ok(
        gateway.post(f"/api/v1/orgs/{harbor.org_id}/guests", json=invite, headers=harbor.admin)
    )
    _ok(
        gateway.post("/api/v1/guests/accept", json={"token": issued["token"], "password": PASSWORD})
    )
    guest = login(gateway, email, PASSWORD)
    others = _submit(gateway, world.investigator, harbor)
    own = _submit(gateway, guest, harbor)
    listed = _ok(gateway.get("/api/v1/requests", headers=guest))
    assert [r["id"] for r in listed["items"]] == [own["id"]]
    assert gateway.get(f"/api/v1/requests/{others['id']}", headers=guest).status_code == 404
    _problem(
        gateway.post(
            "/api/v1/requests",
            headers=guest,
            json={
                "incident_number": "G-2",
                "line_items": [{"camera_id": shop.camera_id, **_window()}],
            },
        ),
        400,
    )
    # The inviting organization's approver decides the guest's request like any other.
    _ok(_act(gateway, harbor.approver, own, harbor, "reject", reason="Ask the county"))


def test_form_version_change_mid_flight(gateway: httpx.Client, world: World) -> None:
    forms = world.owners["forms"]
    v1 = {
        "title": "Request",
        "fields": [{"key": "badge", "label": "Badge", "type": "text", "required": True}],
    }
    first = _ok(gateway.post("/api/v1/request-forms", json=v1, headers=forms.admin))
    answers = {forms.org_id: {"badge": "4711"}}
    request = _submit(gateway, world.investigator, forms, form_answers=answers)
    v2 = {
        "title": "Request",
        "fields": [
            *v1["fields"],
            {"key": "supervisor", "label": "Supervisor", "type": "text", "required": True},
        ],
    }
    _ok(gateway.post("/api/v1/request-forms", json=v2, headers=forms.admin))
    kept = _read(gateway, world.investigator, request)["forms"]
    assert kept == [
        {"owner_org_id": forms.org_id, "form_version_id": first["id"], "answers": {"badge": "4711"}}
    ]
    before = _ok(gateway.get("/api/v1/requests", headers=world.investigator))["total"]
    missing = _problem(
        gateway.post(
            "/api/v1/requests",
            headers=world.investigator,
            json={
                "incident_number": "F-2",
                "line_items": [{"camera_id": forms.camera_id, **_window()}],
                "form_answers": answers,
            },
        ),
        400,
    )
    assert "supervisor" in missing["detail"]
    unknown = {forms.org_id: {"badge": "1", "supervisor": "S", "shoe_size": 44}}
    _problem(
        gateway.post(
            "/api/v1/requests",
            headers=world.investigator,
            json={
                "incident_number": "F-3",
                "line_items": [{"camera_id": forms.camera_id, **_window()}],
                "form_answers": unknown,
            },
        ),
        400,
    )
    assert _ok(gateway.get("/api/v1/requests", headers=world.investigator))["total"] == before


def test_bad_input_is_a_problem_and_stores_nothing(gateway: httpx.Client, world: World) -> None:
    harbor = world.owners["harbor"]
    before = _ok(gateway.get("/api/v1/requests", headers=world.investigator))["total"]
    base = {
        "incident_number": "BAD-1",
        "line_items": [{"camera_id": harbor.camera_id, **_window()}],
    }
    future = datetime.now(UTC) + timedelta(hours=1)
    cases = [
        (base | {"incident_location": {"latitude": 123, "longitude": 0}}, 422),
        (base | {"line_items": [{"camera_id": "not-a-uuid", **_window()}]}, 422),
        (base | {"line_items": [{"camera_id": str(uuid.uuid4()), **_window()}]}, 400),
        (base | {"line_items": [{"camera_id": harbor.camera_id, **_window(13 * 60)}]}, 400),
        (
            base
            | {
                "line_items": [
                    {
                        "camera_id": harbor.camera_id,
                        "start": (future - timedelta(hours=1)).isoformat(),
                        "end": future.isoformat(),
                    }
                ]
            },
            400,
        ),
        (base | {"form_answers": {str(uuid.uuid4()): {"x": 1}}}, 400),
    ]
    for body, status in cases:
        _problem(gateway.post("/api/v1/requests", json=body, headers=world.investigator), status)
    assert _ok(gateway.get("/api/v1/requests", headers=world.investigator))["total"] == before
    assert gateway.get("/api/v1/requests").status_code == 401


def test_searchable_records_counts_and_csv(gateway: httpx.Client, world: World) -> None:
    shop = world.owners["shop"]
    request = _submit(gateway, world.investigator, shop, description="Searchable bicycle theft")
    found = _ok(
        gateway.get("/api/v1/requests", params={"q": "bicycle"}, headers=world.investigator)
    )
    assert [r["id"] for r in found["items"]] == [request["id"]]
    by_number = _ok(
        gateway.get(
            "/api/v1/requests",
            params={
                "incident_number": request["incident_number"],
                "camera_id": shop.camera_id,
                "owner_org_id": shop.org_id,
            },
            headers=world.investigator,
        )
    )
    assert by_number["total"] == 1
    counts = _ok(gateway.get("/api/v1/requests/counts", headers=world.investigator))
    assert (
        counts["total"] == sum(counts["by_status"].values())
        and counts["by_status"]["submitted"] >= 1
    )
    exported = gateway.get(
        "/api/v1/requests/export.csv", params={"q": "bicycle"}, headers=world.investigator
    )
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["request_id"], r["owner_org_id"], r["line_item_status"]) for r in rows] == [
        (request["id"], shop.org_id, "submitted")
    ]
    _problem(
        gateway.get("/api/v1/requests", params={"status": "odd"}, headers=world.investigator), 400
    )
