"""The device operator in a real browser (the SecuraMax "Video Request" flow): the Devices page,
background recording switched on and off, a video request to an offline device that waits for
it, the transfer's bytes as the simulated device uploads, and a request with no video and the
device's reason. One keyboard-only path through the video request form.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from custody_devicesim.device import SimulatedDevice
from playwright.sync_api import Locator, Page, expect

from .conftest import login
from .helpers import PASSWORD, call
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]  # stack, device
TRANSFER_TIMEOUT = 60_000  # ms: the device checks in, uploads, evidence is not waited for


@pytest.fixture(scope="module")
def riverside(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Riverside PD's operator, an in-car DVR with two channels and a body cam (background
    recording off, as body cams come), neither online yet."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    operator = new_person_in_new_org(gateway, root, "Riverside PD", "Alex Kim", ["org_admin"])
    made = {}
    for key, body in {
        "car": {"name": "Car 12", "kind": "in_car", "channels": 2},
        "bodycam": {"name": "Officer Diaz body cam", "kind": "body_worn", "channels": 1},
    }.items():
        made[key] = call(gateway, "POST", "/api/v1/devices", operator["headers"], body, 201)
    return {"operator": operator, **made, "url": stack["device_gateway_url"]}


def _range(hours_ago: int) -> tuple[str, str]:
    """A one-hour range ending `hours_ago` hours ago, as a datetime-local value (UTC)."""
    end = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=hours_ago)
    return (end - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), end.strftime("%Y-%m-%dT%H:%M")


def _nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name=name)


def _transfers(page: Page) -> Locator:
    """The request page's live status line, in its Pending transfers section."""
    return page.get_by_role("region", name="Pending transfers").get_by_role("status")


def _notice(page: Page) -> Locator:
    return page.get_by_role("status").filter(has_text="Background recording is now")


def _answer_in_background(device: SimulatedDevice) -> threading.Thread:
    """The device comes online: one check-in, and it answers each command it gets."""

    def run() -> None:
        for command in device.checkin(wait=20):
            device.handle(command)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_operator_requests_background_video_and_watches_the_transfer(
    page: Page, riverside: dict[str, Any], visits: Visits, gateway: httpx.Client
) -> None:
    operator, car = riverside["operator"], riverside["car"]
    page.goto("/")
    sign_in(page, operator["email"], PASSWORD)
    _nav(page, "Devices").click()
    expect(page.get_by_role("heading", name="Devices", exact=True)).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Car 12"))
    expect(row.get_by_text("Offline")).to_be_visible()
    expect(row.get_by_text("Never")).to_be_visible()
    visits.check(page, "devices")

    page.get_by_role("button", name="Turn off background recording for Car 12").click()
    expect(_notice(page)).to_contain_text("Background recording is now off for Car 12")
    page.get_by_role("button", name="Turn on background recording for Car 12").click()
    expect(_notice(page)).to_contain_text("Background recording is now on for Car 12")
    shown = call(gateway, "GET", f"/api/v1/devices/{car['device']['id']}", operator["headers"])
    assert shown["background_recording"] is True
    visits.check(page, "devices after the switch")

    page.get_by_role("link", name="Video request to Car 12").click()
    expect(page.get_by_role("heading", name="Video request to Car 12")).to_be_visible()
    expect(page.get_by_text("Channel 1 is its main camera")).to_be_visible()
    start, end = _range(3)
    page.get_by_label("Start").fill(start)
    page.get_by_label("End").fill(end)
    page.get_by_role("button", name="Send request").click()  # no channel chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one channel")
    expect(page.get_by_label("Start")).to_have_value(start)
    visits.check(page, "video request refused")

    page.get_by_text("Channel 1", exact=True).click()
    page.get_by_text("Channel 2", exact=True).click()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Pending transfers")).to_be_visible()
    expect(_transfers(page)).to_contain_text("Waiting for the device to come online")
    visits.check(page, "video request waiting")
    waiting_url = page.url
    _nav(page, "Home").click()  # the operator's home counts what still waits for a device
    expect(page.get_by_role("link", name="Pending transfers: 1")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(r"^Unread notifications: \d+$"))
    ).to_be_visible()
    visits.check(page, "home of an operator")
    page.get_by_role("link", name="Pending transfers: 1").click()
    expect(
        page.get_by_role("row", name=re.compile("Car 12")).get_by_role(
            "link", name=re.compile("^Pending transfers: 1")
        )
    ).to_be_visible()
    page.goto(waiting_url)

    held, release = threading.Event(), threading.Event()

    def hold_the_first_chunk(done: int, total: int) -> None:
        if done < total and not held.is_set():
            held.set()
            release.wait(60)

    device = SimulatedDevice(
        riverside["url"],
        enrollment_code=car["enrollment_code"],
        chunk_size=8 * 1024,
        progress=hold_the_first_chunk,
    )
    device.enroll()
    answering = _answer_in_background(device)
    assert held.wait(60), "the device never started uploading"
    expect(_transfers(page)).to_contain_text(
        "The device is sending its video", timeout=TRANSFER_TIMEOUT
    )
    first = page.get_by_role("row", name=re.compile(r"^1 "))
    expect(first.get_by_role("cell", name="8,192", exact=True)).to_be_visible()
    visits.check(page, "transfer in progress")
    release.set()
    expect(_transfers(page)).to_contain_text("All video is in", timeout=TRANSFER_TIMEOUT)
    answering.join(30)
    for channel in ("1", "2"):  # cells after the channel: state, file, bytes done, bytes total
        cells = page.get_by_role("row", name=re.compile(f"^{channel} ")).get_by_role("cell")
        expect(cells.nth(3)).to_have_text(re.compile(r"^[\d,]+$"))
        expect(cells.nth(2)).to_have_text(cells.nth(3).inner_text())  # every byte is in
    visits.check(page, "video request complete")

    # Background recording off; the device applies it at its next check-in, then has nothing.
    _nav(page, "Devices").click()
    expect(page.get_by_role("row", name=re.compile("Car 12")).get_by_text("Online")).to_be_visible()
    page.get_by_role("button", name="Turn off background recording for Car 12").click()
    page.get_by_role("link", name="Video request to Car 12").click()
    start, end = _range(30)
    page.get_by_label("Start").fill(start)
    page.get_by_label("End").fill(end)
    page.get_by_text("Channel 2", exact=True).click()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Pending transfers")).to_be_visible()
    _answer_in_background(device).join(60)
    device.close()
    expect(_transfers(page)).to_contain_text(
        "The device has no video for this time", timeout=TRANSFER_TIMEOUT
    )
    expect(page.get_by_text("Why: Background recording was off on the device")).to_be_visible()
    visits.check(page, "video request with no video")

    page.get_by_role("link", name="All video requests to Car 12").click()
    expect(page.get_by_role("heading", name="Video requests to Car 12")).to_be_visible()
    expect(page.get_by_role("cell", name="No video")).to_be_visible()
    expect(page.get_by_role("cell", name="Complete")).to_be_visible()
    visits.check(page, "video requests of a device")


def _tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Presses Tab until `target` has the focus, as a keyboard user moves through a page."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {target}")


def test_the_video_request_form_works_by_keyboard_alone(
    page: Page, riverside: dict[str, Any], visits: Visits
) -> None:
    operator = riverside["operator"]
    page.goto("/devices")
    sign_in(page, operator["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Devices", exact=True)).to_be_visible()
    _tab_to(page, page.get_by_role("link", name="Video request to Officer Diaz body cam"))
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Video request to Officer Diaz body cam")
    ).to_be_visible()
    expect(page.get_by_text("This device has one channel")).to_be_visible()
    expect(page.get_by_label("Channel 1")).to_be_checked()  # its only channel
    moment = datetime.now(UTC) - timedelta(hours=5)
    for label, at in (("Start", moment - timedelta(hours=1)), ("End", moment)):
        _tab_to(page, page.get_by_label(label))
        # A datetime-local field takes its parts as typed: month, day, year, hours, minutes.
        page.keyboard.type(at.strftime("%m%d%Y"))
        page.keyboard.press("ArrowRight")  # a year may have more digits: move on by hand
        page.keyboard.type(at.strftime("%I%M") + at.strftime("%p")[0])
        expect(page.get_by_label(label)).to_have_value(at.strftime("%Y-%m-%dT%H:%M"))
    _tab_to(page, page.get_by_role("button", name="Send request"))
    page.keyboard.press("Enter")
    expect(_transfers(page)).to_contain_text("Waiting for the device to come online")
    visits.check(page, "body cam request by keyboard")
