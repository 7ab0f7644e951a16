"""The evidence player in a real browser: an investigator opens a clip from the case page,
plays it (its time advances), steps frames at its own frame rate and changes speed by
keyboard, reads the capture time over the picture, comments at a time code and seeks by
pressing it, and sees when the bytes were last verified; a photo zooms by button and
keyboard; an audio item draws its waveform; two clips with different capture starts play
side by side in step; another organization's user gets the 404 page and no bytes.

By role and label, never CSS paths; every page passes axe-core at 1440 and 390 px."""

from __future__ import annotations

import io
import math
import re
import struct
import wave
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip
from PIL import Image
from playwright.sync_api import Page, expect

from .conftest import login, wait_until
from .helpers import PASSWORD, call, new_case, tus_upload, wait_for_items
from .web_browser import Visits
from .web_people import new_person_in_new_org, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LATER_BY = 3.0  # the second clip's capture starts this much later
CLIP_SECONDS = 10.0


def _photo() -> bytes:
    picture = Image.linear_gradient("L").resize((640, 480)).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _tone() -> bytes:
    """Three seconds of a 440 Hz tone that swells and fades (a visible waveform)."""
    rate, seconds = 8000, 3
    frames = b"".join(
        struct.pack("<h", round(20000 * math.sin(math.pi * i / (rate * seconds))
                                * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(rate * seconds)
    )  # fmt: skip
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(frames)
    return out.getvalue()


def _processed(gateway: httpx.Client, headers: dict[str, str], item_id: str) -> Any:
    def done() -> Any:
        item = call(gateway, "GET", f"/api/v1/evidence/{item_id}", headers)
        return item if item["processing"] != "pending" else None

    return wait_until(done, timeout=90, what=f"processing of {item_id}")


@pytest.fixture(scope="module")
def media(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """A case with two clips (the second captured LATER_BY seconds after the first), a photo
    and a sound, uploaded through an upload grant; capture starts set on the clips."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    ana = new_person_in_new_org(gateway, admin, "Harbor PD", "Ana Ruiz", ["investigator"])
    outsider = new_person_in_new_org(gateway, admin, "Inland PD", "Eli Stone", ["investigator"])
    case = new_case(gateway, ana["headers"], title="Pier 9 collision")
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", ana["headers"], {}, 201)
    later = START + timedelta(seconds=LATER_BY)
    files = {
        "pier-a.mp4": (make_clip("pier", 1, START, START + timedelta(seconds=CLIP_SECONDS),
                                 max_seconds=CLIP_SECONDS), "video/mp4"),
        "pier-b.mp4": (make_clip("pier", 2, later, later + timedelta(seconds=CLIP_SECONDS),
                                 max_seconds=CLIP_SECONDS), "video/mp4"),
        "door.jpg": (_photo(), "image/jpeg"),
        "call.wav": (_tone(), "audio/wav"),
    }  # fmt: skip
    for name, (data, media_type) in files.items():
        tus_upload(grant["tus_url"], grant["token"], data, name, media_type)
    items = {i["filename"]: i for i in wait_for_items(gateway, ana["headers"], case["id"], 4)}
    for name, start in (("pier-a.mp4", START), ("pier-b.mp4", later)):
        body = {"capture_start": start.isoformat(),
                "capture_end": (start + timedelta(seconds=CLIP_SECONDS)).isoformat()}  # fmt: skip
        call(gateway, "PATCH", f"/api/v1/evidence/{items[name]['id']}", ana["headers"], body)
    for item in items.values():
        _processed(gateway, ana["headers"], item["id"])
    ids = {name: item["id"] for name, item in items.items()}
    return {"ana": ana, "outsider": outsider, "case": case, "ids": ids}


def _time(page: Page, label: str) -> float:
    return float(page.get_by_label(label).evaluate("media => media.currentTime"))


def _wait_for(page: Page, label: str, condition: str) -> None:
    """Until `condition` (on `media`, the element labelled `label`) holds."""
    media = page.get_by_label(label).element_handle()
    page.wait_for_function(f"media => {condition}", arg=media)


def test_an_investigator_plays_steps_and_comments_at_a_time_code(
    page: Page, media: dict[str, Any], visits: Visits
) -> None:
    page.goto(f"/cases/{media['case']['id']}")
    sign_in(page, media["ana"]["email"], PASSWORD)
    page.get_by_role("link", name="pier-a.mp4").click()
    expect(page.get_by_role("heading", name="pier-a.mp4", level=1)).to_be_visible()
    integrity = page.get_by_role("region", name="Integrity")
    expect(integrity).to_contain_text(re.compile(r"SHA-256\s*[0-9a-f]{64}"))
    expect(integrity).to_contain_text("Checked at ingest")
    expect(page.get_by_role("link", name="Download the original")).to_be_visible()
    visits.check(page, "player video")

    # Play: the time advances; the overlay shows the capture wall-clock time.
    video = "Video: pier-a.mp4"
    page.get_by_role("button", name="Play", exact=True).click()
    _wait_for(page, video, "media.currentTime > 1.0")
    page.keyboard.press("k")  # pause, from the keyboard
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible()
    paused = _time(page, video)
    assert paused > 1.0
    expect(page.get_by_text(re.compile(r"^2026-12-01 12:00:0\d\.\d UTC$"))).to_be_visible()

    # Frame steps by keyboard at the clip's own rate (10 a second): one frame forward, then back.
    details = page.get_by_role("region", name="Details")
    expect(details).to_contain_text(re.compile(r"Frame rate\s*10 frames a second"))
    page.keyboard.press(".")
    stepped = _time(page, video)
    assert stepped == pytest.approx((round(paused * 10) + 1) / 10, abs=0.001)
    page.keyboard.press(",")
    assert _time(page, video) == pytest.approx(stepped - 0.1, abs=0.001)
    # Speed: the select, and > from the keyboard.
    page.get_by_label("Speed").select_option("2.0")
    assert page.get_by_label(video).evaluate("media => media.playbackRate") == 2.0
    page.get_by_label(video).focus()
    page.keyboard.press(">")
    assert page.get_by_label(video).evaluate("media => media.playbackRate") == 4.0
    expect(page.get_by_label("Speed")).to_have_value("4.0")

    # A comment at the player's time; pressing its time seeks there after a reload.
    page.get_by_role("button", name="Use the player's time").click()
    stamp = page.get_by_label("Time code")
    expect(stamp).to_have_value(re.compile(r"^0:0\d\.\d$"))
    at = stamp.input_value()
    page.get_by_label("Comment", exact=True).fill("Van backs up to the door")
    page.get_by_label("Comment", exact=True).press("k")  # typing: no shortcut
    assert page.get_by_label("Comment", exact=True).input_value().endswith("k")
    page.get_by_label("Comment", exact=True).fill("Van backs up to the door")
    page.get_by_role("button", name="Add comment").click()
    comments = page.get_by_role("region", name=re.compile(r"Comments \(1\)"))
    expect(comments).to_contain_text("Van backs up to the door")
    comments.get_by_role("button", name=f"Play from {at}").click()
    minutes, seconds = at.split(":")
    wanted = int(minutes) * 60 + float(seconds)
    _wait_for(page, video, f"Math.abs(media.currentTime - {wanted}) < 0.11")
    # The bytes played were verified on the way: the page says when.
    expect(integrity).to_contain_text("every block read matched its recorded hash")
    visits.check(page, "player comment")


def test_a_photo_zooms_and_a_sound_draws_its_waveform(
    page: Page, media: dict[str, Any], visits: Visits
) -> None:
    page.goto(f"/evidence/{media['ids']['door.jpg']}")
    sign_in(page, media["ana"]["email"], PASSWORD)
    photo = page.get_by_role("img", name="door.jpg")
    expect(photo).to_be_visible()
    width = photo.bounding_box()["width"]  # type: ignore[index]
    page.get_by_role("button", name="Zoom in").click()
    expect(page.get_by_text("150%")).to_be_visible()
    assert photo.bounding_box()["width"] > width * 1.4  # type: ignore[index]
    page.get_by_label(re.compile("^Photo, scroll")).focus()
    page.keyboard.press("+")
    expect(page.get_by_text("200%")).to_be_visible()
    visits.check(page, "photo zoomed")
    page.keyboard.press("0")
    expect(page.get_by_text("100%")).to_be_visible()

    page.goto(f"/evidence/{media['ids']['call.wav']}")
    waveform = page.get_by_role("img", name="Waveform of call.wav")
    expect(waveform).to_have_attribute("data-drawn", "true")
    painted = waveform.evaluate(
        """canvas => { const data = canvas.getContext("2d")
                .getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0; for (let i = 3; i < data.length; i += 4) if (data[i]) count++;
            return count; }"""
    )
    assert painted > 1000
    visits.check(page, "audio waveform")


def test_two_clips_play_side_by_side_in_step_by_capture_time(
    page: Page, media: dict[str, Any], visits: Visits
) -> None:
    ids = media["ids"]
    page.goto(
        f"/cases/{media['case']['id']}/multiview?item={ids['pier-a.mp4']}&item={ids['pier-b.mp4']}"
    )
    sign_in(page, media["ana"]["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Side by side")).to_be_visible()
    expect(page.get_by_text("Starts at 12:00:03 UTC")).to_be_visible()
    visits.check(page, "side by side")
    page.get_by_role("button", name="Play", exact=True).click()
    expect(page.get_by_text("Starts at 12:00:03 UTC")).to_be_hidden(timeout=10_000)
    _wait_for(page, "Video: pier-b.mp4", "media.currentTime > 1.5")
    other = page.get_by_label("Video: pier-b.mp4").element_handle()
    first, second = page.get_by_label("Video: pier-a.mp4").evaluate(
        "(first, second) => [first.currentTime, second.currentTime]", other
    )
    assert abs((first - second) - LATER_BY) < 0.3, (first, second)
    page.get_by_role("button", name="Pause").click()
    visits.check(page, "side by side playing")


def test_another_organization_gets_the_not_found_page_and_no_bytes(
    page: Page, media: dict[str, Any], visits: Visits
) -> None:
    clip = media["ids"]["pier-a.mp4"]
    page.goto(f"/evidence/{clip}")
    sign_in(page, media["outsider"]["email"], PASSWORD)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("pier-a.mp4")).to_have_count(0)
    assert page.request.get(f"/evidence/{clip}/stream").status == 404
    visits.check(page, "item of another organization")
