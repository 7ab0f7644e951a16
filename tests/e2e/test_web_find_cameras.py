"""The investigator's "Find cameras" page in a real browser: cameras of several owners around a
point, listed by distance with their owners' names and contacts, filtered by kind, two of them
picked for a request; the map draws them with no tile server reachable (the tests run
offline). One keyboard-only path: coordinates form, results list, checkbox, button.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import math
import random
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # the stack


def _east_of(centre: tuple[float, float], metres: float) -> tuple[float, float]:
    lat, lon = centre
    return lat, lon + metres / (111_320 * math.cos(math.radians(lat)))


@pytest.fixture(scope="module")
def town(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Two owners' cameras around a point no other test uses, and an investigator of a third
    organization. Harbor has a public contact; Metro's private camera is nobody else's."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    rng = random.Random()
    centre = (rng.uniform(-40, 40), rng.uniform(100, 170))  # far from the other tests' cameras
    harbor = new_person_in_new_org(gateway, root, "Harbor Mall", "Hana Ito", ["org_admin"])
    metro = new_person_in_new_org(gateway, root, "Metro Transit", "Mo Diaz", ["org_admin"])
    contact = {"contact_name": "Security desk", "contact_email": "desk@harbor.example"}
    card = call(gateway, "PATCH", f"/api/v1/orgs/{harbor['org_id']}", harbor["headers"], contact)
    cameras = {}
    for owner, name, kind, metres, visibility in [
        (harbor, "Harbor entrance", "fixed", 120, "registry"),
        (metro, "Metro platform", "ptz", 260, "registry"),
        (harbor, "Harbor side door", "doorbell", 420, "registry"),
        (metro, "Metro staff room", "fixed", 150, "private"),
        (metro, "Metro depot", "fixed", 4000, "registry"),  # outside a 1 km radius
    ]:
        lat, lon = _east_of(centre, metres)
        body = {"name": name, "kind": kind, "latitude": lat, "longitude": lon}
        body |= {"visibility": visibility, "address": f"{metres} m east"}
        cameras[name] = call(gateway, "POST", "/api/v1/cameras", owner["headers"], body, 201)
    investigator = new_person_in_new_org(
        gateway, root, "Riverside PD", "Ines Roy", ["investigator"]
    )
    return {
        "centre": centre,
        "cameras": cameras,
        "harbor": card["name"],
        "metro": call(gateway, "GET", f"/api/v1/orgs/{metro['org_id']}", metro["headers"])["name"],
        "investigator": investigator,
        "second": new_person(gateway, root, investigator["org_id"], "Ivo Lund", ["investigator"]),
    }


def _script_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _map_says(page: Page, count: int) -> None:
    """The map has drawn the answer for its view: markers or cells for `count` cameras."""
    status = page.get_by_text(re.compile(r"\d+ cameras? in this part of the map"))
    expect(status).to_have_text(
        f"{count} camera{'s' if count != 1 else ''} in this part of the map."
    )


def _open(page: Page, person: dict[str, Any]) -> None:
    page.goto("/cameras/find")
    sign_in(page, person["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Find cameras", level=1)).to_be_visible()


def _rows(page: Page) -> list[str]:
    table = page.get_by_role("table", name=re.compile("Cameras you may request video from"))
    return [name.strip() for name in table.get_by_role("rowheader").all_inner_texts()]


def _requested(page: Page) -> list[str]:
    page.wait_for_url(re.compile(r"/requests/new\?"))
    return parse_qs(urlsplit(page.url).query)["camera"]


def test_an_investigator_finds_cameras_around_a_point_and_picks_two(
    page: Page, town: dict[str, Any], visits: Visits
) -> None:
    errors = _script_errors(page)
    _open(page, town["investigator"])
    expect(page.get_by_text("Choose a place")).to_be_visible()
    visits.check(page, "find cameras")
    lat, lon = town["centre"]
    page.get_by_label("Latitude").fill(f"{lat:.6f}")
    page.get_by_label("Longitude").fill(f"{lon:.6f}")
    page.get_by_label("Radius in metres").fill("1000")
    page.get_by_role("button", name="Find cameras").click()
    expect(page.get_by_role("heading", name="3 cameras within 1.0 km")).to_be_visible()
    rows = _rows(page)
    assert [r.split("\n")[0] for r in rows] == [
        "Harbor entrance",
        "Metro platform",
        "Harbor side door",
    ]  # nearest first; Metro's private camera and its far depot are not listed
    entrance = page.get_by_role("row", name=re.compile("Harbor entrance"))
    expect(entrance.get_by_text(town["harbor"])).to_be_visible()
    expect(entrance.get_by_role("link", name="desk@harbor.example")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Metro platform"))).to_contain_text(
        town["metro"]
    )
    # The map, with no tiles to load: the cameras as markers (clustered), and the circle.
    _map_says(page, 3)
    visits.check(page, "find cameras results")

    page.get_by_label("Are of this kind").select_option(label="Doorbell camera")
    page.get_by_role("button", name="Find cameras").click()
    expect(page.get_by_role("heading", name="1 camera within 1.0 km")).to_be_visible()
    assert [r.split("\n")[0] for r in _rows(page)] == ["Harbor side door"]
    page.get_by_label("Are of this kind").select_option(label="Any kind")
    page.get_by_label("Belong to").fill(town["harbor"])
    page.get_by_role("button", name="Find cameras").click()
    expect(page.get_by_role("heading", name="2 cameras within 1.0 km")).to_be_visible()
    page.get_by_label("Belong to").fill("")
    page.get_by_role("button", name="Find cameras").click()
    expect(page.get_by_role("heading", name="3 cameras within 1.0 km")).to_be_visible()

    page.get_by_text("Harbor entrance", exact=True).click()  # USWDS draws the box on the label
    page.get_by_text("Metro platform", exact=True).click()
    expect(page.get_by_role("checkbox", name="Metro platform")).to_be_checked()
    page.get_by_role("button", name="Request video from 2 cameras").click()
    chosen = [town["cameras"][n]["id"] for n in ("Harbor entrance", "Metro platform")]
    assert _requested(page) == chosen
    assert errors == []


def test_clicking_the_map_searches_there(page: Page, town: dict[str, Any], visits: Visits) -> None:
    errors = _script_errors(page)
    lat, lon = town["centre"]
    page.goto(f"/cameras/find?latitude={lat}&longitude={lon}&radius_m=1000")
    sign_in(page, town["second"]["email"], PASSWORD)
    expect(page.get_by_role("heading", name="3 cameras within 1.0 km")).to_be_visible()
    page.get_by_role("region", name=re.compile("Map of cameras")).click()  # its centre
    expect(page.get_by_label("Latitude")).not_to_have_value(str(lat))
    clicked = float(page.get_by_label("Latitude").input_value())
    assert abs(clicked - lat) < 0.01  # the map was fitted to the search circle
    expect(page.get_by_role("heading", name=re.compile(r"cameras? within 1\.0 km"))).to_be_visible()
    _map_says(page, 3)
    visits.check(page, "find cameras after a map click")
    assert errors == []


def test_the_keyboard_alone_finds_and_picks_a_camera(
    page: Page, town: dict[str, Any], visits: Visits
) -> None:
    _open(page, town["second"])
    lat, lon = town["centre"]
    keys = page.keyboard
    expect(page.locator("#find-map")).to_have_attribute("data-drawn", re.compile(r"\d"))  # loaded
    page.get_by_role("link", name="Skip to main content").focus()
    keys.press("Enter")
    keys.press("Tab")
    expect(page.get_by_label("Latitude")).to_be_focused()
    # A person looks at each field before the next key: so does the test (a CI run once saw
    # the keys land in the wrong fields while the page was still starting its map).
    latitude, longitude, radius = (
        page.get_by_label(n) for n in ("Latitude", "Longitude", "Radius in metres")
    )
    keys.type(f"{lat:.6f}")
    expect(latitude).to_have_value(f"{lat:.6f}")
    keys.press("Tab")
    expect(longitude).to_be_focused()
    keys.type(f"{lon:.6f}")
    expect(longitude).to_have_value(f"{lon:.6f}")
    keys.press("Tab")
    expect(radius).to_be_focused()
    keys.press("Control+A")
    keys.type("1000")
    expect(radius).to_have_value("1000")
    keys.press("Enter")
    expect(page.get_by_role("heading", name="3 cameras within 1.0 km")).to_be_focused()
    visits.check(page, "find cameras by keyboard")
    page.get_by_role("heading", name="3 cameras within 1.0 km").focus()  # where it was
    keys.press("Tab")
    expect(page.get_by_role("checkbox", name="Harbor entrance")).to_be_focused()
    keys.press("Space")
    button = page.get_by_role("button", name="Request video from 1 camera")
    for _ in range(20):  # past the row's contact links, to the button
        if button.evaluate("b => b === document.activeElement"):
            break
        keys.press("Tab")
    expect(button).to_be_focused()
    keys.press("Enter")
    assert _requested(page) == [town["cameras"]["Harbor entrance"]["id"]]
