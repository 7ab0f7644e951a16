"""An owner's admin sets how requests are handled, in a real browser: approvers ticked by
name from the organization's directory, a partner found by its name, a bad number refused
next to its field with what was typed kept, and the saved settings as the API has them."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def owner(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    boss = new_person_in_new_org(gateway, admin, "Harbor Mall", "Sam Okafor", ["org_admin"])
    priya = new_person(gateway, admin, boss["org_id"], "Priya Shah", ["approver"])
    new_person(gateway, admin, boss["org_id"], "Omar Haddad", ["approver"])
    partner_name = f"Metro PD {uuid.uuid4().hex[:6]}"
    partner = call(gateway, "POST", "/api/v1/orgs", admin, {"name": partner_name}, 201)
    return {"boss": boss, "priya": priya, "partner": partner}


def test_an_admin_picks_approvers_and_a_partner_by_name(
    page: Page, gateway: httpx.Client, owner: dict[str, Any], visits: Visits
) -> None:
    page.goto("/sign-in")
    sign_in(page, owner["boss"]["email"], PASSWORD)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Request settings", exact=True)).to_be_visible()
    expect(page.get_by_label("Omar Haddad")).not_to_be_checked()
    visits.check(page, "request settings")

    page.get_by_text("Priya Shah").click()  # the label: USWDS draws its own box
    page.get_by_label("Add a partner organization").fill("No Such Agency Anywhere")
    span = page.get_by_label("Longest time range per camera, in hours")
    span.fill("a day")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a whole number of hours")
    expect(span).to_have_value("a day")
    expect(span).to_have_attribute("aria-invalid", "true")
    adding = page.get_by_label("Add a partner organization")
    expect(adding).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Priya Shah")).to_be_checked()  # what was ticked is kept
    visits.check(page, "request settings refused")

    # By keyboard from the partner field on.
    adding.fill(owner["partner"]["name"])
    span.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("24")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Request settings saved.")).to_be_visible()
    expect(page.get_by_label(owner["partner"]["name"])).to_be_checked()
    visits.check(page, "request settings saved")

    saved = call(gateway, "GET", "/api/v1/request-settings", owner["boss"]["headers"])
    assert saved["approver_user_ids"] == [owner["priya"]["id"]]
    assert saved["auto_approve_org_ids"] == [owner["partner"]["id"]]
    assert saved["max_span_hours"] == 24
