"""The redaction studio against a fake gateway: the item's jobs and starting one, the live view
(SSE) that ends when the job stops, the review form read into the API's review body (tracks
left visible, typed masks and keyframes, muted ranges), a mistyped number shown at its field,
a job under another item's address refused, and the item's bytes relayed with their Range."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.domain.redaction import Job, progress_summary

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator"]}  # fmt: skip
ITEM = {"id": str(uuid.uuid4()), "filename": "speech.mp4", "content_type": "video/mp4",
        "size": 150_000, "sha256": "ab" * 32, "source": "upload"}  # fmt: skip
MEDIA = {"kind": "video", "width": 640, "height": 360, "fps": 30.0, "frame_count": 90,
         "duration_s": 3.0, "has_audio": True, "video_codec": "h264"}  # fmt: skip
TRACK = {"id": 4, "kind": "face", "score": 0.91, "first_frame": 0, "last_frame": 60,
         "frame_count": 61, "thumbnail_url": "/api/v1/redactions/x/tracks/4/thumbnail"}  # fmt: skip

BOX = {"track_id": 4, "frame": 30, "x1": 1.5, "y1": 2, "x2": 30, "y2": 40}
BOXES = {"from_frame": 30, "to_frame": 60, "next_from_frame": None, "boxes": [BOX]}
COVERAGE = {"frames": 90, "fps": 30.0, "detected_frames": 45, "carried_frames": 30,
            "uncovered_frames": 15, "detected_share": 0.5, "carried_share": 0.3333,
            "uncovered_share": 0.1667,
            "segments": [{"start_frame": 0, "end_frame": 44, "state": "detected"},
                         {"start_frame": 45, "end_frame": 74, "state": "carried"},
                         {"start_frame": 75, "end_frame": 89, "state": "none"}],
            "moments": [{"reason": "missed", "start_frame": 45, "end_frame": 74, "time_s": 1.5,
                         "track_id": 4, "score": 0.8},
                        {"reason": "abrupt_end", "start_frame": 74, "end_frame": 74,
                         "time_s": 2.4667, "track_id": 4, "score": 0.9}],
            "moments_total": 3}  # fmt: skip


def _job(status: str, **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "evidence_id": ITEM["id"], "case_id": str(uuid.uuid4()),
            "status": status, "progress": {"step": "analyse", "percent": 40.0,
            "frames_done": 36, "frames_total": 90, "fps": 12.5},
            "media": MEDIA, "tracks": [TRACK], **extra}  # fmt: skip


class FakeGateway:
    def __init__(self) -> None:
        self.jobs = [_job("analysing"), _job("awaiting_review")]
        self.reads = 0
        self.hidden = 0
        self.sent: list[tuple[str, str, Any]] = []
        self.ranges: list[str | None] = []
        self.box_windows: list[dict[str, str]] = []
        self.coverage: dict[str, Any] | None = None  # the API's 404 until a test sets one

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path.removeprefix("/api/v1"))
        if route == ("GET", f"/redactions/{self.jobs[1]['id']}/boxes"):
            self.box_windows.append(dict(request.url.params))
            return httpx.Response(200, json=BOXES)
        coverage = f"/redactions/{self.jobs[1]['id']}/coverage"
        answers: dict[tuple[str, str], Any] = {
            **({("GET", coverage): self.coverage} if self.coverage else {}),
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", f"/evidence/{ITEM['id']}"): ITEM,
            ("GET", f"/evidence/{ITEM['id']}/redactions"): {"items": self.jobs, "count": 2},
        }
        if route in answers:
            return httpx.Response(200, json=answers[route])
        if route == ("GET", f"/evidence/{ITEM['id']}/stream"):
            self.ranges.append(request.headers.get("range"))
            headers = {"content-type": "video/mp4", "content-range": "bytes 0-3/100"}
            body = httpx.ByteStream(b"\x00\x00\x00\x18")  # a stream, as from the network
            return httpx.Response(206, stream=body, headers=headers)
        for job in self.jobs:
            if route == ("GET", f"/redactions/{job['id']}") and self.hidden:
                self.hidden -= 1  # accepted, not yet queued: the job reaches its URL later
                return httpx.Response(404, json={"status": 404, "title": "Not Found"})
            if route == ("GET", f"/redactions/{job['id']}"):
                self.reads += 1  # the running job stops on its third read
                if job["status"] == "analysing" and self.reads >= 3:
                    job["status"] = "awaiting_review"
                return httpx.Response(200, json=job)
        if request.method == "GET":
            return httpx.Response(404, json={"status": 404, "title": "Not Found"})
        body = json.loads(request.content or b"null")
        self.sent.append((*route, body))
        if route[1].endswith("/redactions"):
            self.hidden = 2
            return httpx.Response(202, json={"job_id": self.jobs[0]["id"]})
        return httpx.Response(200, json=self.jobs[1] | {"status": "rendering"})


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway, signed_in: Callable[..., Any]) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


def test_the_studio_lists_the_jobs_and_starts_one(browser: TestClient, fake: FakeGateway) -> None:
    page = browser.get(f"/evidence/{ITEM['id']}/redaction")
    assert (
        page.status_code == 200 and "Awaiting review" in page.text and ITEM["sha256"] in page.text
    )
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    started = browser.post(f"/evidence/{ITEM['id']}/redaction", data={"csrf_token": token})
    assert started.headers["location"] == f"/evidence/{ITEM['id']}/redaction/{fake.jobs[0]['id']}"
    assert fake.sent[0][:2] == ("POST", f"/evidence/{ITEM['id']}/redactions")
    assert fake.hidden == 0  # it waited for the job to be queued before going there


def test_the_live_view_sends_progress_until_the_job_stops(
    browser: TestClient, fake: FakeGateway
) -> None:
    running = fake.jobs[0]["id"]
    page = browser.get(f"/evidence/{ITEM['id']}/redaction/{running}")
    assert f'sse-connect="/evidence/{ITEM["id"]}/redaction/{running}/events"' in page.text
    stream = browser.get(f"/evidence/{ITEM['id']}/redaction/{running}/events")
    assert stream.headers["content-type"].startswith("text/event-stream")
    events = [line for line in stream.text.splitlines() if line.startswith("event:")]
    assert events.count("event: progress") >= 2 and events[-1] == "event: done"
    assert "Review the detected faces and plates" in stream.text
    assert "36 of 90" in stream.text


def test_the_review_form_becomes_the_api_s_review(browser: TestClient, fake: FakeGateway) -> None:
    job = fake.jobs[1]["id"]
    page = browser.get(f"/evidence/{ITEM['id']}/redaction/{job}")
    assert "Mask face 4" in page.text and f"/redaction/{job}/tracks/4/thumbnail" in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "style": "pixelate", "audio": "ranges", "bleep": "yes",
            "mute_start": ["0.5"], "mute_end": ["1.5"], "mask_id": ["sign"],
            "mask_shape": ["rect"], "mask_start": ["0"], "mask_end": ["3"],
            "kf_mask": ["0", "0"], "kf_time": ["0", "2"],
            "kf_points": ["20,20 120,90", "300,40 400,110"]}  # fmt: skip
    sent = browser.post(f"/evidence/{ITEM['id']}/redaction/{job}/review", data=form)
    assert sent.status_code == 303
    method, path, body = fake.sent[-1]
    assert (method, path) == ("POST", f"/redactions/{job}/review")
    assert body["selection"] == "all_but" and body["track_ids"] == [4]  # unticked: visible
    assert body["style"] == "pixelate"
    assert body["audio"] == {"remove": False, "bleep": True, "mute_ranges": [[0.5, 1.5]]}
    assert body["manual_masks"] == [{"id": "sign", "shape": "rect", "start_s": 0.0, "end_s": 3.0,
        "keyframes": [{"time_s": 0.0, "points": [[20.0, 20.0], [120.0, 90.0]]},
                      {"time_s": 2.0, "points": [[300.0, 40.0], [400.0, 110.0]]}]}]  # fmt: skip


def test_a_mistyped_point_is_shown_with_what_was_typed(
    browser: TestClient, fake: FakeGateway
) -> None:
    job = fake.jobs[1]["id"]
    page = browser.get(f"/evidence/{ITEM['id']}/redaction/{job}")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "mask": ["4"], "mask_id": ["sign"], "mask_shape": ["rect"],
            "mask_start": ["0"], "mask_end": ["3"], "kf_mask": ["0"], "kf_time": ["0"],
            "kf_points": ["twenty"]}  # fmt: skip
    refused = browser.post(f"/evidence/{ITEM['id']}/redaction/{job}/review", data=form)
    assert refused.status_code == 400 and "Mask sign: points are x,y pairs" in refused.text
    assert 'value="twenty"' in refused.text and 'href="#manual-masks"' in refused.text
    assert not any(path.endswith("/review") for _, path, _ in fake.sent)


def test_a_job_of_another_item_is_not_found(browser: TestClient, fake: FakeGateway) -> None:
    other = uuid.uuid4()
    assert browser.get(f"/evidence/{other}/redaction/{fake.jobs[1]['id']}").status_code == 404


def test_the_studio_reads_the_players_relay_with_its_range(
    browser: TestClient, fake: FakeGateway
) -> None:
    review = browser.get(f"/evidence/{ITEM['id']}/redaction/{fake.jobs[1]['id']}").text
    assert f'src="/evidence/{ITEM["id"]}/stream"' in review
    answer = browser.get(f"/evidence/{ITEM['id']}/stream", headers={"Range": "bytes=0-3"})
    assert answer.status_code == 206 and answer.content == b"\x00\x00\x00\x18"
    assert answer.headers["content-range"] == "bytes 0-3/100"
    assert answer.headers["content-type"] == "video/mp4"
    assert fake.ranges == ["bytes=0-3"]


def test_the_live_summary_moves_a_quarter_at_a_time() -> None:
    job = Job.model_validate(_job("analysing"))
    assert progress_summary(job) == "Finding faces and plates: about 25% done."
    assert progress_summary(Job.model_validate(_job("awaiting_review"))) == (
        "The job is awaiting review."
    )


def test_the_preview_outlines_read_the_apis_boxes(browser: TestClient, fake: FakeGateway) -> None:
    job = fake.jobs[1]["id"]
    page = browser.get(f"/evidence/{ITEM['id']}/redaction/{job}").text
    assert 'viewBox="0 0 640 360"' in page and "/static/js/redaction-outlines.js" in page
    assert f'data-boxes="/evidence/{ITEM["id"]}/redaction/{job}/boxes"' in page
    assert "labelled “visible”: you left it visible" in page  # the key is words, not colour
    answer = browser.get(f"/evidence/{ITEM['id']}/redaction/{job}/boxes?from_frame=30&frames=30")
    assert answer.status_code == 200 and answer.json() == BOXES | {"boxes": [
        {"track_id": 4, "frame": 30, "x1": 1.5, "y1": 2.0, "x2": 30.0, "y2": 40.0}]}  # fmt: skip
    assert fake.box_windows == [{"from_frame": "30", "frames": "30"}]
    refused = browser.get(f"/evidence/{ITEM['id']}/redaction/{job}/boxes?frames=5000")
    assert refused.status_code >= 400 and len(fake.box_windows) == 1


def test_the_review_shows_what_to_check_along_the_timeline(
    browser: TestClient, fake: FakeGateway
) -> None:
    job = fake.jobs[1]["id"]
    assert "What to check" not in browser.get(f"/evidence/{ITEM['id']}/redaction/{job}").text
    fake.coverage = COVERAGE
    page = browser.get(f"/evidence/{ITEM['id']}/redaction/{job}").text
    # Bars in thousandths of the clip: 45 of 90 frames is half the strip.
    assert 'web-coverage__bar--carried" x="500.0" y="0" width="333.333"' in page
    assert 'class="web-coverage__mark" x="500.0"' in page  # the first moment, frame 45
    assert "Found by the detector: 45 of 90 frames (50%)." in page
    assert "Carried by tracking only: 30 of 90 frames (33%)." in page
    assert 'data-seek="1.517">0:01.5: Face 4 was missed by the detector until 0:02.5' in page
    assert 'data-seek="2.483">0:02.5: Face 4 is lost away from the picture' in page
    assert "1 more moments are not listed" in page
    assert "/static/js/redaction-coverage.js" in page
