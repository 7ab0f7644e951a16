"""The web app in a real browser, as a person uses it: by role and label, never CSS paths.
Every page visited passes axe-core (no serious or critical violations) at 1440 and 390 px
and is saved as screenshots (WEB_SCREENSHOTS_DIR, or the test's tmp_path)."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .conftest import login
from .helpers import PASSWORD, call, new_case
from .web_browser import NARROW, WIDE, Visits, chromium_path

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, stack: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(base_url=stack["web_url"], viewport=WIDE)  # type: ignore[arg-type]
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def visits(request: pytest.FixtureRequest, tmp_path: Path, page: Page) -> Visits:
    root = os.environ.get("WEB_SCREENSHOTS_DIR")
    return Visits(Path(root) / request.node.name if root else tmp_path / "screens", page)


@pytest.fixture(scope="module")
def people(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """An investigator of Metro PD with one request to Harbor Mall's camera, and a case."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = _org(gateway, admin, "Metro PD", "Dana Reyes", ["investigator"])
    harbor = _org(gateway, admin, "Harbor Mall", "Sam Okafor", ["org_admin"])
    camera = _camera(gateway, harbor["headers"])
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


def _org(
    client: httpx.Client, admin: dict[str, str], name: str, person: str, roles: list[str]
) -> dict[str, Any]:
    org = call(
        client, "POST", "/api/v1/orgs", admin, {"name": f"{name} {uuid.uuid4().hex[:6]}"}, 201
    )
    return _user(client, admin, org["id"], person, roles)


def _user(
    client: httpx.Client, admin: dict[str, str], org_id: str, person: str, roles: list[str]
) -> dict[str, Any]:
    email = f"{person.split()[0].lower()}.{uuid.uuid4().hex[:6]}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": person, "roles": roles}
    user = call(client, "POST", f"/api/v1/orgs/{org_id}/users", admin, body, 201)
    return user | {"email": email, "headers": login(client, email, PASSWORD)}


def _camera(client: httpx.Client, headers: dict[str, str]) -> Any:
    device = {"name": "Dock DVR", "kind": "in_car", "channels": 1}
    created = call(client, "POST", "/api/v1/devices", headers, device, 201)
    camera = {
        "name": "Loading dock",
        "kind": "fixed",
        "latitude": 45.5029,
        "longitude": -73.5666,
        "address": "1 Harbor Way",
        "device_id": created["device"]["id"],
        "channel": 1,
        "visibility": "registry",
    }
    return call(client, "POST", "/api/v1/cameras", headers, camera, 201)


def _sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_investigator_signs_in_and_opens_a_request_from_an_email_link(
    page: Page, people: dict[str, Any], visits: Visits
) -> None:
    request = people["request"]
    page.goto(f"/requests/{request['id']}")  # the link in the email, signed out
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "/sign-in?next=" in page.url
    visits.check(page, "sign in")

    _sign_in(page, people["investigator"]["email"], PASSWORD)
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
    _sign_in(page, email, "not the password")

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
    locked = _org(gateway, admin, "Lock Test", "Lee Park", ["investigator"])
    page.goto("/sign-in")
    for _ in range(6):  # the gateway locks an account after five failures in a row
        _sign_in(page, locked["email"], "wrong guess")
    expect(page.get_by_role("alert")).to_contain_text(re.compile("lock", re.IGNORECASE))
    expect(page.get_by_label("Email address")).to_have_value(locked["email"])
    visits.check(page, "account locked")


def test_sign_out_ends_the_session(page: Page, people: dict[str, Any], visits: Visits) -> None:
    page.goto("/sign-in")
    _sign_in(page, people["investigator"]["email"], PASSWORD)
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
    _sign_in(page, people["investigator"]["email"], PASSWORD)
    # A loaded 2-core CI machine may take more than the default 5 s to apply the stylesheet.
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden(timeout=20_000)
    page.get_by_role("button", name="Menu").click()  # USWDS's script, under the strict CSP
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    visits.check(page, "signed out")


def test_keyboard_only_sign_in(page: Page, people: dict[str, Any]) -> None:
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
