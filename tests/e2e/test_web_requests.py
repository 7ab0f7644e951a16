"""Requests in the browser, both sides: an investigator composes one request to two owners'
cameras (each owner's form; a refused field shows the API's message, typed values kept), finds
it in My requests and downloads the CSV; one owner's approver asks for more information, the
investigator answers, the approver approves by keyboard alone; the other owner's approver
rejects (an empty reason is named at its field); a second approver acting on a stale page is
told who decided first. Every page passes axe at 1440 and 390 px and is screenshotted."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import WIDE, Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # stack, one long flow

HARBOR_FORM = {
    "title": "Harbor Mall video request",
    "fields": [
        {
            "key": "badge",
            "label": "Badge number",
            "type": "text",
            "required": True,
            "pattern": "[0-9]{4}",
            "help_text": "Four digits",
        },
        {"key": "urgency", "label": "Urgency", "type": "number", "min": 1, "max": 5},
        {"key": "seen_on", "label": "Day first seen", "type": "date"},
        {"key": "notes", "label": "Notes for security", "type": "long_text", "max": 500},
        {"key": "area", "label": "Area", "type": "single_select", "options": ["Dock", "Lobby"]},
        {"key": "sworn", "label": "I am a sworn officer", "type": "checkbox", "required": True},
    ],
}
DOCKS_FORM = {
    "title": "Port Docks request",
    "fields": [
        {
            "key": "kind",
            "label": "Kind of case",
            "type": "single_select",
            "required": True,
            "options": ["Theft", "Collision"],
        }
    ],
}


def _camera(client: httpx.Client, headers: dict[str, str], name: str, **extra: Any) -> Any:
    device = {"name": f"{name} DVR", "kind": "in_car", "channels": 1}
    created = call(client, "POST", "/api/v1/devices", headers, device, 201)
    camera = {
        "name": name,
        "kind": "fixed",
        "latitude": 45.5029,
        "longitude": -73.5666,
        "device_id": created["device"]["id"],
        "channel": 1,
        "visibility": "registry",
        **extra,
    }
    return call(client, "POST", "/api/v1/cameras", headers, camera, 201)


def _owner(client: httpx.Client, admin: dict[str, str], name: str, form: Any) -> dict[str, Any]:
    boss = new_person_in_new_org(client, admin, name, f"{name} Admin", ["org_admin"])
    settings = {"max_span_hours": 2, "sla_hours": 48}
    call(client, "PUT", "/api/v1/request-settings", boss["headers"], settings)
    call(client, "POST", "/api/v1/request-forms", boss["headers"], form, 201)
    return boss


@pytest.fixture(scope="module")
def world(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_person_in_new_org(gateway, admin, "Metro PD", "Dana Reyes", ["investigator"])
    harbor = _owner(gateway, admin, "Harbor Mall", HARBOR_FORM)
    docks = _owner(gateway, admin, "Port Docks", DOCKS_FORM)
    return {
        "investigator": metro,
        "lobby": _camera(gateway, harbor["headers"], "Mall lobby", retention_days=7),
        "quay": _camera(gateway, docks["headers"], "Quay gate"),
        "alex": new_person(gateway, admin, harbor["org_id"], "Alex Approver", ["approver"]),
        "blair": new_person(gateway, admin, harbor["org_id"], "Blair Approver", ["approver"]),
        "casey": new_person(gateway, admin, docks["org_id"], "Casey Approver", ["approver"]),
        "incident": f"MPD-{uuid.uuid4().hex[:6].upper()}",
        "harbor": call(gateway, "GET", f"/api/v1/orgs/{harbor['org_id']}", harbor["headers"]),
    }


@pytest.fixture
def people_pages(
    browser: Browser, stack: dict[str, Any], visits: Visits
) -> Iterator[dict[str, tuple[Page, Visits]]]:
    """One browser context per other person, each with its own checks and screenshots."""
    opened: dict[str, tuple[Page, Visits]] = {}
    contexts = []
    for who in ("alex", "blair", "casey"):
        context = browser.new_context(base_url=stack["web_url"], viewport=WIDE)
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        opened[who] = (page, Visits(Path(visits.folder) / who, page))
    yield opened
    for context in contexts:
        context.close()


def _local(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def _tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Presses Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus by Tab")


def _row(page: Page, camera: str) -> Locator:
    return page.get_by_role("row", name=re.compile(camera))


def test_a_request_to_two_owners_from_compose_to_decisions(
    page: Page,
    visits: Visits,
    world: dict[str, Any],
    people_pages: dict[str, tuple[Page, Visits]],
) -> None:
    request_url = _compose_and_send(page, visits, world)
    _my_requests_and_csv(page, visits, world)
    alex, alex_visits = people_pages["alex"]
    _ask_more_information(alex, alex_visits, world)
    _answer(page, visits, request_url, world["harbor"]["name"])
    blair, blair_visits = people_pages["blair"]
    sign_in_at(blair, request_url, world["blair"]["email"])  # open before Alex decides
    _approve_by_keyboard(alex, alex_visits, world)
    _decided_second(blair, blair_visits)
    casey, casey_visits = people_pages["casey"]
    _reject(casey, casey_visits, world)
    page.goto(request_url)
    expect(_row(page, "Quay gate")).to_contain_text("Rejected: no camera covers the dock")
    expect(_row(page, "Mall lobby")).to_contain_text("(view only)")
    visits.check(page, "request decided")


def sign_in_at(page: Page, path: str, email: str) -> None:
    page.goto(path)
    sign_in(page, email, PASSWORD)


def _compose_and_send(page: Page, visits: Visits, world: dict[str, Any]) -> str:
    lobby, quay = world["lobby"]["id"], world["quay"]["id"]
    sign_in_at(page, f"/requests/new?camera={lobby}&camera={quay}", world["investigator"]["email"])
    expect(page.get_by_role("heading", name="Request video", level=1)).to_be_visible()
    for owner, camera in (("Harbor Mall", "Mall lobby"), ("Port Docks", "Quay gate")):
        section = page.get_by_role("region", name=re.compile(owner))  # a section per owner
        expect(section.get_by_role("group", name=f"Video from {camera}")).to_be_visible()
    expect(page.get_by_text("At most 2 hours of video from this camera.").first).to_be_visible()
    now = datetime.now(UTC)
    lobby_video = page.get_by_role("group", name="Video from Mall lobby")
    lobby_video.get_by_label("From").fill(_local(now - timedelta(days=10)))
    lobby_video.get_by_label("To").fill(_local(now - timedelta(days=10) + timedelta(hours=3)))
    expect(lobby_video).to_contain_text("This camera keeps video for 7 days")
    expect(lobby_video).to_contain_text("The owner allows at most 2 hours")
    visits.check(page, "compose with warnings")

    lobby_video.get_by_label("From").fill(_local(now - timedelta(hours=2)))
    lobby_video.get_by_label("To").fill(_local(now - timedelta(hours=1)))
    quay_video = page.get_by_role("group", name="Video from Quay gate")
    quay_video.get_by_label("From").fill(_local(now - timedelta(hours=3)))
    quay_video.get_by_label("To").fill(_local(now - timedelta(hours=2)))
    page.get_by_label("Incident number").fill(world["incident"])
    page.get_by_label("Type of incident (optional)").fill("Hit and run")
    page.get_by_label("What happened (optional)").fill("A grey van hit a cyclist")
    page.get_by_label("Badge number").fill("12ab")  # the owner's pattern wants four digits
    page.get_by_label("Urgency (optional)").fill("4")
    page.get_by_label("Day first seen (optional)").fill(now.date().isoformat())
    page.get_by_label("Area (optional)").select_option("Dock")
    page.get_by_text("I am a sworn officer").click()  # USWDS draws the box on the label
    page.get_by_label("Kind of case").select_option("Collision")
    page.get_by_role("button", name="Send the request").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    badge = page.get_by_label("Badge number")
    expect(badge).to_have_value("12ab")
    expect(badge).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + re.escape(badge.get_attribute("id") or "") + "-error")).to_have_text(
        "Badge number does not match the expected format"
    )
    expect(page.get_by_label("Incident number")).to_have_value(world["incident"])
    expect(page.get_by_label("Kind of case")).to_have_value("Collision")
    expect(page.get_by_label("I am a sworn officer")).to_be_checked()
    visits.check(page, "compose refused")

    badge.fill("4711")
    sent = page.locator("#request-form").evaluate("f => [...new FormData(f)]")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name=f"Request {world['incident']}")).to_be_visible()
    expect(_row(page, "Mall lobby")).to_contain_text("Submitted")
    visits.check(page, "request sent")
    # The same page sent again (a double click, a retry after a timeout) leads to the same
    # request; _my_requests_and_csv then finds one request for the incident, not two.
    again = page.request.post(
        "/requests/new",
        data=urlencode([(name, value) for name, value in sent]),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert again.status == 303 and page.url.endswith(again.headers["location"]), again.status
    return page.url


def _my_requests_and_csv(page: Page, visits: Visits, world: dict[str, Any]) -> None:
    page.get_by_role("link", name="Requests", exact=True).first.click()
    expect(page.get_by_role("heading", name="Requests", exact=True)).to_be_visible()
    page.get_by_label("Incident number").fill(world["incident"])
    page.get_by_label("Status", exact=True).select_option("submitted")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(f"incident_number={world['incident']}"))
    expect(page.get_by_role("heading", name="1 request matches these filters")).to_be_visible()
    expect(page.get_by_role("link", name="Submitted: 1")).to_be_visible()
    expect(page.get_by_role("link", name=world["incident"])).to_be_visible()
    visits.check(page, "my requests filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these requests as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert {row["camera_name"] for row in rows} == {"Mall lobby", "Quay gate"}
    assert {row["incident_number"] for row in rows} == {world["incident"]}


def _ask_more_information(page: Page, visits: Visits, world: dict[str, Any]) -> None:
    sign_in_at(page, "/reviews", world["alex"]["email"])
    expect(page.get_by_role("heading", name="Reviews")).to_be_visible()
    visits.check(page, "review queue")
    page.get_by_role("link", name=world["incident"]).click()
    decide = page.get_by_role("region", name="Decide: Mall lobby")
    decide.get_by_label("Question for the requester").fill("Which way was the van going?")
    decide.get_by_role("button", name="Ask for more information").click()
    expect(_row(page, "Mall lobby")).to_contain_text("More info requested")
    expect(page.get_by_text("Which way was the van going?")).to_be_visible()
    visits.check(page, "more information asked")


def _answer(page: Page, visits: Visits, request_url: str, harbor: str) -> None:
    page.goto(request_url)
    expect(page.get_by_text("Which way was the van going?")).to_be_visible()
    page.get_by_label("To").select_option(label=harbor)  # the owner who asked
    page.get_by_label("Your message").fill("North, towards the quay")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("North, towards the quay")).to_be_visible()
    expect(_row(page, "Mall lobby")).to_contain_text("Under review")
    visits.check(page, "answered")


def _approve_by_keyboard(page: Page, visits: Visits, world: dict[str, Any]) -> None:
    page.goto("/reviews")
    _tab_to(page, page.get_by_role("link", name=world["incident"]))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Request {world['incident']}")).to_be_visible()
    decide = page.get_by_role("region", name="Decide: Mall lobby")
    _tab_to(page, decide.get_by_label("View only"))
    page.keyboard.press("Space")
    _tab_to(page, decide.get_by_role("button", name="Approve"))
    page.keyboard.press("Enter")
    expect(_row(page, "Mall lobby")).to_contain_text("(view only)")
    expect(page.get_by_role("region", name="Decide: Mall lobby")).to_have_count(0)
    visits.check(page, "approved")


def _decided_second(page: Page, visits: Visits) -> None:
    """Blair's page was opened before Alex approved: Blair's approval comes second."""
    decide = page.get_by_role("region", name="Decide: Mall lobby")
    decide.get_by_text("View and download").click()
    decide.get_by_role("button", name="Approve").click()
    alert = page.get_by_role("alert").filter(has_text="Your decision was not saved")
    expect(alert).to_contain_text(
        re.compile(r"Someone else already approved this on .+ UTC — here is the current state")
    )
    expect(_row(page, "Mall lobby")).to_contain_text("(view only)")
    visits.check(page, "decided second")


def _reject(page: Page, visits: Visits, world: dict[str, Any]) -> None:
    sign_in_at(page, "/reviews", world["casey"]["email"])
    page.get_by_role("link", name=world["incident"]).click()
    decide = page.get_by_role("region", name="Decide: Quay gate")
    expect(page.get_by_role("region", name="Decide: Mall lobby")).to_have_count(0)
    decide.get_by_role("button", name="Reject").click()
    reason = page.get_by_label("Reason for rejecting")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Enter the reason for rejecting").first).to_be_visible()
    visits.check(page, "reject without a reason")
    reason.fill("no camera covers the dock")
    page.get_by_role("button", name="Reject").click()
    expect(_row(page, "Quay gate")).to_contain_text("Rejected: no camera covers the dock")
    visits.check(page, "rejected")
