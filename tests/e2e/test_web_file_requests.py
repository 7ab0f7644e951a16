"""File requests in a real browser: an investigator opens one for a case (an empty title is
refused at its field), gets its link and a QR code that decodes to it; a witness opens the
link in another browser without an account and uploads a clip; the investigator's page shows
it arriving without a reload (htmx polling). Withdrawing asks first; another organization's
investigator gets the 404 page.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip
from playwright.sync_api import Browser, Page, expect

from .conftest import login
from .helpers import PASSWORD, call, new_case
from .web_browser import WIDE, Visits
from .web_people import new_person_in_new_org, sign_in
from .web_qr import decoded_qr

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]
TITLE = "Videos of the pier fire"


@pytest.fixture(scope="module")
def harbor(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    ana = new_person_in_new_org(gateway, admin, "Harbor PD", "Ana Ruiz", ["investigator"])
    eli = new_person_in_new_org(gateway, admin, "Elsewhere PD", "Eli Stone", ["investigator"])
    case = new_case(gateway, ana["headers"], title="Pier fire")
    return {"ana": ana, "eli": eli, "case": case}


def _open_request(page: Page) -> str:
    form = page.get_by_role("region", name="Open a file request")
    form.get_by_role("button", name="Open file request").click()
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Enter a title")
    title.fill(TITLE)
    page.get_by_label("Instructions (optional)").fill("Videos taken on Pier 4 after 11 pm.")
    # By keyboard from the limit on: type, Tab past the checkbox, Enter.
    page.get_by_label("Most files one link takes (optional)").focus()
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Ask uploaders for their name")).to_be_focused()
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Open file request")).to_be_focused()
    page.keyboard.press("Enter")
    opened = page.get_by_role("heading", name=f"File request “{TITLE}” opened")
    expect(opened).to_be_visible(timeout=30_000)
    url = page.get_by_label("Upload link").input_value()
    assert "/f/" in url
    assert decoded_qr(page.get_by_role("img", name="QR code of the upload link")) == url
    return url


def _witness_uploads(browser: Browser, url: str, clip: Path) -> None:
    context = browser.new_context(viewport=WIDE)
    context.set_default_timeout(30_000)
    witness = context.new_page()
    witness.goto(url)
    expect(witness.get_by_role("heading", name=TITLE)).to_be_visible()
    witness.get_by_label("Your name").fill("Alex Witness")
    witness.get_by_label("Files", exact=True).set_input_files(str(clip))
    witness.get_by_role("button", name="Upload").click()
    expect(witness.get_by_role("status")).to_contain_text("1 of 1 files received")
    context.close()


def test_uploads_arrive_on_the_file_requests_page(
    page: Page,
    browser: Browser,
    gateway: httpx.Client,
    harbor: dict[str, Any],
    visits: Visits,
    tmp_path: Path,
) -> None:
    case = harbor["case"]
    page.goto("/")
    sign_in(page, harbor["ana"]["email"], PASSWORD)
    page.goto(f"/cases/{case['id']}/file-requests")
    expect(page.get_by_role("heading", name="File requests", exact=True)).to_be_visible()
    current = page.get_by_role("navigation", name=f"Case {case['number']}")
    expect(current.get_by_role("link", name="File requests")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_text("Nothing has arrived yet.")).to_be_visible()
    visits.check(page, "file requests empty")

    url = _open_request(page)
    visits.check(page, "file request opened")
    start = datetime(2026, 12, 1, 23, 15, tzinfo=UTC)
    clip = tmp_path / "IMG_2207.mp4"
    clip.write_bytes(make_clip("phone", 1, start, start + timedelta(seconds=4)))
    _witness_uploads(browser, url, clip)

    # No reload: the uploads list asks again every few seconds.
    uploads = page.get_by_role("region", name="Uploads received")
    row = uploads.get_by_role("row").filter(has_text="IMG_2207.mp4")
    expect(row).to_contain_text(TITLE, timeout=60_000)
    expect(row).to_contain_text("Alex Witness")
    visits.check(page, "upload arrived")
    listed = call(gateway, "GET", f"/api/v1/cases/{case['id']}/evidence", harbor["ana"]["headers"])
    [item] = listed["items"]
    assert item["source"] == "public" and item["filename"] == "IMG_2207.mp4"

    page.goto(f"/cases/{case['id']}/file-requests")  # not a reload: that would post again
    card = page.get_by_role("region", name="This case's file requests")
    expect(card).to_contain_text("1 file received of at most 5")
    card.get_by_role("link", name=f"Withdraw {TITLE}").click()
    question = f"Withdraw the file request “{TITLE}”?"
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    visits.check(page, "withdraw confirmation")
    page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.get_by_text("File request withdrawn")).to_be_visible()
    expect(card).to_contain_text("Withdrawn")
    assert httpx.get(url).status_code == 404  # the public page is gone with it


def test_another_organization_sees_nothing(
    page: Page, harbor: dict[str, Any], visits: Visits
) -> None:
    page.goto("/")
    sign_in(page, harbor["eli"]["email"], PASSWORD)
    page.goto(f"/cases/{harbor['case']['id']}/file-requests")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Pier fire")).to_have_count(0)
    visits.check(page, "file requests of another organization")
