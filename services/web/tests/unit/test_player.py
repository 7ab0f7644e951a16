"""The evidence player against a fake gateway: time codes read and written, the item page for
each kind (download offered only where allowed, integrity shown), a comment at a time code sent
to the API and a wrong time code refused at its field, the stream relayed with the browser's
Range and the 206 passed on, and the side-by-side view placing videos by capture start."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.domain.player import (
    PlayerItem,
    multiview_lanes,
    multiview_problem,
    parse_time_code,
    time_code,
)

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
CASE_ID = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator"]}  # fmt: skip
CASE = {"id": CASE_ID, "org_id": ORG, "number": "2026-000009", "title": "Pier", "status": "open"}


def _item(name: str, content_type: str, **more: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "case_id": CASE_ID, "case_ids": [CASE_ID], "org_id": ORG,
            "filename": name, "content_type": content_type, "size": 4096, "sha256": "ab" * 32,
            "source": "upload", "permission": "view", "media": {"duration_seconds": 12.0},
            **more}  # fmt: skip


VIDEO = _item("pier.mp4", "video/mp4", capture_start="2026-12-01T12:00:00Z",
              verified_at="2026-12-07T10:00:00Z", permission="download", camera_name=None,
              channel=None, contributor_name=None, latitude=None,
              media={"duration_seconds": 12.0, "frame_rate": 29.97})  # fmt: skip
LATER = _item("dock.mp4", "video/mp4", capture_start="2026-12-01T12:00:03Z")
PHOTO = _item("door.jpg", "image/jpeg")
COMMENT = {"id": str(uuid.uuid4()), "evidence_id": VIDEO["id"], "author_id": USER["id"],
           "body": "Door opens", "created_at": "2026-12-07T10:00:00Z", "at_s": 2.5}  # fmt: skip


class FakeGateway:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.ranges: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path.removeprefix("/api/v1"))
        answers: dict[tuple[str, str], Any] = {
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", f"/orgs/{ORG}/users"): {"items": [USER], "count": 1},
            ("GET", f"/cases/{CASE_ID}"): CASE,
            ("GET", f"/evidence/{VIDEO['id']}/comments"): {"items": [COMMENT], "count": 1},
            ("GET", f"/evidence/{PHOTO['id']}/comments"): {"items": [], "count": 0},
        } | {("GET", f"/evidence/{i['id']}"): i for i in (VIDEO, LATER, PHOTO)}
        if route == ("GET", f"/evidence/{VIDEO['id']}/stream"):
            assert request.headers["authorization"] == "Bearer a"
            self.ranges.append(request.headers.get("range"))
            headers = {"content-type": "video/mp4", "content-range": "bytes 0-3/4096",
                       "accept-ranges": "bytes", "x-upstream-secret": "no"}  # fmt: skip
            return httpx.Response(206, content=b"\x00\x01\x02\x03", headers=headers)
        if route in answers:
            return httpx.Response(200, json=answers[route])
        if request.method == "POST":
            self.sent.append((*route, json.loads(request.content)))
            return httpx.Response(201, json=COMMENT)
        return httpx.Response(404, json={"status": 404, "title": "Not Found"})


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway, signed_in: Callable[..., Any]) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("", None), ("75", 75.0), ("1:15", 75.0), ("1:15.5", 75.5), ("1:01:15", 3675.0)],
)
def test_time_codes_are_read_as_seconds(text: str, seconds: float | None) -> None:
    assert parse_time_code(text) == seconds


@pytest.mark.parametrize("text", ["1:75", "abc", "-3", "1:2:3:4", "800:00:00"])
def test_a_wrong_time_code_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time_code(text)


def test_time_codes_are_written_with_tenths() -> None:
    assert time_code(2.54) == "0:02.5"
    assert time_code(3725.0) == "1:02:05.0"
    assert time_code(59.96) == "1:00.0"


def test_side_by_side_places_each_video_by_its_capture_start() -> None:
    items = [PlayerItem.model_validate(i) for i in (LATER, VIDEO, PHOTO)]
    lanes = multiview_lanes(items)
    assert [lane.offset_s for lane in lanes] == [3.0, 0.0, 0.0]
    assert lanes[0].starts_at == "12:00:03 UTC"
    assert multiview_problem(["a"]) and multiview_problem(["a", "a"])
    assert multiview_problem(["a", "b"]) is None and multiview_problem(list("abcde"))


def test_the_video_page_shows_the_player_integrity_and_comments(browser: TestClient) -> None:
    page = browser.get(f"/evidence/{VIDEO['id']}")
    assert page.status_code == 200
    text = page.text
    assert f'src="/evidence/{VIDEO["id"]}/stream"' in text and "<video" in text
    assert 'data-capture-start-ms="1796126400000"' in text
    assert "7 Dec 2026, 10:00 UTC: every block read matched" in text
    assert 'data-seek="2.5"' in text and "0:02.5" in text and "Ana Ruiz" in text
    assert "Download the original" in text  # this reader may download
    assert "1 Dec 2026, 12:00:00 UTC" in text  # capture start, to the second
    assert "29.97 frames a second" in text  # the frame rate, and a frame step of 1/29.97 s
    assert 'data-frame-seconds="0.033367"' in text


def test_a_view_only_photo_has_zoom_and_no_download(browser: TestClient) -> None:
    text = browser.get(f"/evidence/{PHOTO['id']}").text
    assert "Zoom in" in text and "<img" in text and "/static/js/zoom.js" in text
    assert "Download the original" not in text and "View only" in text
    assert "Not read since it arrived" in text
    assert "Frame rate" not in text  # a photo has none


def test_a_comment_is_sent_with_its_time_code(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    page = browser.get(f"/evidence/{VIDEO['id']}")
    form = {"csrf_token": csrf_of(page), "body": "Van leaves", "at": "0:07.5"}
    answer = browser.post(f"/evidence/{VIDEO['id']}/comments", data=form)
    assert answer.status_code == 303 and answer.headers["location"].endswith("#comments")
    assert fake.sent == [
        ("POST", f"/evidence/{VIDEO['id']}/comments", {"body": "Van leaves", "at_s": 7.5})
    ]
    form |= {"at": "7 minutes"}
    refused = browser.post(f"/evidence/{VIDEO['id']}/comments", data=form)
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.text
    assert 'value="7 minutes"' in refused.text and len(fake.sent) == 1


def test_the_stream_is_relayed_with_the_browsers_range(
    browser: TestClient, fake: FakeGateway
) -> None:
    answer = browser.get(f"/evidence/{VIDEO['id']}/stream", headers={"Range": "bytes=0-3"})
    assert answer.status_code == 206 and answer.content == b"\x00\x01\x02\x03"
    assert answer.headers["content-range"] == "bytes 0-3/4096"
    assert "x-upstream-secret" not in answer.headers
    assert fake.ranges == ["bytes=0-3"]


def test_side_by_side_lists_the_videos_and_refuses_one_not_in_the_case(
    browser: TestClient,
) -> None:
    page = browser.get(f"/cases/{CASE_ID}/multiview?item={VIDEO['id']}&item={LATER['id']}")
    assert page.status_code == 200 and "Starts at 12:00:03 UTC" in page.text
    assert 'data-offset="3.000"' in page.text
    one = browser.get(f"/cases/{CASE_ID}/multiview?item={VIDEO['id']}")
    assert one.status_code == 400 and "Choose 2 to 4 videos" in one.text
    photo = browser.get(f"/cases/{CASE_ID}/multiview?item={VIDEO['id']}&item={PHOTO['id']}")
    assert photo.status_code == 404


def test_the_capture_start_reads_in_milliseconds() -> None:
    start = datetime(2026, 12, 1, 12, tzinfo=UTC)
    item = PlayerItem.model_validate(VIDEO | {"capture_start": start + timedelta(seconds=1)})
    assert item.capture_start_ms == 1796126401000 and item.kind == "video"
