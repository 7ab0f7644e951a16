"""A guest's invitation in a real browser: an org admin invites from a case's sharing page and
the invitee's email arrives at the stack's SMTP server with the link, which accepts it; the
link an org admin sends, a password chosen (with mistakes shown next to the field), sign in,
and a used link refused in plain words."""

from __future__ import annotations

import html
import re
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from custody_platform.embedded.smtp import html_part, read_messages, text_part
from playwright.sync_api import Browser, Page, expect

from .conftest import login, wait_until
from .helpers import PASSWORD, call, new_case
from .web_browser import WIDE, Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
GUEST_PASSWORD = "lantern orchard velvet"


@pytest.fixture(scope="module")
def invitation(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    owner = new_person_in_new_org(gateway, admin, "Harbor Mall", "Sam Okafor", ["org_admin"])
    email = f"kim.{uuid.uuid4().hex[:6]}@county-sheriff.example"
    body = {"email": email, "display_name": "Kim Lee", "agency": "County Sheriff"}
    invited = call(
        gateway, "POST", f"/api/v1/orgs/{owner['org_id']}/guests", owner["headers"], body, 201
    )
    return invited | {"email": email}


def test_a_guest_accepts_an_invitation_and_signs_in(
    page: Page, invitation: dict[str, Any], visits: Visits
) -> None:
    page.goto(f"/invitations/accept?token={invitation['token']}")
    expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
    visits.check(page, "invitation")

    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("12 characters or more")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    visits.check(page, "invitation refused")

    page.get_by_label("Password", exact=True).fill(GUEST_PASSWORD)
    page.get_by_label("Type the password again").fill(GUEST_PASSWORD + " typo")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_label("Type the password again")).to_have_attribute("aria-invalid", "true")

    # Keyboard only from here: the fields, then Enter submits.
    page.get_by_label("Password", exact=True).focus()
    page.keyboard.type(GUEST_PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(GUEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your account is ready.")).to_be_visible()
    visits.check(page, "account ready")

    sign_in(page, invitation["email"], GUEST_PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Kim Lee")).to_be_visible()


def test_a_used_invitation_says_what_to_do(
    page: Page, gateway: httpx.Client, invitation: dict[str, Any], visits: Visits
) -> None:
    body = {"token": invitation["token"], "password": GUEST_PASSWORD}
    gateway.post("/api/v1/guests/accept", json=body)  # used here, if the test above did not
    page.goto(f"/invitations/accept?token={invitation['token']}")
    page.get_by_label("Password", exact=True).fill(GUEST_PASSWORD)
    page.get_by_label("Type the password again").fill(GUEST_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("expired or was already used")
    visits.check(page, "invitation used")


def _mail_to(stack: dict[str, Any], address: str) -> EmailMessage | None:
    found = read_messages(Path(stack["mail_dir"]))
    return next((m for m in found if address in m["To"]), None)


def test_an_admin_invites_a_guest_who_accepts_with_the_emailed_link(
    page: Page, browser: Browser, stack: dict[str, Any], gateway: httpx.Client, visits: Visits
) -> None:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    roles = ["org_admin", "investigator"]
    owner = new_person_in_new_org(gateway, admin, "Harbor Mall", "Sam Okafor", roles)
    case = new_case(gateway, owner["headers"], title="Dock theft")
    email = f"ray.{uuid.uuid4().hex[:6]}@county-sheriff.example"
    page.goto("/sign-in")
    sign_in(page, owner["email"], PASSWORD)
    page.goto(f"/cases/{case['id']}/sharing")
    invite = page.get_by_role("region", name="Invite a guest")
    invite.get_by_label("Their email address").fill(email)
    invite.get_by_label("Their name").fill("Ray Dunn")
    invite.get_by_label("Their agency").fill("County Sheriff")
    invite.get_by_role("button", name="Invite guest").click()
    expect(invite.get_by_role("status")).to_contain_text(f"We emailed the invitation to {email}")
    shown = invite.get_by_label("Invitation link").input_value()
    visits.check(page, "guest invited")

    mail = wait_until(lambda: _mail_to(stack, email), timeout=60, what="the invitation email")
    assert mail["Subject"].startswith("Sam Okafor invited you to Harbor Mall")
    found = re.search(r"Accept the invitation: (\S+)", text_part(mail))
    assert found is not None, text_part(mail)
    link = found.group(1)
    assert link == shown and link.startswith(f"{stack['web_url']}/invitations/accept?token=")
    assert f'href="{html.escape(link)}"' in html_part(mail)
    assert "County Sheriff" in text_part(mail)

    context = browser.new_context(viewport=WIDE)  # the invitee's own browser, no session
    invitee = context.new_page()
    invitee.goto(link)
    invitee.get_by_label("Password", exact=True).fill(GUEST_PASSWORD)
    invitee.get_by_label("Type the password again").fill(GUEST_PASSWORD)
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_text("Your account is ready.")).to_be_visible()
    sign_in(invitee, email, GUEST_PASSWORD)
    expect(invitee.get_by_role("heading", name="Welcome, Ray Dunn")).to_be_visible()
    context.close()
