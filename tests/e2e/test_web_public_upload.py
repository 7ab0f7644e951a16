"""The public upload page in a real browser: a witness opens a file request's link, with
no account, is told what is missing next to the field, agrees, uploads a phone video with
tus, and the video becomes the case's evidence with the witness's name on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip
from playwright.sync_api import Page, expect

from .conftest import login
from .helpers import call, new_case, new_org, wait_for_items
from .web_browser import Visits

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def file_request(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_org(gateway, admin, "Harbor PD", {"lead": ["investigator"]})
    lead = metro["users"]["lead"]["headers"]
    case = new_case(gateway, lead, title="Ferry terminal fight")
    body = {
        "title": "Videos of the ferry terminal fight",
        "instructions": "Upload videos you took on Pier 3 between 6 and 7 pm on Saturday.",
        "consent_text": "I agree that Harbor PD may use my video as evidence.",
        "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        "max_files": 2,
        "allowed_media_types": ["video/*"],
        "ask_contributor": True,
    }
    created = call(gateway, "POST", f"/api/v1/cases/{case['id']}/file-requests", lead, body, 201)
    return {"lead": lead, "case": case, "url": created["url"]}


def test_a_witness_uploads_a_video_through_the_link(
    page: Page,
    gateway: httpx.Client,
    file_request: dict[str, Any],
    visits: Visits,
    tmp_path: Path,
) -> None:
    start = datetime(2026, 5, 2, 18, 30, tzinfo=UTC)
    video = tmp_path / "IMG_0107.mp4"
    video.write_bytes(make_clip("phone", 1, start, start + timedelta(seconds=5)))

    page.goto(file_request["url"])  # an absolute link, as in the QR code
    expect(page.get_by_role("heading", name="Videos of the ferry terminal fight")).to_be_visible()
    expect(page.get_by_text("At most 2 files.")).to_be_visible()
    visits.check(page, "public upload")

    page.get_by_role("button", name="Upload").click()
    files = page.get_by_label("Files", exact=True)
    expect(files).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Choose at least one file")).to_be_visible()

    page.get_by_label("Your name").fill("Alex Witness")
    page.get_by_label("Phone number or email address").fill("alex@example.org")
    files.set_input_files(str(video))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Tick “I agree” before uploading")).to_be_visible()
    visits.check(page, "public upload refused")

    # From the consent box on, by keyboard: Space ticks it, Tab to the files, Enter sends.
    page.get_by_label("I agree").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Upload").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 of 1 files received. Thank you.")
    expect(page.get_by_text("IMG_0107.mp4: received")).to_be_visible()
    visits.check(page, "public upload received")

    lead, case = file_request["lead"], file_request["case"]
    [item] = wait_for_items(gateway, lead, case["id"], 1)
    assert item["source"] == "public" and item["contributor_name"] == "Alex Witness"
