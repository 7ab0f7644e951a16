"""An investigator works a case in a real browser: creates it (an empty title refused at its
field, what was typed kept), finds it by search and by filter, edits it with an assignee
picked by name, places a legal hold by keyboard, sees the evidence uploaded into it as a grid
(poster, duration, source, hash), and closes it. Another organization's user gets the 404 page.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip
from playwright.sync_api import Locator, Page, expect

from .conftest import login, wait_until
from .helpers import PASSWORD, call, tus_upload, wait_for_items
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def metro(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    ana = new_person_in_new_org(gateway, admin, "Metro PD", "Ana Ruiz", ["investigator"])
    ben = new_person(gateway, admin, ana["org_id"], "Ben Cho", ["investigator"])
    outsider = new_person_in_new_org(gateway, admin, "Elsewhere PD", "Eli Stone", ["investigator"])
    return {"ana": ana, "ben": ben, "outsider": outsider}


def _nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name=name)


def _upload_evidence(gateway: httpx.Client, headers: dict[str, str], case_id: str) -> None:
    """A clip (which gets a poster frame and a duration) and a file, through an upload grant."""
    grant = call(gateway, "POST", f"/api/v1/cases/{case_id}/uploads", headers, {}, 201)
    start = datetime(2026, 12, 1, 23, 50, tzinfo=UTC)
    clip = make_clip("pier", 1, start, start + timedelta(seconds=20))
    tus_upload(grant["tus_url"], grant["token"], clip, "pier-4.mp4", "video/mp4")
    tus_upload(grant["tus_url"], grant["token"], b"notes" * 100, "notes.txt", "text/plain")
    items = wait_for_items(gateway, headers, case_id, 2)
    clip_id = next(i["id"] for i in items if i["filename"] == "pier-4.mp4")

    def poster() -> Any:
        item = call(gateway, "GET", f"/api/v1/evidence/{clip_id}", headers)
        return item if item["processing"] != "pending" else None

    assert wait_until(poster, timeout=60, what="the clip's poster frame")["has_thumbnail"]


def test_an_investigator_works_a_case_from_creation_to_closing(
    page: Page, gateway: httpx.Client, metro: dict[str, Any], visits: Visits
) -> None:
    ana = metro["ana"]
    page.goto("/")
    sign_in(page, ana["email"], PASSWORD)
    _nav(page, "Cases").click()
    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()
    visits.check(page, "cases empty")

    # Create: an empty title is refused at its field; what was typed stays.
    page.get_by_role("link", name="New case").click()
    page.get_by_label("Incident type").fill("Burglary")
    page.get_by_label("Location").fill("Pier 4, Harbor Way")
    page.get_by_label("Department").fill("Central")
    page.get_by_label("Tags").fill("harbor, night")
    page.get_by_label("Custom fields").fill("Court date: 2027-02-01")
    page.get_by_role("button", name="Create case").click()
    expect(page.get_by_role("alert")).to_contain_text("Title")
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Tags")).to_have_value("harbor, night")
    visits.check(page, "new case refused")
    title.fill("Break-in at Pier 4")
    page.get_by_role("button", name="Create case").click()
    expect(page.get_by_role("heading", name="Break-in at Pier 4")).to_be_visible()
    case_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    number = call(gateway, "GET", f"/api/v1/cases/{case_id}", ana["headers"])["number"]
    _upload_evidence(gateway, ana["headers"], case_id)

    # Find it: search as you type, then filters in the URL.
    _nav(page, "Cases").click()
    page.get_by_label("Search").fill("Pier 4")
    expect(page.get_by_role("link", name=number)).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=Pier(\+|%20)4"))
    page.get_by_label("Status").select_option("closed")
    expect(page.get_by_text("No case matches these filters.")).to_be_visible()
    page.get_by_label("Status").select_option("open")
    page.get_by_label("Department", exact=True).fill("Central")
    today = datetime.now(UTC).date()
    page.get_by_label("Opened from").fill(str(today + timedelta(days=1)))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No case matches these filters.")).to_be_visible()
    page.get_by_label("Opened from").fill(str(today))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name=number)).to_be_visible()
    visits.check(page, "cases found")

    # Edit: Ben assigned by his name.
    page.get_by_role("link", name=number).click()
    page.get_by_role("link", name="Edit case").click()
    expect(page.get_by_label("Title")).to_have_value("Break-in at Pier 4")
    page.get_by_text("Ben Cho").click()  # the label: USWDS draws its own box
    visits.check(page, "edit case")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("definition").filter(has_text="Ben Cho")).to_be_visible()
    expect(page.get_by_role("term").filter(has_text="Court date")).to_be_visible()

    # Legal hold by keyboard: type the reason, Tab to the button, Enter.
    hold = page.get_by_role("region", name="Legal hold")
    hold.get_by_label("Reason").focus()
    page.keyboard.type("Civil suit filed by the pier's owner")
    page.keyboard.press("Tab")
    expect(hold.get_by_role("button", name="Place legal hold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(hold.get_by_role("button", name="Release legal hold")).to_be_visible()
    assert call(gateway, "GET", f"/api/v1/cases/{case_id}", ana["headers"])["legal_hold"]

    # The evidence grid: poster, duration, source and the hash in full on demand.
    grid = page.get_by_role("region", name=re.compile(r"Evidence \(2\)"))
    clip = grid.get_by_role("listitem").filter(has=page.get_by_role("heading", name="pier-4.mp4"))
    poster = clip.get_by_role("img", name="Poster frame of pier-4.mp4")
    expect(poster).to_be_visible()
    assert poster.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(clip).to_contain_text(re.compile(r"Duration\s*0:0[1-9]"))
    expect(clip).to_contain_text("Upload")
    clip.get_by_text("SHA-256").click()
    expect(clip.get_by_text(re.compile(r"^[0-9a-f]{64}$"))).to_be_visible()
    visits.check(page, "case with evidence")

    # Close it; it now turns up under the Closed filter.
    status = page.get_by_role("region", name="Status")
    status.get_by_label("Reason").fill("Suspect charged")
    status.get_by_role("button", name="Close case").click()
    expect(status.get_by_role("button", name="Reopen case")).to_be_visible()
    expect(page.get_by_text("Closed", exact=True).first).to_be_visible()
    visits.check(page, "case closed")
    page.goto("/cases?status=closed")
    expect(page.get_by_role("link", name=number)).to_be_visible()

    # Another organization's investigator: the 404 page, nothing of the case.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/sign-in")
    sign_in(page, metro["outsider"]["email"], PASSWORD)
    page.goto(f"/cases/{case_id}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Break-in at Pier 4")).to_have_count(0)
    visits.check(page, "case of another organization")
