"""People, organizations and cameras for the browser tests, made through the gateway's API,
and signing in through the web app's form as a person does."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.sync_api import Page

from .conftest import login
from .helpers import PASSWORD, call


def new_person_in_new_org(
    client: httpx.Client, admin: dict[str, str], name: str, person: str, roles: list[str]
) -> dict[str, Any]:
    org = call(
        client, "POST", "/api/v1/orgs", admin, {"name": f"{name} {uuid.uuid4().hex[:6]}"}, 201
    )
    return new_person(client, admin, org["id"], person, roles)


def new_person(
    client: httpx.Client, admin: dict[str, str], org_id: str, person: str, roles: list[str]
) -> dict[str, Any]:
    email = f"{person.split()[0].lower()}.{uuid.uuid4().hex[:6]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": person, "roles": roles}
    user = call(client, "POST", f"/api/v1/orgs/{org_id}/users", admin, body, 201)
    return user | {"email": email, "headers": login(client, email, PASSWORD)}


def new_camera(client: httpx.Client, headers: dict[str, str]) -> Any:
    device = {"name": "Dock DVR", "kind": "in_car", "channels": 1}
    created = call(client, "POST", "/api/v1/devices", headers, device, 201)
    camera = {
        "name": "Loading dock",
        "kind": "fixed",
        "latitude": 45.5029,
        "longitude": -73.5666,
        "address": "1 Harbor Way",
        "device_id": created["device"]["id"],
        "channel": 1,
        "visibility": "registry",
    }
    return call(client, "POST", "/api/v1/cameras", headers, camera, 201)


def sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
