"""An officer on a phone (390 px, touch) installs and uses the field-capture app: the page
links a valid manifest (standalone, start URL, 192 and 512 px PNG icons), the service worker
registers and takes control; a photo and a video captured with no network wait ("waiting for
network"), still wait after a reload (the page from the worker's cache, the queue from
IndexedDB), and upload into the chosen case when the network returns, with their SHA-256
and source "mobile" (Field capture).

By role and label; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import login
from .helpers import PASSWORD, call, wait_for_items
from .web_browser import NARROW, Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]
MEDIA = Path("/work/shared/data/faces")  # as test_redaction.py: the test media beside the checkout
PHOTO = MEDIA / "photos" / "2008_001322.jpg"
VIDEO = MEDIA / "video" / "short_hamilton_clip.mp4"
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def phone(browser: Browser, stack: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(
        base_url=stack["web_url"], viewport=NARROW, is_mobile=True, has_touch=True,
        user_agent=PHONE_AGENT,
    )  # fmt: skip
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def _visits(request: pytest.FixtureRequest, tmp_path: Path, page: Page) -> Visits:
    root = os.environ.get("WEB_SCREENSHOTS_DIR")
    return Visits(Path(root) / request.node.name if root else tmp_path / "screens", page)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _check_manifest(page: Page) -> None:
    href = page.evaluate("document.querySelector('link[rel=manifest]').href")
    answer = page.request.get(href)
    assert answer.ok and answer.headers["content-type"] == "application/manifest+json"
    manifest = answer.json()
    assert manifest["name"] and manifest["short_name"]
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/capture"
    sizes = set()
    for icon in manifest["icons"]:
        width, height = _png_size(page.request.get(icon["src"]).body())
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"
        sizes.add(width)
    assert {192, 512} <= sizes


def test_captures_made_offline_upload_when_the_network_returns(
    phone: Page,
    gateway: httpx.Client,
    stack: dict[str, Any],
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    officer = new_person_in_new_org(gateway, admin, "Bay PD", "Omar Diaz", ["investigator"])
    headers = officer["headers"]
    call(gateway, "POST", "/api/v1/cases", headers, {"title": "Traffic stop"}, 201)
    case = call(gateway, "POST", "/api/v1/cases", headers, {"title": "Market assault"}, 201)
    page, visits = phone, _visits(request, tmp_path, phone)

    page.goto("/capture")
    sign_in(page, officer["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Field capture")).to_be_visible()
    _check_manifest(page)
    state = page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.state)")
    assert state in ("activating", "activated")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    visits.check(page, "capture online")

    # Keyboard: the case by its number and title, then Tab to the camera.
    picker = page.get_by_label("Case")
    picker.focus()
    picker.select_option(label=f"{case['number']} — Market assault")
    page.keyboard.press("Tab")
    camera = page.get_by_label("Record video or take a photo")
    expect(camera).to_be_focused()
    assert camera.get_attribute("capture") == "environment"

    page.context.set_offline(True)
    expect(page.get_by_role("status").filter(has_text="Offline")).to_be_visible()
    camera.set_input_files(PHOTO)
    camera.set_input_files(VIDEO)
    captures = page.get_by_role("list", name="Captures").get_by_role("listitem")
    expect(captures).to_have_count(2)
    expect(captures.filter(has_text="waiting for network")).to_have_count(2)
    expect(page.get_by_text("2 captures: 0 uploaded, 2 waiting for network.")).to_be_visible()

    # A reload with no network: the worker's copy of the page, the queue from IndexedDB.
    page.reload()
    expect(page.get_by_role("heading", name="Field capture")).to_be_visible()
    expect(captures.filter(has_text="waiting for network")).to_have_count(2)
    visits.check(page, "capture waiting offline")

    page.context.set_offline(False)
    expect(captures.filter(has_text="uploaded")).to_have_count(2, timeout=120_000)
    expect(page.get_by_text("2 captures: 2 uploaded.")).to_be_visible()
    visits.check(page, "capture uploaded")

    items = wait_for_items(gateway, headers, case["id"], 2)
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (PHOTO, VIDEO)}
    assert {i["filename"]: i["sha256"] for i in items} == expected
    assert {i["source"] for i in items} == {"mobile"}

    # Signing out drops the cached page (it names the person's cases) from a shared phone.
    assert page.evaluate("caches.has('custody-capture-v1')")
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.wait_for_function(
        "caches.keys().then((names) => !names.some((n) => n.startsWith('custody-capture')))"
    )
