"""The web app in a real browser, as a person uses it: by role and label, never CSS paths.
Every page visited passes axe-core (no serious or critical violations) at 1440 and 390 px
and is saved as screenshots (WEB_SCREENSHOTS_DIR, or the test's tmp_path)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call, new_case
from .web_browser import NARROW, Visits
from .web_people import new_camera, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def people(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """An investigator of Metro PD with one request to Harbor Mall's camera, and a case."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_person_in_new_org(gateway, admin, "Metro PD", "Dana Reyes", ["investigator"])
    harbor = new_person_in_new_org(gateway, admin, "Harbor Mall", "Sam Okafor", ["org_admin"])
    camera = new_camera(gateway, harbor["headers"])
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    body = {
        "incident_number": f"MPD-{uuid.uuid4().hex[:6].upper()}",
        "description": "Hit and run at the loading dock",
        "line_items": [
            {
                "camera_id": camera["id"],
                "start": (end - timedelta(minutes=10)).isoformat(),
                "end": end.isoformat(),
            }
        ],
    }
    request = call(gateway, "POST", "/api/v1/requests", metro["headers"], body, 201)
    case = new_case(gateway, metro["headers"], title="Hit and run, Harbor Way")
    return {"investigator": metro, "request": request, "camera": camera, "case": case}


def test_investigator_signs_in_and_opens_a_request_from_an_email_link(
    page: Page, people: dict[str, Any], visits: Visits
) -> None:
    request = people["request"]
    page.goto(f"/requests/{request['id']}")  # the link in the email, signed out
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "/sign-in?next=" in page.url
    visits.check(page, "sign in")

    sign_in(page, people["investigator"]["email"], PASSWORD)
    expect(
        page.get_by_role("heading", name=f"Request {request['incident_number']}")
    ).to_be_visible()
    assert page.url.endswith(f"/requests/{request['id']}")
    row = page.get_by_role("row", name=re.compile("Loading dock"))
    state = request["line_items"][0]["status"].replace("_", " ")
    expect(row.get_by_role("cell", name=re.compile(f"^{state}", re.IGNORECASE))).to_be_visible()
    visits.check(page, "request")

    page.get_by_role("link", name="Requests", exact=True).first.click()
    expect(page.get_by_role("heading", name="Requests", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=request["incident_number"])).to_be_visible()
    visits.check(page, "requests")

    page.goto(f"/cases/{people['case']['id']}")
    expect(page.get_by_role("heading", name="Hit and run, Harbor Way")).to_be_visible()
    visits.check(page, "case")

    page.goto(f"/requests/{uuid.uuid4()}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    visits.check(page, "not found")


def test_a_wrong_password_shows_the_error_next_to_the_form_and_keeps_the_email(
    page: Page, people: dict[str, Any], visits: Visits
) -> None:
    email = people["investigator"]["email"]
    page.goto("/sign-in")
    sign_in(page, email, "not the password")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    field = page.get_by_label("Email address")
    expect(field).to_have_value(email)
    expect(field).to_have_attribute("aria-invalid", "true")
    message = page.locator(f"#{field.get_attribute('aria-describedby')}")
    expect(message).to_contain_text(re.compile("incorrect|invalid", re.IGNORECASE))
    visits.check(page, "sign in refused")

    summary.get_by_role("link").first.click()  # the summary links to the field in error
    expect(field).to_be_focused()


def test_a_locked_account_is_told_so(
    page: Page, stack: dict[str, Any], gateway: httpx.Client, visits: Visits
) -> None:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    locked = new_person_in_new_org(gateway, admin, "Lock Test", "Lee Park", ["investigator"])
    page.goto("/sign-in")
    for _ in range(6):  # the gateway locks an account after five failures in a row
        sign_in(page, locked["email"], "wrong guess")
    expect(page.get_by_role("alert")).to_contain_text(re.compile("lock", re.IGNORECASE))
    expect(page.get_by_label("Email address")).to_have_value(locked["email"])
    visits.check(page, "account locked")


def test_sign_out_ends_the_session(page: Page, people: dict[str, Any], visits: Visits) -> None:
    page.goto("/sign-in")
    sign_in(page, people["investigator"]["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Dana Reyes")).to_be_visible()
    visits.check(page, "home")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/requests")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_on_a_phone_the_menu_opens_and_signs_out(
    page: Page, people: dict[str, Any], visits: Visits
) -> None:
    page.set_viewport_size(NARROW)
    page.goto("/sign-in")
    sign_in(page, people["investigator"]["email"], PASSWORD)
    # A loaded 2-core CI machine may take more than the default 5 s to apply the stylesheet.
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden(timeout=20_000)
    page.get_by_role("button", name="Menu").click()  # USWDS's script, under the strict CSP
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    visits.check(page, "signed out")


def test_keyboard_onlysign_in(page: Page, people: dict[str, Any]) -> None:
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(people["investigator"]["email"])
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Dana Reyes")).to_be_visible()


def test_a_warning_comes_before_the_idle_sign_out(
    page: Page, people: dict[str, Any], visits: Visits
) -> None:
    page.clock.install()  # the page's timers run on a clock the test moves
    page.goto("/sign-in")
    sign_in(page, people["investigator"]["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Dana Reyes")).to_be_visible()

    page.clock.run_for("28:01")  # two minutes before the 30-minute idle limit
    warning = page.get_by_role("dialog", name="Are you still there?")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("button", name="Stay signed in")).to_be_focused()
    visits.check(page, "idle warning")
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()

    page.clock.run_for("29:00")  # the timers started again when the session was touched
    expect(warning).to_be_visible()
    page.clock.run_for("02:00")
    expect(page.get_by_text("You were signed out because Custody was not used")).to_be_visible()
    assert "next=%2F" in page.url
