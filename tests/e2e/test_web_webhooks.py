"""An org admin manages outgoing webhooks in a real browser: an internal address refused at
its field with what was typed kept, an endpoint on a loopback receiver added (its signing
secret shown once), a test event sent and seen delivered in the log, verified by the receiver
with `standardwebhooks`; the secret rotated (shown once), the delivery sent again, and the
endpoint deleted after a confirmation. The e2e stack allows http and loopback (conftest)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from standardwebhooks import Webhook

from .conftest import login
from .helpers import PASSWORD
from .test_webhooks import Receiver
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
DELIVERED = 60_000  # ms: the worker polls every 0.2 s, but the machine may be busy


@pytest.fixture(scope="module")
def hooks_receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.server.shutdown()


@pytest.fixture(scope="module")
def admin(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    return new_person_in_new_org(gateway, root, "Harbor Mall", "Hana Admin", ["org_admin"])


def _secret(page: Page) -> str:
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    secret = page.get_by_label("Signing secret").input_value()
    assert secret.startswith("whsec_")
    return secret


def test_an_admin_adds_an_endpoint_tests_it_rotates_its_secret_and_deletes_it(
    page: Page, admin: dict[str, Any], hooks_receiver: Receiver, visits: Visits
) -> None:
    page.goto("/sign-in")
    sign_in(page, admin["email"], PASSWORD)
    page.get_by_role("link", name="Settings").click()
    admin_pages = page.get_by_role("navigation", name="Administration")
    admin_pages.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
    expect(page.get_by_text("no webhook endpoints yet")).to_be_visible()
    visits.check(page, "webhooks none")

    page.get_by_role("link", name="Add an endpoint").click()
    visits.check(page, "webhook add")
    url = page.get_by_label("URL", exact=True)
    url.fill("https://10.0.0.1/hook")
    page.get_by_text("A video request is submitted").click()  # the label: USWDS draws the box
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_role("alert")).to_contain_text("webhooks may not reach")
    expect(url).to_have_value("https://10.0.0.1/hook")
    expect(url).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#url-error")).to_contain_text("10.0.0.1")
    expect(page.get_by_label("A video request is submitted")).to_be_checked()
    visits.check(page, "webhook refused")

    # By keyboard: the receiver's address typed over the refused one, a second event ticked
    # with Space, the form sent with Enter.
    url.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(hooks_receiver.url)
    page.get_by_label("Evidence is added").focus()
    page.keyboard.press("Space")
    url.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Endpoint added")).to_be_visible()
    secret = _secret(page)
    expect(page.get_by_role("link", name="Standard Webhooks")).to_be_visible()
    visits.check(page, "webhook secret")

    page.get_by_role("link", name="I have copied it").click()
    expect(page.get_by_role("heading", name=hooks_receiver.url)).to_be_visible()
    assert secret not in page.content()  # shown once only
    expect(page.get_by_text("Nothing has been sent to this endpoint yet")).to_be_visible()
    page.get_by_role("button", name="Send a test event").click()
    expect(page.get_by_text("Test event queued")).to_be_visible()
    log = page.locator("#delivery-log")
    expect(log.get_by_role("row").nth(1)).to_contain_text("Delivered", timeout=DELIVERED)
    expect(log).to_contain_text("Test event")
    visits.check(page, "webhook delivered")
    [sent] = hooks_receiver.verified(secret)
    assert sent["type"] == "webhook.ping"

    page.get_by_role("button", name="Rotate the secret").click()
    expect(page.get_by_role("heading", name="New signing secret")).to_be_visible()
    rotated = _secret(page)
    assert rotated != secret
    expect(page.get_by_text("The previous secret keeps signing too")).to_contain_text("24 hours")
    visits.check(page, "webhook rotated")

    page.get_by_role("link", name="I have copied it").click()
    page.get_by_role("button", name=re.compile("^Redeliver")).click()
    expect(page.get_by_text("Delivery queued again")).to_be_visible()
    expect(log.get_by_role("row").nth(1)).to_contain_text("Delivered", timeout=DELIVERED)
    visits.check(page, "webhook redelivered")
    (first, _), (headers, text) = hooks_receiver.received
    assert headers["webhook-id"] == first["webhook-id"]  # the same message again
    for key in (rotated, secret):  # the previous secret signs too for 24 h
        assert Webhook(key).verify(text, headers)["type"] == "webhook.ping"

    page.get_by_role("link", name="Webhooks", exact=True).click()
    row = page.get_by_role("row", name=hooks_receiver.url)
    expect(row).to_contain_text("Delivered")
    expect(row).to_contain_text("Evidence is added")
    visits.check(page, "webhooks list")

    row.get_by_role("link").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Description").fill("Dispatch CAD")
    page.get_by_text("Evidence is added").click()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    expect(page.get_by_text("Dispatch CAD")).to_be_visible()
    page.get_by_role("button", name="Disable").click()
    expect(page.get_by_text("Endpoint disabled.")).to_be_visible()
    expect(page.get_by_role("button", name="Send a test event")).to_be_disabled()
    visits.check(page, "webhook disabled")
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete this endpoint?")).to_be_visible()
    visits.check(page, "webhook delete")
    page.get_by_role("button", name="Delete endpoint").click()
    expect(page.get_by_text("Endpoint deleted")).to_be_visible()
    expect(page.get_by_text("no webhook endpoints yet")).to_be_visible()
