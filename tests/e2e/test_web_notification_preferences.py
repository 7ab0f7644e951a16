"""Notification preferences in a real browser: from account security a person opens
"Choose what you are told, and how", sees each kind of notice with its choice (a security
notice fixed), changes two by keyboard, saves, and finds them kept, on the page and in the
API. Every page passes axe-core at 1440 and 390 px (visits.check)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # may start the stack

MESSAGES = "A new message on a video request"
DECIDED = "My video request was approved or rejected"


@pytest.fixture(scope="module")
def ivy(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    return new_person_in_new_org(gateway, root, "Metro PD", "Ivy Reyes", ["investigator"])


def test_a_person_chooses_how_they_are_told_by_keyboard(
    page: Page, gateway: httpx.Client, ivy: dict[str, Any], visits: Visits
) -> None:
    page.goto("/account/security")
    sign_in(page, ivy["email"], PASSWORD)
    page.goto("/account/security")
    link = page.get_by_role("link", name="Choose what you are told, and how")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    messages = page.get_by_role("group", name=MESSAGES)
    expect(messages.get_by_role("radio", name="Email", exact=True)).to_be_checked()
    expect(page.get_by_role("row", name="A webhook endpoint was disabled")).to_contain_text(
        "cannot be turned off"
    )
    visits.check(page, "notification preferences")

    # Arrow keys move the choice within a group, as in any radio group.
    messages.get_by_role("radio", name="Email", exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(messages.get_by_role("radio", name="Off")).to_be_checked()
    decided = page.get_by_role("group", name=DECIDED)
    decided.get_by_role("radio", name="Daily digest email").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save choices").focus()
    page.keyboard.press("Enter")

    saved = page.get_by_role("status").filter(has_text="saved")
    expect(saved).to_have_text("Your notification choices are saved.")
    expect(messages.get_by_role("radio", name="Off")).to_be_checked()
    expect(decided.get_by_role("radio", name="Daily digest email")).to_be_checked()
    visits.check(page, "notification preferences saved")

    shown = call(gateway, "GET", "/api/v1/users/me/notification-preferences", ivy["headers"])
    chosen = {p["topic"]: p["choice"] for p in shown["preferences"]}
    assert chosen["request_message"] == "off" and chosen["request_decided"] == "digest"
    assert chosen["review_requested"] == "email"
