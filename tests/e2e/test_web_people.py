"""An org admin manages the organization's people in a real browser (decision 0042): finds a
person by name, changes their roles, resets their password (the temporary password shown
once), and deactivates then reactivates them after confirmation pages; the person signs in
with the temporary password and is sent to choose their own before anything else, with the
form's mistakes said beside its fields."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
OWN_PASSWORD = "my own harbor password"


@pytest.fixture(scope="module")
def harbor(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    admin = new_person_in_new_org(gateway, root, "Harbor People", "Hana Admin", ["org_admin"])
    org_id = admin["org_id"]
    dana = new_person(gateway, admin["headers"], org_id, "Dana Quill", ["investigator"])
    new_person(gateway, admin["headers"], org_id, "Omar Reyes", ["approver"])
    return {"admin": admin, "dana": dana}


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_an_admin_finds_a_person_changes_roles_resets_and_deactivates(
    page: Page, harbor: dict[str, Any], gateway: httpx.Client, visits: Visits
) -> None:
    page.goto("/sign-in")
    sign_in(page, harbor["admin"]["email"], PASSWORD)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    expect(page.get_by_text("3 people found")).to_be_visible()
    visits.check(page, "people")

    # By keyboard: the name typed in the search box and sent with Enter.
    page.get_by_label("Name or email").focus()
    page.keyboard.type("dana")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 person found")).to_be_visible()
    page.get_by_role("link", name="Dana Quill").click()
    expect(page.get_by_role("heading", name="Dana Quill")).to_be_visible()
    visits.check(page, "person")

    page.get_by_label("Approver").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("Roles saved")).to_be_visible()
    expect(page.get_by_label("Approver")).to_be_checked()
    page.get_by_text("Investigator", exact=True).click()  # the label: USWDS draws the box
    page.get_by_text("Approver", exact=True).click()
    page.get_by_role("button", name="Save roles").click()
    expect(page.locator("#roles-error")).to_contain_text("at least one role")
    visits.check(page, "roles refused")

    page.get_by_role("link", name="Reset password").click()
    expect(page.get_by_role("heading", name="Reset the password of Dana Quill?")).to_be_visible()
    visits.check(page, "reset confirm")
    page.get_by_role("button", name="Reset password").click()
    temporary = page.get_by_label("Temporary password").input_value()
    assert len(temporary) >= 20
    visits.check(page, "temporary password")
    page.get_by_role("link", name="Done").click()

    page.get_by_role("link", name="Deactivate").click()
    visits.check(page, "deactivate confirm")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("can no longer sign in")).to_be_visible()
    refused = {"username": harbor["dana"]["email"], "password": temporary}
    assert gateway.post("/api/v1/auth/token", data=refused).status_code == 401
    page.get_by_role("link", name="Reactivate").click()
    page.get_by_role("button", name="Reactivate").click()
    expect(page.get_by_text("They can sign in again")).to_be_visible()

    page.get_by_role("link", name="All people").click()
    page.get_by_label("Status", exact=True).select_option("deactivated")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text("0 people found")).to_be_visible()
    _sign_out(page)

    # Dana signs in with the temporary password: only choosing her own is open to her.
    page.goto("/sign-in")
    sign_in(page, harbor["dana"]["email"], temporary)
    expect(page).to_have_url(re.compile(r"/account/password$"))
    expect(page.get_by_role("heading", name="Choose a new password to continue")).to_be_visible()
    visits.check(page, "password required")
    page.goto("/cases")
    expect(page).to_have_url(re.compile(r"/account/password$"))
    expect(page.get_by_role("heading", name="Your password")).to_be_visible()
    page.get_by_label("Current password").fill("not the password")
    page.get_by_label("New password", exact=True).fill(OWN_PASSWORD)
    page.get_by_label("New password again").fill(OWN_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#current_password-error")).to_contain_text("not right")
    visits.check(page, "password refused")
    page.get_by_label("Current password").fill(temporary)
    page.get_by_label("New password", exact=True).fill(OWN_PASSWORD)
    page.get_by_label("New password again").fill(OWN_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()
    page.goto("/cases")
    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()
    login(gateway, harbor["dana"]["email"], OWN_PASSWORD)
