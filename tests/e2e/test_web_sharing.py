"""Sharing in a real browser: an investigator gives a colleague view-only access to an item
until a date, sees it under "Who has access" and revokes it after a confirmation; creates a
view-only share link whose QR code decodes to the link, which a browser without an account
opens to a player and no Download button; a view-and-download link offers Download and the
file's bytes match the item's SHA-256; a withdrawn link shows the withdrawn page and nothing
else. Another organization's investigator gets the 404 page.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip
from playwright.sync_api import Browser, Page, expect

from .conftest import login, wait_until
from .helpers import PASSWORD, call, new_case, tus_upload, wait_for_items
from .web_browser import WIDE, Visits
from .web_people import new_person, new_person_in_new_org, sign_in
from .web_qr import decoded_qr

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def bay(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Ana's case with one clip; Ben works beside her; Eli is of another organization."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    ana = new_person_in_new_org(gateway, admin, "Bay PD", "Ana Ruiz", ["investigator"])
    ben = new_person(gateway, admin, ana["org_id"], "Ben Cho", ["investigator"])
    eli = new_person_in_new_org(gateway, admin, "Elsewhere PD", "Eli Stone", ["investigator"])
    case = new_case(gateway, ana["headers"], title="Pier fire")
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", ana["headers"], {}, 201)
    start = datetime(2026, 12, 1, 23, 50, tzinfo=UTC)
    clip = make_clip("pier", 1, start, start + timedelta(seconds=6))
    tus_upload(grant["tus_url"], grant["token"], clip, "pier-fire.mp4", "video/mp4")
    [item] = wait_for_items(gateway, ana["headers"], case["id"], 1)

    def processed() -> Any:
        found = call(gateway, "GET", f"/api/v1/evidence/{item['id']}", ana["headers"])
        return found if found["processing"] != "pending" else None

    wait_until(processed, timeout=60, what="the clip's processing")
    return {"ana": ana, "ben": ben, "eli": eli, "case": case, "item": item, "clip": clip}


def _create_link(page: Page, permission: str, label: str) -> str:
    """Fills the share link form (the label and the button by keyboard); the link shown."""
    form = page.get_by_role("region", name="Create a share link")
    form.get_by_text(permission, exact=True).click()  # the label: USWDS draws its own circle
    form.get_by_label("Link ends").fill(str(datetime.now(UTC).date() + timedelta(days=3)))
    form.get_by_label("Who it is for (optional)").focus()
    page.keyboard.type(label)
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Create share link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Share link created")).to_be_visible(timeout=30_000)
    url = page.get_by_label("Share link", exact=True).input_value()
    assert "/s/" in url
    assert decoded_qr(page.get_by_role("img", name="QR code of the share link")) == url
    return url


def _open_anonymously(browser: Browser, url: str) -> Page:
    context = browser.new_context(viewport=WIDE, accept_downloads=True)
    context.set_default_timeout(30_000)
    viewer = context.new_page()
    viewer.goto(url)
    return viewer


def _plays(viewer: Page) -> None:
    video = viewer.get_by_label("Video pier-fire.mp4")
    expect(video).to_be_visible()
    duration = video.evaluate(
        """v => new Promise((done, failed) => {
            if (v.readyState >= 1) return done(v.duration);
            v.addEventListener("loadedmetadata", () => done(v.duration));
            v.addEventListener("error", () => failed(new Error("the video failed to load")));
        })"""
    )
    assert duration > 1


def test_grant_view_only_then_revoke(
    page: Page, gateway: httpx.Client, bay: dict[str, Any], visits: Visits
) -> None:
    item, ben = bay["item"], bay["ben"]
    page.goto("/")
    sign_in(page, bay["ana"]["email"], PASSWORD)
    page.goto(f"/evidence/{item['id']}/sharing")
    expect(page.get_by_role("heading", name="Who has access")).to_be_visible()
    expect(page.get_by_text("nobody has been given any")).to_be_visible()
    visits.check(page, "item sharing")

    give = page.get_by_role("region", name="Give access")
    give.get_by_role("button", name="Give access").click()
    who = give.get_by_label("Who", exact=True)
    expect(who).to_have_attribute("aria-describedby", "grantee-hint grantee-error")
    expect(give.get_by_text("Choose who gets access")).to_be_visible()
    visits.check(page, "grant refused")

    who.select_option(label=f"Ben Cho ({ben['email']})")
    give.get_by_text("View only", exact=True).click()
    until = datetime.now(UTC).date() + timedelta(days=10)
    give.get_by_label("Access ends").fill(str(until))
    give.get_by_role("button", name="Give access").click()
    expect(page.get_by_text("Access given.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Ben Cho")
    expect(row).to_contain_text("View only")
    expect(row).to_contain_text(until.strftime("%-d %b %Y"))
    expect(row).to_contain_text("Active")
    visits.check(page, "access given")

    row.get_by_role("link", name="Revoke access of Ben Cho").click()
    expect(page.get_by_role("heading", name="Revoke the access of Ben Cho?")).to_be_visible()
    visits.check(page, "revoke confirmation")
    page.get_by_role("button", name="Yes, revoke access").click()
    expect(page.get_by_text("Access revoked")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Ben Cho")).to_contain_text("Revoked")
    grants = call(gateway, "GET", f"/api/v1/evidence/{item['id']}/grants", bay["ana"]["headers"])
    [revoked] = grants["items"]
    assert revoked["grantee_id"] == ben["id"] and revoked["permission"] == "view"
    assert revoked["revoked_at"] is not None and revoked["expires_at"].startswith(str(until))


def test_share_links_view_download_and_withdraw(
    page: Page, browser: Browser, bay: dict[str, Any], visits: Visits
) -> None:
    item = bay["item"]
    page.goto("/")
    sign_in(page, bay["ana"]["email"], PASSWORD)
    page.goto(f"/cases/{bay['case']['id']}/sharing")
    viewing = _create_link(page, "View only", "For the fire marshal")
    visits.check(page, "share link created")

    viewer = _open_anonymously(browser, viewing)
    seen = Visits(visits.folder / "viewer", viewer)
    expect(viewer.get_by_role("heading", name="pier-fire.mp4")).to_be_visible()
    _plays(viewer)
    expect(viewer.get_by_role("link", name="Download")).to_have_count(0)
    expect(viewer.get_by_text(item["sha256"])).to_be_visible()
    seen.check(viewer, "viewer view only")

    page.goto(f"/evidence/{item['id']}/sharing")
    downloading = _create_link(page, "View and download", "For the DA")
    viewer.goto(downloading)
    _plays(viewer)
    with viewer.expect_download() as started:
        viewer.get_by_role("link", name="Download pier-fire.mp4").click()
    saved = started.value.path()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == item["sha256"]
    seen.check(viewer, "viewer with download")

    page.goto(f"/cases/{bay['case']['id']}/sharing")
    page.get_by_role("link", name="Withdraw For the fire marshal").click()
    question = "Withdraw the share link For the fire marshal?"
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    page.get_by_role("button", name="Yes, withdraw the link").click()
    expect(page.get_by_text("Share link withdrawn")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="For the fire marshal")).to_contain_text(
        "Withdrawn"
    )
    visits.check(page, "share link withdrawn")

    answer = viewer.goto(viewing)
    assert answer is not None and answer.status == 404
    gone = viewer.get_by_role("heading", name="This link has expired or was withdrawn")
    expect(gone).to_be_visible()
    expect(viewer.get_by_text("pier-fire.mp4")).to_have_count(0)
    assert answer.headers["referrer-policy"] == "no-referrer"
    seen.check(viewer, "viewer withdrawn")
    viewer.context.close()


def test_another_organization_sees_nothing(page: Page, bay: dict[str, Any], visits: Visits) -> None:
    page.goto("/")
    sign_in(page, bay["eli"]["email"], PASSWORD)
    for path in (f"/cases/{bay['case']['id']}/sharing", f"/evidence/{bay['item']['id']}/sharing"):
        page.goto(path)
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.get_by_text("Pier fire")).to_have_count(0)
    visits.check(page, "sharing of another organization")
