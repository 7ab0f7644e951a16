"""Two-factor authentication in a real browser: a person sets up an authenticator app from
the page (the test reads the key shown and computes codes with pyotp, as the app would),
signs in with a code, has a wrong code refused next to the field, uses a recovery code once;
an org admin requires two-factor authentication, and then a person without it is sent to set
it up before anything else."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pyotp
import pytest
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_person, new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CODE_LABEL = "Enter the 6-digit code from your authenticator app"
# The header's name links to account security (said to screen readers after the name).
ANN = re.compile(r"^Ann Lee\s*: account security$")


@pytest.fixture(scope="module")
def root(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, str]:
    return login(gateway, stack["admin_email"], stack["admin_password"])


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def set_up_app(page: Page, visits: Visits | None = None) -> tuple[pyotp.TOTP, list[str]]:
    """From the security page: the QR code and key, a code from the key, the recovery codes."""
    page.get_by_role("button", name="Set up an authenticator app").click()
    expect(
        page.get_by_role("img", name="QR code that adds Custody to your authenticator app")
    ).to_be_visible()
    app = pyotp.TOTP(page.locator("#secret").inner_text().replace(" ", ""))
    if visits:
        visits.check(page, "set up the app")
    page.get_by_label(CODE_LABEL).fill(app.now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    codes = (
        page.get_by_role("list", name="Recovery codes").get_by_role("listitem").all_inner_texts()
    )
    assert len(codes) == 10
    if visits:
        visits.check(page, "recovery codes")
    page.get_by_role("button", name="I have saved these codes").click()
    expect(page.get_by_text("Two-factor authentication is on.", exact=False).first).to_be_visible()
    return app, codes


def next_code(app: pyotp.TOTP) -> str:
    """The following step's code: the one just used is never taken twice."""
    return app.at(time.time() + 30)


def test_a_person_sets_up_a_code_and_signs_in_with_it(
    page: Page, gateway: httpx.Client, root: dict[str, str], visits: Visits
) -> None:
    ann = new_person_in_new_org(gateway, root, "Riverside PD", "Ann Lee", ["investigator"])
    page.goto("/sign-in")
    sign_in(page, ann["email"], PASSWORD)
    page.get_by_role("link", name=ANN).click()
    expect(page.get_by_role("heading", name="Account security")).to_be_visible()
    visits.check(page, "security, off")
    app, codes = set_up_app(page, visits)
    expect(page.get_by_text("You have 10 recovery codes left.")).to_be_visible()
    visits.check(page, "security, on")
    sign_out(page)

    sign_in(page, ann["email"], PASSWORD)
    code = page.get_by_label(CODE_LABEL)
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    visits.check(page, "code")
    code.fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#code-error")).to_contain_text("The code is not right")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_value("000000")
    visits.check(page, "code refused")
    code.fill(next_code(app))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name=ANN)).to_be_visible()
    sign_out(page)

    for attempt in ("first", "again"):
        sign_in(page, ann["email"], PASSWORD)
        page.get_by_role("link", name="Use a recovery code instead").click()
        page.get_by_label("Recovery code").fill(codes[0])
        page.get_by_role("button", name="Continue").click()
        if attempt == "first":
            expect(page.get_by_role("link", name=ANN)).to_be_visible()
            sign_out(page)
    expect(page.locator("#recovery_code-error")).to_contain_text("was used already")
    visits.check(page, "recovery code refused")


def test_an_org_that_requires_it_sends_people_to_set_it_up_first(
    page: Page, gateway: httpx.Client, root: dict[str, str], visits: Visits
) -> None:
    boss = new_person_in_new_org(gateway, root, "Harbor Port", "Sam Okafor", ["org_admin"])
    page.goto("/sign-in")
    sign_in(page, boss["email"], PASSWORD)
    page.get_by_role("link", name="Settings").click()
    switch = page.get_by_label("Require two-factor authentication")
    expect(switch).not_to_be_checked()
    visits.check(page, "settings with sign-in security")
    # By keyboard: tick the switch with Space, then the save button with Enter.
    switch.focus()
    page.keyboard.press("Space")
    expect(switch).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # The admin has no second factor yet: the settings page sends them to set one up.
    expect(
        page.get_by_role("heading", name="Set up two-factor authentication to continue")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/security"))
    org = call(gateway, "GET", f"/api/v1/orgs/{boss['org_id']}", root)
    assert org["mfa_required"] is True
    visits.check(page, "required, not set up")
    set_up_app(page)
    expect(page.get_by_text("cannot be turned off")).to_be_visible()
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_label("Require two-factor authentication")).to_be_checked()
    sign_out(page)

    kim = new_person(gateway, root, boss["org_id"], "Kim Park", ["investigator"])
    sign_in(page, kim["email"], PASSWORD)
    expect(
        page.get_by_role("heading", name="Set up two-factor authentication to continue")
    ).to_be_visible()
    page.goto("/requests")
    expect(
        page.get_by_role("heading", name="Set up two-factor authentication to continue")
    ).to_be_visible()
