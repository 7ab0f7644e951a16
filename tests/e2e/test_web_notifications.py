"""The notification tray in a real browser: a request sent to an approver's organization
makes the bell's count go up while the page stays open (no reload), the tray lists it,
its link opens the request, and marking read brings the count down; by mouse and by
keyboard. Every page passes axe-core at 1440 and 390 px (visits.check)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_camera, new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(600)]  # may start the stack
LIVE = 30_000  # ms: the gateway looks every 2 s; the event has to cross Kafka first


@pytest.fixture(scope="module")
def people(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Harbor Mall's admin and camera; Metro PD's investigator."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    admin = new_person_in_new_org(gateway, root, "Harbor Mall", "Sam Okafor", ["org_admin"])
    return {
        "root": root,
        "harbor": admin["org_id"],
        "camera": new_camera(gateway, admin["headers"]),
        "ivy": new_person_in_new_org(gateway, root, "Metro PD", "Ivy Reyes", ["investigator"]),
    }


def approver(gateway: httpx.Client, people: dict[str, Any], name: str) -> dict[str, Any]:
    """A new approver of Harbor Mall: told of requests from now on."""
    return new_person(gateway, people["root"], people["harbor"], name, ["approver"])


def submit(gateway: httpx.Client, people: dict[str, Any]) -> dict[str, Any]:
    """Metro PD asks Harbor Mall for ten minutes of its camera, through the API."""
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    item = {
        "camera_id": people["camera"]["id"],
        "start": (end - timedelta(minutes=10)).isoformat(),
        "end": end.isoformat(),
    }
    body = {"incident_number": f"MPD-{uuid.uuid4().hex[:6].upper()}", "line_items": [item]}
    return dict(call(gateway, "POST", "/api/v1/requests", people["ivy"]["headers"], body, 201))


def bell(page: Page, unread: int) -> Locator:
    return page.get_by_role("link", name=f"Notifications, {unread} unread")


def review_title(request: dict[str, Any]) -> str:
    return f"Video request {request['incident_number']} needs your review"


def test_the_bell_counts_up_live_and_the_tray_opens_the_request(
    page: Page, gateway: httpx.Client, people: dict[str, Any], visits: Visits
) -> None:
    ann = approver(gateway, people, "Ann Approver")
    page.goto("/")
    sign_in(page, ann["email"], PASSWORD)
    expect(bell(page, 0)).to_be_visible(timeout=LIVE)  # the stream's first count
    visits.check(page, "home with the bell")

    request = submit(gateway, people)  # the page stays open while the event flows
    expect(bell(page, 1)).to_be_visible(timeout=LIVE)
    expect(page.get_by_role("status").filter(has_text="unread")).to_have_text(
        "You have 1 unread notification."
    )

    bell(page, 1).click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Unread (1)")).to_be_visible()
    visits.check(page, "notifications")

    page.get_by_role("link", name=review_title(request)).click()
    page.wait_for_url(f"**/requests/{request['id']}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    visits.check(page, "the request, from the tray")

    bell(page, 1).click()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("heading", name="Unread (0)")).to_be_visible()
    expect(page.get_by_text("You have no unread notifications.")).to_be_visible()
    expect(bell(page, 0)).to_be_visible(timeout=LIVE)
    region = page.get_by_role("region", name="Earlier")
    expect(region.get_by_role("link", name=review_title(request))).to_be_visible()
    visits.check(page, "notifications, all read")


def test_by_keyboard_alone(
    page: Page, gateway: httpx.Client, people: dict[str, Any], visits: Visits
) -> None:
    bob = approver(gateway, people, "Bob Approver")
    first, second = submit(gateway, people), submit(gateway, people)
    page.goto("/sign-in")
    page.get_by_label("Email address").focus()
    page.keyboard.type(bob["email"])
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    tray = bell(page, 2)
    expect(tray).to_be_visible(timeout=LIVE)

    tab_to(page, tray)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Unread (2)")).to_be_visible()
    visits.check(page, "notifications by keyboard")

    tab_to(page, page.get_by_role("button", name=f"Mark as read: {review_title(first)}"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Unread (1)")).to_be_visible()
    expect(bell(page, 1)).to_be_visible(timeout=LIVE)

    tab_to(page, page.get_by_role("link", name=review_title(second)).first)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/requests/{second['id']}")


def tab_to(page: Page, target: Locator, presses: int = 40) -> None:
    """Tabs forward until ``target`` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never took the focus")


@pytest.mark.parametrize("path", ["/notifications", "/notifications/stream"])
def test_signed_out_the_tray_asks_to_sign_in(page: Page, path: str) -> None:
    answer = page.request.get(path, max_redirects=0)
    if path == "/notifications":
        assert (
            answer.status == 303 and "/sign-in?next=%2Fnotifications" in answer.headers["location"]
        )
    else:
        assert answer.status == 204
