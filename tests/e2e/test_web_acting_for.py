"""A superadmin helps an organization set up in a real browser (issue 16, decision 0048):
finds it on the organizations page, acts for it, and its owner-side pages (a camera it
already has, its request form) open under a banner on every page, until Stop acting; each
page checked with axe at two widths and photographed, the search and Stop by keyboard."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .web_browser import Visits
from .web_people import new_camera, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
BANNER = "You are acting for"


@pytest.fixture(scope="module")
def harbor(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    admin = new_person_in_new_org(gateway, root, "Harbor Setup", "Hana Admin", ["org_admin"])
    new_camera(gateway, admin["headers"])
    org = gateway.get(f"/api/v1/orgs/{admin['org_id']}", headers=root).json()
    return {"name": org["name"], "id": org["id"]}


def _nav(page: Page, name: str) -> Any:
    return page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name=name)


def test_a_superadmin_acts_for_an_organization_under_a_banner_and_stops(
    page: Page, stack: dict[str, Any], harbor: dict[str, Any], visits: Visits
) -> None:
    page.goto("/sign-in")
    sign_in(page, stack["admin_email"], stack["admin_password"])
    _nav(page, "Organizations").click()
    expect(page.get_by_role("heading", name="Organizations", exact=True)).to_be_visible()
    page.get_by_label("Organization name").focus()
    page.keyboard.type(harbor["name"])
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 organization found")).to_be_visible()
    visits.check(page, "organizations")

    row = page.get_by_role("row", name=re.compile(harbor["name"]))
    row.get_by_role("button", name="Act for this organization").click()
    banner = page.get_by_role("region", name="Acting for an organization")
    expect(banner).to_contain_text(f"{BANNER} {harbor['name']} as its administrator")
    expect(page.get_by_role("heading", name="Cameras", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Loading dock"))).to_be_visible()
    visits.check(page, "acting cameras")

    _nav(page, "Settings").click()
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Request form"
    ).click()
    expect(page.get_by_role("heading", name="Request form", exact=True)).to_be_visible()
    expect(banner).to_be_visible()
    visits.check(page, "acting request form")

    banner.get_by_role("button", name="Stop acting").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Organizations", exact=True)).to_be_visible()
    expect(page.get_by_text(BANNER)).to_have_count(0)
    expect(_nav(page, "Cameras")).to_have_count(0)
    visits.check(page, "stopped acting")
