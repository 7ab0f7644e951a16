"""The owner admin's cameras in a real browser: a camera added by clicking the map, its view
drawn as a wedge from the typed heading and field of view, a latitude out of range refused at
its field with what was typed kept, a thumbnail previewed then saved, the camera edited, a
group created and renamed, two cameras moved into it by keyboard, the list filtered and shown
on a map, and a camera retired after its confirmation.

By role and label, never CSS paths (the wedge, a drawing, is found by its class); every page
passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in
from .world import png

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def harbor(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Harbor Authority's admin, with two cameras already registered."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    admin = new_person_in_new_org(gateway, root, "Harbor Authority", "Noor Haddad", ["org_admin"])
    for name, lon in (("Ferry terminal", -73.551), ("Marina gate", -73.549)):
        body = {"name": name, "kind": "fixed", "latitude": 45.507, "longitude": lon}
        call(gateway, "POST", "/api/v1/cameras", admin["headers"], body, 201)
    return admin


def _cameras(gateway: httpx.Client, admin: dict[str, Any], **params: Any) -> dict[str, Any]:
    """The admin's cameras by name, as the API lists them."""
    found = call(gateway, "GET", "/api/v1/cameras", admin["headers"], params=params)
    return {camera["name"]: camera for camera in found["items"]}


def _status(page: Page, text: str) -> Any:
    """The page's status message that says `text` (the bell has a live region too)."""
    return page.get_by_role("status").filter(has_text=text)


def _nav(page: Page, name: str) -> Any:
    return page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name=name)


def test_owner_admin_adds_groups_finds_and_retires_cameras(
    page: Page, harbor: dict[str, Any], visits: Visits, gateway: httpx.Client, tmp_path: Path
) -> None:
    page.goto("/")
    sign_in(page, harbor["email"], PASSWORD)
    _nav(page, "Cameras").click()
    expect(page.get_by_role("heading", name="Cameras", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Ferry terminal"))).to_be_visible()
    expect(page.get_by_text("2 cameras.")).to_be_visible()
    visits.check(page, "camera list")

    _add_a_camera(page, visits, tmp_path)
    added = _cameras(gateway, harbor, text="Pier 4")["Pier 4 camera"]
    assert (added["heading"], added["field_of_view"], added["has_thumbnail"]) == (90, 60, True)
    assert abs(added["latitude"] - 45.5017) < 0.05

    page.get_by_label("Address").fill("Pier 4, Old Port")
    page.get_by_role("button", name="Save camera").click()
    expect(_status(page, "Camera saved.")).to_be_visible()
    assert (
        _cameras(gateway, harbor, text="Pier 4")["Pier 4 camera"]["address"] == "Pier 4, Old Port"
    )

    _group_two_cameras_by_keyboard(page, visits)
    grouped = _cameras(gateway, harbor, status="active")
    assert grouped["Ferry terminal"]["group_id"] == grouped["Marina gate"]["group_id"] is not None
    assert grouped["Pier 4 camera"]["group_id"] is None

    _filter_and_map(page, visits)
    _retire(page, visits, "Marina gate")
    assert _cameras(gateway, harbor, status="retired").keys() == {"Marina gate"}


def _add_a_camera(page: Page, visits: Visits, tmp_path: Path) -> None:
    page.get_by_role("link", name="Add a camera").click()
    expect(page.get_by_role("heading", name="Add a camera")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Pier 4 camera")
    page.get_by_role("region", name="Map: click to place the camera").click()  # its centre
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    page.get_by_label("Heading").fill("90")
    page.get_by_label("Field of view").fill("60")
    expect(_status(page, "facing 90°")).to_contain_text("with a 60° field of view")
    expect(page.locator("path.web-cameras__wedge")).to_be_visible()
    visits.check(page, "new camera with its view drawn")

    clicked = page.get_by_label("Latitude").input_value()
    page.get_by_label("Latitude").fill("123")  # the API refuses it: shown at the field
    page.get_by_role("button", name="Save camera").click()
    expect(page.get_by_role("alert")).to_contain_text("less than or equal to 90")
    expect(page.get_by_label("Latitude")).to_have_value("123")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Pier 4 camera")
    expect(page.get_by_label("Heading")).to_have_value("90")
    visits.check(page, "new camera refused")

    page.get_by_label("Latitude").fill(clicked)
    picture = tmp_path / "pier.png"
    picture.write_bytes(png())
    page.get_by_label("Picture (optional)").set_input_files(picture)
    expect(page.get_by_role("img", name="The chosen picture, not yet saved")).to_be_visible()
    page.get_by_role("button", name="Save camera").click()
    expect(_status(page, "Camera saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Edit Pier 4 camera")).to_be_visible()
    expect(page.get_by_role("img", name="Current view from Pier 4 camera")).to_be_visible()
    expect(page.locator("path.web-cameras__wedge")).to_be_visible()
    visits.check(page, "camera saved with its picture")


def _group_two_cameras_by_keyboard(page: Page, visits: Visits) -> None:
    page.get_by_role("link", name="Camera groups").click()
    page.get_by_label("Name of the new group").fill("Waterfront")
    page.get_by_role("button", name="Create group").click()
    expect(_status(page, "Group “Waterfront” saved.")).to_be_visible()
    page.get_by_label("New name for Waterfront").fill("Waterfront east")
    page.get_by_role("button", name="Rename Waterfront").click()
    expect(page.get_by_role("row", name=re.compile("Waterfront east"))).to_be_visible()
    visits.check(page, "camera groups")

    _nav(page, "Cameras").click()
    for name in ("Ferry terminal", "Marina gate"):
        page.get_by_label(f"Select {name}").focus()
        page.keyboard.press("Space")
        expect(page.get_by_label(f"Select {name}")).to_be_checked()
    page.get_by_label("Into").focus()
    page.get_by_label("Into").select_option(label="Waterfront east")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Move cameras")).to_be_focused()
    page.keyboard.press("Enter")
    expect(_status(page, "Moved 2 cameras into Waterfront east")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Marina gate"))
    expect(row.get_by_role("cell", name="Waterfront east")).to_be_visible()
    visits.check(page, "cameras moved into a group")


def _filter_and_map(page: Page, visits: Visits) -> None:
    page.get_by_label("Group", exact=True).select_option(label="Waterfront east")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("2 cameras match these filters.")).to_be_visible()
    page.get_by_label("Name or address contains").fill("ferry")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 camera matches these filters.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Marina gate"))).to_have_count(0)
    visits.check(page, "cameras filtered")

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="Map", exact=True).click()
    expect(page.get_by_role("region", name="Map of your organization's cameras")).to_have_attribute(
        "data-drawn", "3"
    )
    expect(page.locator("path.web-cameras__wedge")).to_have_count(1)  # Pier 4's view
    expect(page.get_by_role("link", name="Pier 4 camera")).to_be_visible()
    visits.check(page, "cameras on a map")


def _retire(page: Page, visits: Visits, name: str) -> None:
    page.get_by_role("link", name=name).click()
    page.get_by_role("link", name="Retire this camera").click()
    expect(page.get_by_role("heading", name=f"Retire {name}?")).to_be_visible()
    visits.check(page, "retire confirmation")
    page.get_by_role("button", name="Retire camera").click()
    expect(_status(page, f"{name} is retired")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(name))
    expect(row.get_by_text("Retired")).to_be_visible()
    visits.check(page, "camera retired")
