"""A guest's invitation in a real browser: the link an org admin sends, a password chosen
(with mistakes shown next to the field), sign in, and a used link refused in plain words."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import call
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
GUEST_PASSWORD = "lantern orchard velvet"


@pytest.fixture(scope="module")
def invitation(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    owner = new_person_in_new_org(gateway, admin, "Harbor Mall", "Sam Okafor", ["org_admin"])
    email = f"kim.{uuid.uuid4().hex[:6]}@county-sheriff.example"
    body = {"email": email, "display_name": "Kim Lee", "agency": "County Sheriff"}
    invited = call(
        gateway, "POST", f"/api/v1/orgs/{owner['org_id']}/guests", owner["headers"], body, 201
    )
    return invited | {"email": email}


def test_a_guest_accepts_an_invitation_and_signs_in(
    page: Page, invitation: dict[str, Any], visits: Visits
) -> None:
    page.goto(f"/invitations/accept?token={invitation['token']}")
    expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
    visits.check(page, "invitation")

    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("12 characters or more")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    visits.check(page, "invitation refused")

    page.get_by_label("Password", exact=True).fill(GUEST_PASSWORD)
    page.get_by_label("Type the password again").fill(GUEST_PASSWORD + " typo")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_label("Type the password again")).to_have_attribute("aria-invalid", "true")

    # Keyboard only from here: the fields, then Enter submits.
    page.get_by_label("Password", exact=True).focus()
    page.keyboard.type(GUEST_PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(GUEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your account is ready.")).to_be_visible()
    visits.check(page, "account ready")

    sign_in(page, invitation["email"], GUEST_PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Kim Lee")).to_be_visible()


def test_a_used_invitation_says_what_to_do(
    page: Page, gateway: httpx.Client, invitation: dict[str, Any], visits: Visits
) -> None:
    body = {"token": invitation["token"], "password": GUEST_PASSWORD}
    gateway.post("/api/v1/guests/accept", json=body)  # used here, if the test above did not
    page.goto(f"/invitations/accept?token={invitation['token']}")
    page.get_by_label("Password", exact=True).fill(GUEST_PASSWORD)
    page.get_by_label("Type the password again").fill(GUEST_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("expired or was already used")
    visits.check(page, "invitation used")
