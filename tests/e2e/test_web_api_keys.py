"""An org admin manages API keys in a real browser: a form without a name or an operation
refused at its fields, a key for the CAD system created by keyboard with two operations
picked by name, its secret shown once and copied with the button, the key used on the API
(its last use then listed), and the key revoked after a confirmation, after which the API
refuses it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, is_problem
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

# The first module to run starts the stack, slowly on a busy machine.
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(1500)]


@pytest.fixture(scope="module")
def admin(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    return new_person_in_new_org(gateway, root, "Dispatch County", "Dana Admin", ["org_admin"])


def _open_incident(gateway: httpx.Client, secret: str) -> httpx.Response:
    path = f"/api/v1/cases/by-incident/CAD-{uuid.uuid4().hex[:8]}"
    headers = {"Authorization": f"Bearer {secret}"}
    return gateway.put(path, json={"title": "Structure fire"}, headers=headers)


def test_an_admin_creates_copies_and_revokes_a_key_for_the_cad_system(
    page: Page, admin: dict[str, Any], gateway: httpx.Client, visits: Visits
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/sign-in")
    sign_in(page, admin["email"], PASSWORD)
    page.get_by_role("link", name="Settings").click()
    admin_pages = page.get_by_role("navigation", name="Administration")
    admin_pages.get_by_role("link", name="API keys").click()
    expect(page.get_by_role("heading", name="API keys", exact=True)).to_be_visible()
    expect(page.get_by_text("no API keys yet")).to_be_visible()
    visits.check(page, "api keys none")

    page.get_by_role("link", name="Create a key").click()
    visits.check(page, "api key form")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name")
    expect(page.get_by_label("Name", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#scopes-error")).to_contain_text("at least one operation")
    visits.check(page, "api key refused")

    # By keyboard: the name typed, two operations ticked with Space, the form sent with Enter.
    page.get_by_label("Name", exact=True).focus()
    page.keyboard.type("CAD dispatch")
    for operation in ("open_incident_case", "read_case"):
        page.get_by_label(operation).focus()
        page.keyboard.press("Space")
    page.get_by_label("Name", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Key created")).to_be_visible()
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    secret = page.get_by_label("API key").input_value()
    assert secret.startswith("cak_")
    page.get_by_role("button", name="Copy the key").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    visits.check(page, "api key created")

    assert _open_incident(gateway, secret).status_code == 201
    page.get_by_role("link", name="back to the keys").click()
    row = page.get_by_role("row").filter(has_text="CAD dispatch")
    expect(row).to_contain_text(secret[:20])
    expect(row).to_contain_text("open_incident_case, read_case")
    expect(row).to_contain_text("Active")
    expect(row.get_by_role("cell").nth(3)).not_to_contain_text("Never")  # last used
    assert secret not in page.content()
    visits.check(page, "api keys listed")

    row.get_by_role("link", name="Revoke").click()
    expect(page.get_by_role("heading", name="Revoke this key?")).to_be_visible()
    visits.check(page, "api key revoke")
    page.get_by_role("button", name="Revoke key").click()
    expect(page.get_by_role("status").filter(has_text="Key revoked")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="CAD dispatch")).to_contain_text("Revoked")
    visits.check(page, "api key revoked")
    assert is_problem(_open_incident(gateway, secret), 401)
