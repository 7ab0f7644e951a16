"""Redaction through the public API: evidence arrives from a device (a clip cut from the
shared face video), an investigator asks for a redaction, watches it analyse, selects the
tracks to mask, renders, and downloads the redacted copy; the original never changes.
Also: a file that is not video fails with a reason; a cancelled render leaves no copy."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from itertools import islice
from pathlib import Path
from typing import Any

import av
import httpx
import pytest
from custody_devicesim.device import SimulatedDevice

from .conftest import login, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SYNTH = Path("/work/shared/data/faces/video/synth_720p.mp4")
PASSWORD = "correct horse battery staple"
API = "/api/v1"


def _clip(seconds: float, width: int = 640) -> bytes:
    """`seconds` of the shared face video (played again from the start when it runs out),
    scaled down, as H.264 MP4."""
    buffer = io.BytesIO()
    with av.open(str(SYNTH)) as source, av.open(buffer, "w", format="mp4") as out:
        video = source.streams.video[0]
        rate = Fraction(video.average_rate or 30)
        stream = out.add_stream("libx264", rate=rate)
        stream.width, stream.height = width, round(video.height * width / video.width / 2) * 2
        stream.pix_fmt, stream.options = "yuv420p", {"preset": "ultrafast"}
        count = int(seconds * rate)
        decoded = (f.reformat(stream.width, stream.height, "yuv420p") for f in source.decode(video))
        frames = list(islice(decoded, count))
        for index in range(count):
            frame = frames[index % len(frames)]
            frame.pts, frame.time_base = index, 1 / rate
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return buffer.getvalue()


def _post(client: httpx.Client, path: str, headers: dict[str, str], body: Any = None) -> Any:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201, 202), (
        f"{path}: {response.status_code} {response.text}"
    )
    return response.json()


def _user(client: httpx.Client, admin: dict[str, str], org: str, roles: list[str]) -> Any:
    email = f"{uuid.uuid4().hex[:10]}@redaction.example"
    body = {"email": email, "password": PASSWORD, "display_name": "u", "roles": roles}
    _post(client, f"{API}/orgs/{org}/users", admin, body)
    return login(client, email, PASSWORD)


@pytest.fixture(scope="module")
def evidence(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """Three items in an investigator's case, uploaded by a device for one request: a short
    clip, a longer clip, and a file that is not video."""
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    owner = _post(gateway, f"{API}/orgs", admin, {"name": f"Mall {uuid.uuid4().hex[:6]}"})
    police = _post(gateway, f"{API}/orgs", admin, {"name": f"PD {uuid.uuid4().hex[:6]}"})
    other = _post(gateway, f"{API}/orgs", admin, {"name": f"Other {uuid.uuid4().hex[:6]}"})
    s = {
        "owner": _user(gateway, admin, owner["id"], ["org_admin", "approver"]),
        "investigator": _user(gateway, admin, police["id"], ["investigator"]),
        "outsider": _user(gateway, admin, other["id"], ["investigator"]),
    }
    device = _post(
        gateway, f"{API}/devices", s["owner"], {"name": "DVR", "kind": "in_car", "channels": 1}
    )
    camera = _post(
        gateway,
        f"{API}/cameras",
        s["owner"],
        {
            "name": "Entrance",
            "kind": "fixed",
            "latitude": 45.5,
            "longitude": -73.56,
            "address": "1 Main St",
            "device_id": device["device"]["id"],
            "channel": 1,
            "visibility": "registry",
        },
    )
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    items = [
        {
            "camera_id": camera["id"],
            "start": (end - timedelta(minutes=10 * (i + 1))).isoformat(),
            "end": (end - timedelta(minutes=10 * i)).isoformat(),
        }
        for i in range(3)
    ]
    request = _post(
        gateway,
        f"{API}/requests",
        s["investigator"],
        {"incident_number": f"R-{uuid.uuid4().hex[:8]}", "description": "x", "line_items": items},
    )
    for line in request["line_items"]:
        path = f"{API}/requests/{request['id']}/line-items/{line['id']}/approve"
        _post(gateway, path, s["owner"], {"permission": "download"})
    sim = SimulatedDevice(stack["device_gateway_url"], enrollment_code=device["enrollment_code"])
    sim.enroll()
    # The long clip must outlast the cancel test's round trips: rendering runs at hundreds of
    # frames/s at this size.
    contents = [_clip(1.0), _clip(60.0), b"not a video, just text\n" * 400]
    uploaded: dict[str, bytes] = {}
    while len(uploaded) < 3:
        for command in wait_until(lambda: sim.checkin(wait=5), timeout=60, what="exports"):
            data = contents[len(uploaded)]
            sim.upload(command, data, f"clip{len(uploaded)}.mp4")
            uploaded[hashlib.sha256(data).hexdigest()] = data

    def fulfilled() -> Any:
        body = gateway.get(f"{API}/requests/{request['id']}", headers=s["investigator"]).json()
        done = [li for li in body["line_items"] if li["status"] == "fulfilled"]
        return done if len(done) == 3 else None

    lines = wait_until(fulfilled, timeout=120, what="three fulfilled line items")
    by_sha = {}
    for line in lines:
        item = gateway.get(f"{API}/evidence/{line['evidence_id']}", headers=s["investigator"])
        by_sha[item.json()["sha256"]] = item.json()
    names = ["short", "long", "corrupt"]
    found = {n: by_sha[hashlib.sha256(c).hexdigest()] for n, c in zip(names, contents, strict=True)}
    return {"s": s, "items": found}


def _job(gateway: httpx.Client, headers: dict[str, str], job_id: str) -> Any:
    response = gateway.get(f"{API}/redactions/{job_id}", headers=headers)
    return response.json() if response.status_code == 200 else None


def _until(gateway: httpx.Client, headers: dict[str, str], job_id: str, *states: str) -> Any:
    def reached() -> Any:
        job = _job(gateway, headers, job_id)
        return job if job and job["status"] in states else None

    return wait_until(reached, timeout=240, interval=0.5, what=f"job {job_id} in {states}")


def _download(gateway: httpx.Client, headers: dict[str, str], evidence_id: str) -> bytes:
    response = gateway.get(f"{API}/evidence/{evidence_id}/download", headers=headers)
    assert response.status_code == 200, response.text
    return response.content


def test_redact_review_render_download(gateway: httpx.Client, evidence: dict[str, Any]) -> None:
    me, outsider = evidence["s"]["investigator"], evidence["s"]["outsider"]
    original = evidence["items"]["short"]
    path = f"{API}/evidence/{original['id']}/redactions"
    assert gateway.post(path, headers=outsider).status_code == 404
    assert gateway.post(path).status_code == 401
    job_id = _post(gateway, path, me)["job_id"]

    job = _until(gateway, me, job_id, "awaiting_review", "failed")
    assert job["status"] == "awaiting_review", job["reason"]
    assert job["media"]["kind"] == "video" and job["tracks"]
    thumb = gateway.get(job["tracks"][0]["thumbnail_url"], headers=me)
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert gateway.get(f"{API}/redactions/{job_id}", headers=outsider).status_code == 404
    coverage = gateway.get(f"{API}/redactions/{job_id}/coverage", headers=me).json()
    assert coverage["frames"] == job["media"]["frame_count"] and coverage["segments"]
    assert gateway.get(f"{API}/redactions/{job_id}/coverage", headers=outsider).status_code == 404
    listed = gateway.get(path, headers=me).json()
    assert [j["id"] for j in listed["items"]] == [job_id]
    assert gateway.get(path, headers=outsider).status_code == 404

    bad = gateway.post(
        f"{API}/redactions/{job_id}/review",
        headers=me,
        json={"selection": "only", "track_ids": [999]},
    )
    assert bad.status_code == 400 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
    keep = job["tracks"][0]["id"]
    review = {
        "selection": "all_but",
        "track_ids": [keep],
        "style": "pixelate",
        "manual_masks": [
            {
                "id": "sign",
                "shape": "rect",
                "start_s": 0.0,
                "end_s": 0.9,
                "keyframes": [
                    {"time_s": 0.0, "points": [[10, 10], [60, 40]]},
                    {"time_s": 0.9, "points": [[100, 10], [150, 40]]},
                ],
            }
        ],
    }
    assert _post(gateway, f"{API}/redactions/{job_id}/review", me, review)["status"] == "rendering"
    done = _until(gateway, me, job_id, "completed", "failed")
    assert done["status"] == "completed", done["reason"]

    redacted = _download(gateway, me, done["derived_evidence_id"])
    assert hashlib.sha256(redacted).hexdigest() == done["output_sha256"] != original["sha256"]
    with av.open(io.BytesIO(redacted)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert sum(1 for _ in container.decode(video=0)) == done["media"]["frame_count"]
    assert hashlib.sha256(_download(gateway, me, original["id"])).hexdigest() == original["sha256"]
    derived = gateway.get(f"{API}/evidence/{done['derived_evidence_id']}", headers=me).json()
    assert derived["source"] == "derived"
    manifest = gateway.get(f"{API}/redactions/{job_id}/manifest", headers=me)
    assert hashlib.sha256(manifest.content).hexdigest() == done["manifest_sha256"]
    masks = manifest.json()["masks"]
    assert {m["manual_id"] for m in masks if m["kind"] == "manual"} == {"sign"}
    assert keep not in {m["track_id"] for m in masks if m["kind"] == "auto"}


def test_a_file_that_is_not_video_fails(gateway: httpx.Client, evidence: dict[str, Any]) -> None:
    me = evidence["s"]["investigator"]
    item = evidence["items"]["corrupt"]
    job_id = _post(gateway, f"{API}/evidence/{item['id']}/redactions", me)["job_id"]
    job = _until(gateway, me, job_id, "failed", "awaiting_review")
    assert job["status"] == "failed" and "cannot be redacted" in job["reason"]
    assert job["derived_evidence_id"] is None


def test_cancel_mid_render_leaves_no_copy(gateway: httpx.Client, evidence: dict[str, Any]) -> None:
    me = evidence["s"]["investigator"]
    item = evidence["items"]["long"]
    case_items = lambda: gateway.get(f"{API}/cases/{item['case_id']}/evidence", headers=me).json()  # noqa: E731
    before = {i["id"] for i in case_items()["items"]}
    job_id = _post(gateway, f"{API}/evidence/{item['id']}/redactions", me)["job_id"]
    _until(gateway, me, job_id, "awaiting_review")
    _post(gateway, f"{API}/redactions/{job_id}/review", me, {"selection": "all"})
    wait_until(
        lambda: (
            (_job(gateway, me, job_id) or {}).get("progress", {}).get("frames_done", 0) > 0
            and _job(gateway, me, job_id)["progress"]["step"] == "render"
        ),
        timeout=120,
        interval=0.2,
        what="render progress",
    )
    cancelled = _post(gateway, f"{API}/redactions/{job_id}/cancel", me)
    assert cancelled["cancel_requested"] or cancelled["status"] == "cancelled"
    job = _until(gateway, me, job_id, "cancelled", "completed")
    assert job["status"] == "cancelled" and job["derived_evidence_id"] is None
    assert {i["id"] for i in case_items()["items"]} == before
    again = gateway.post(f"{API}/redactions/{job_id}/cancel", headers=me)
    assert again.status_code == 409
