"""An investigator discloses evidence in a real browser: on the case's Disclosures page she
asks for a package of two items (an empty form refused at its fields; one box ticked by its
label, the other by keyboard), follows the background build on its page until Download,
downloads the ZIP (its sha256 is the one shown), opens the printable receipt, and hands the
acknowledgement link to the recipient, who opens it in a browser of their own (no sign-in, no
referrer, no-store), acknowledges by keyboard, once; the disclosure then shows who
acknowledged. Another organization's investigator gets the 404 page.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import login
from .helpers import MIB, PASSWORD, call, new_case, tus_upload, wait_for_items
from .web_browser import WIDE, Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

FILES = {"scene.bin": os.urandom(2 * MIB + 123), "statement.txt": b"I saw it.\n" * 80}


@pytest.fixture(scope="module")
def metro(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    ana = new_person_in_new_org(gateway, admin, "Metro PD", "Ana Ruiz", ["investigator"])
    outsider = new_person_in_new_org(gateway, admin, "Elsewhere PD", "Eli Stone", ["investigator"])
    case = new_case(gateway, ana["headers"], title="Pier 4 break-in")
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", ana["headers"], {}, 201)
    for name, data in FILES.items():
        tus_upload(grant["tus_url"], grant["token"], data, name, "application/octet-stream")
    wait_for_items(gateway, ana["headers"], case["id"], 2)
    return {"ana": ana, "outsider": outsider, "case": case}


def _ask_for_a_package(page: Page, visits: Visits) -> None:
    page.get_by_role("link", name="New disclosure").click()
    expect(page.get_by_role("heading", name="New disclosure")).to_be_visible()
    page.get_by_role("button", name="Build the package").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one item")
    expect(page.get_by_label("Recipient", exact=True)).to_have_attribute("aria-invalid", "true")
    visits.check(page, "new disclosure refused")

    page.get_by_text("statement.txt").click()  # a USWDS checkbox, by its label
    scene = page.get_by_role("checkbox", name=re.compile("scene.bin"))
    scene.focus()
    page.keyboard.press("Space")
    expect(scene).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("statement.txt"))).to_be_checked()
    page.get_by_label("Note").fill("Exhibits 1-2")
    page.get_by_label("Recipient", exact=True).fill("County Court")
    page.keyboard.press("Enter")  # submits the form


def _download(page: Page, tmp_path: Path) -> str:
    """The package through the Download button; returns its sha256, checked against the page."""
    download = page.get_by_role("link", name="Download the package")
    expect(download).to_be_visible(timeout=120_000)
    shown = page.get_by_role("status").filter(has_text="The package is ready").inner_text()
    with page.expect_download() as info:
        download.click()
    saved = tmp_path / "package.zip"
    info.value.save_as(saved)
    sha256 = hashlib.sha256(saved.read_bytes()).hexdigest()
    assert sha256 in shown
    return sha256


def _recipient_acknowledges(
    browser: Browser, stack: dict[str, Any], url: str, folder: Path
) -> None:
    context = browser.new_context(viewport=WIDE)  # no session of Ana's
    page = context.new_page()
    visits = Visits(folder, page)
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    expect(page.get_by_role("heading", name="Evidence disclosed to County Court")).to_be_visible()
    for name in FILES:
        expect(page.get_by_role("rowheader", name=name)).to_be_visible()
    visits.check(page, "recipient")
    page.get_by_label("Your name").fill("Clerk of the County Court")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("receipt acknowledged")
    expect(page.get_by_role("button", name="Acknowledge receipt")).to_have_count(0)
    visits.check(page, "recipient acknowledged")
    context.close()


def test_an_investigator_discloses_and_the_recipient_acknowledges(
    page: Page,
    browser: Browser,
    stack: dict[str, Any],
    gateway: httpx.Client,
    metro: dict[str, Any],
    visits: Visits,
    tmp_path: Path,
) -> None:
    ana, case = metro["ana"], metro["case"]
    page.goto(f"/cases/{case['id']}")
    sign_in(page, ana["email"], PASSWORD)
    page.get_by_role("link", name="Disclosures").click()
    expect(page.get_by_role("heading", name="Disclosures", exact=True)).to_be_visible()
    expect(page.get_by_text("No disclosures yet.")).to_be_visible()
    visits.check(page, "disclosures empty")

    _ask_for_a_package(page, visits)
    heading = page.get_by_role("heading", name="Disclosure to County Court")
    expect(heading).to_be_visible(timeout=30_000)
    visits.check(page, "disclosure just asked for")
    sha256 = _download(page, tmp_path)
    disclosure_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    found = call(gateway, "GET", f"/api/v1/disclosures/{disclosure_id}", ana["headers"])
    assert found["state"] == "ready" and found["sha256"] == sha256
    assert found["progress"]["items_done"] == 2
    visits.check(page, "disclosure ready")
    ack_url = page.get_by_label("Acknowledgement link for the recipient").input_value()
    assert re.search(r"/d/[A-Za-z0-9_-]{40,}$", ack_url), ack_url

    page.get_by_role("link", name="Receipt").click()
    expect(page.get_by_role("heading", name="Disclosure receipt")).to_be_visible()
    expect(page.get_by_text(sha256)).to_be_visible()
    for name, data in FILES.items():
        expect(page.get_by_role("rowheader", name=name)).to_be_visible()
        expect(page.get_by_text(hashlib.sha256(data).hexdigest())).to_be_visible()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    visits.check(page, "receipt")

    _recipient_acknowledges(browser, stack, ack_url, visits.folder / "recipient")

    page.get_by_role("link", name="Back to the disclosure").click()
    expect(page.get_by_text("Acknowledged by Clerk of the County Court")).to_be_visible()
    page.get_by_role("link", name="All of this case's disclosures").click()
    row = page.get_by_role("row").filter(has_text="County Court")
    expect(row).to_contain_text("Acknowledged")
    visits.check(page, "disclosures listed")

    # Another organization's investigator: the 404 page, nothing of the disclosure.
    outsider = metro["outsider"]
    page.context.clear_cookies()
    page.goto(f"/disclosures/{disclosure_id}")
    sign_in(page, outsider["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("County Court")).to_have_count(0)
    page.goto(f"/cases/{case['id']}/disclosures")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
