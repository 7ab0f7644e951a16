"""An owner's admin builds the next version of its request form in a real browser: fields of
several types, a pattern RE2 refuses shown next to its field with what was typed kept, a
preview, publishing version N+1, the history naming it, and an investigator of another
organization answering the new field on the compose page for the owner's camera."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_camera, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FIRST = {
    "title": "Harbor questions",
    "fields": [{"key": "badge", "label": "Badge number", "type": "text", "required": True}],
}


@pytest.fixture(scope="module")
def people(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    boss = new_person_in_new_org(gateway, admin, "Harbor Mall", "Nia Brooks", ["org_admin"])
    camera = new_camera(gateway, boss["headers"])
    call(gateway, "POST", "/api/v1/request-forms", boss["headers"], FIRST, 201)
    detective = new_person_in_new_org(gateway, admin, "Metro PD", "Ray Chen", ["investigator"])
    return {"boss": boss, "camera": camera, "detective": detective}


def _add(page: Page, kind: str, question: str) -> None:
    page.get_by_label("Type of field").select_option(label=kind)
    page.get_by_role("button", name="Add field").click()
    page.get_by_label("Question", exact=True).last.fill(question)


def test_an_admin_publishes_a_new_version_an_investigator_then_fills_in(
    page: Page, gateway: httpx.Client, people: dict[str, Any], visits: Visits
) -> None:
    page.goto("/sign-in")
    sign_in(page, people["boss"]["email"], PASSWORD)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Request form"
    ).click()
    expect(page.get_by_text("In force: version 1")).to_be_visible()
    visits.check(page, "request form editor")

    _add(page, "Number", "Vehicles involved")
    page.get_by_label("Largest value (optional)").fill("10")
    _add(page, "Several choices from a list", "Areas seen")
    page.get_by_label("Choices", exact=True).fill("Lobby\nGate")
    _add(page, "Short text", "Licence plate")
    pattern = page.get_by_label("Pattern (optional)").last  # the badge's is first
    pattern.fill("^(?=A)[A-Z]+$")  # lookahead: RE2 refuses it
    page.get_by_role("button", name="Publish version 2").click()
    pattern = page.get_by_label("Pattern (optional)").last
    expect(pattern).to_have_attribute("aria-invalid", "true")
    expect(pattern).to_have_value("^(?=A)[A-Z]+$")
    expect(
        page.get_by_text("Pattern is not a valid regular expression for RE2").first
    ).to_be_visible()
    visits.check(page, "request form refused pattern")
    assert (
        len(call(gateway, "GET", "/api/v1/request-forms", people["boss"]["headers"])["items"]) == 1
    )

    # By keyboard: a pattern RE2 takes, then Enter keeps the draft, then Preview.
    pattern.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("[A-Z0-9]{2,8}")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Pattern (optional)").last).to_have_value("[A-Z0-9]{2,8}")
    page.get_by_role("button", name="Preview").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Preview of version 2")).to_be_visible()
    preview = page.get_by_role("group", name="The form as requesters see it")
    for label in ("Badge number", "Vehicles involved (optional)", "Licence plate (optional)"):
        expect(preview.get_by_label(label)).to_be_visible()
    expect(preview.get_by_text("Areas seen (optional)")).to_be_visible()
    visits.check(page, "request form preview")

    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 is published")).to_be_visible()
    versions = call(gateway, "GET", "/api/v1/request-forms", people["boss"]["headers"])["items"]
    newest = max(versions, key=lambda v: v["version"])
    assert newest["version"] == 2
    assert [f["key"] for f in newest["fields"]] == [
        "badge", "vehicles_involved", "areas_seen", "licence_plate",
    ]  # fmt: skip
    assert newest["fields"][3]["pattern"] == "[A-Z0-9]{2,8}" and newest["fields"][1]["max"] == 10

    page.get_by_role("link", name="Version history").click()
    history = page.get_by_role("table", name="Published versions, newest first")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Nia Brooks")
    visits.check(page, "request form history")
    history.get_by_role("link", name="Version 2").click()
    expect(page.get_by_role("heading", name="Version 2")).to_be_visible()
    visits.check(page, "request form version 2")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/sign-in")
    sign_in(page, people["detective"]["email"], PASSWORD)
    page.goto(f"/requests/new?camera={people['camera']['id']}")
    expect(page.get_by_text("version 2 of its form")).to_be_visible()
    expect(page.get_by_label("Licence plate (optional)")).to_be_visible()
    visits.check(page, "compose with the new field")
