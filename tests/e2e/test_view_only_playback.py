"""View-only playback through the public HTTP API, tried the way a requester would try to get
around it (decision 0013). A camera owner approves a line item as view only; the requester's
organization, the people it shares with and its share links may play the video, in bounded
ranges, but never get the whole file in one response and never pass on download.

Also: only org admins change retention policies, and cases and grants name real users."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import av
import httpx
import numpy as np
import pytest
from custody_devicesim.device import SimulatedDevice

from .conftest import login, wait_until
from .helpers import MIB, audit_entry, call, is_problem, new_case, new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BOUND = 2 * MIB  # evidence's VIEW_ONLY_RANGE_BYTES default
POINT = {"latitude": 45.5029, "longitude": -73.5666}


def _noise_clip(frames: int = 30) -> bytes:
    """A real H.264 MP4 of random pictures, lossless so it cannot shrink: about 4 MiB."""
    rng = np.random.default_rng(13)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.options = {"preset": "ultrafast", "qp": "0", "threads": "1"}
        for _ in range(frames):
            picture = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        out.mux(stream.encode(None))
    return buffer.getvalue()


def _later() -> str:
    return (datetime.now(UTC) + timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def delivery(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    """A Metro investigator's request, approved view only by the shop, uploaded and fulfilled."""
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    shop = new_org(gateway, root, "Corner Shop", {"admin": ["org_admin"], "ok": ["approver"]})
    metro = new_org(
        gateway,
        root,
        "Metro PD",
        {"requester": ["investigator"], "admin": ["org_admin"], "colleague": ["investigator"]},
    )
    da = new_org(gateway, root, "County DA", {"prosecutor": ["investigator"]})
    owner = shop["users"]["admin"]["headers"]
    body = {"name": "DVR", "kind": "in_car", "channels": 1}
    created = call(gateway, "POST", "/api/v1/devices", owner, body, 201)
    camera = {"name": "entrance", "kind": "fixed", **POINT, "visibility": "registry"}
    camera |= {"device_id": created["device"]["id"], "channel": 1}
    camera_id = call(gateway, "POST", "/api/v1/cameras", owner, camera, 201)["id"]

    requester = metro["users"]["requester"]["headers"]
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    line = {"camera_id": camera_id, "start": (end - timedelta(minutes=5)).isoformat()}
    request = call(
        gateway,
        "POST",
        "/api/v1/requests",
        requester,
        {
            "incident_number": f"V-{uuid.uuid4().hex[:8]}",
            "line_items": [line | {"end": end.isoformat()}],
        },
        201,
    )
    approve = (
        f"/api/v1/requests/{request['id']}/line-items/{request['line_items'][0]['id']}/approve"
    )
    call(gateway, "POST", approve, shop["users"]["ok"]["headers"], {"permission": "view"})

    clip = _noise_clip()
    assert len(clip) > BOUND + BOUND // 2
    device = SimulatedDevice(
        stack["device_gateway_url"], enrollment_code=created["enrollment_code"]
    )
    device.enroll()
    [command] = wait_until(lambda: device.checkin(wait=5), timeout=60, what="the export command")
    device.ack(command)
    device.upload(command, clip, "entrance.mp4")

    def fulfilled() -> Any:
        found = call(gateway, "GET", f"/api/v1/requests/{request['id']}", requester)
        item = found["line_items"][0]
        return item if item["status"] == "fulfilled" else None

    item = wait_until(fulfilled, timeout=90, what="the line item to be fulfilled")
    evidence = f"/api/v1/evidence/{item['evidence_id']}"
    assert call(gateway, "GET", evidence, requester)["permission"] == "view"
    return {
        "metro": metro,
        "da": da,
        "clip": clip,
        "evidence_id": item["evidence_id"],
        "case_id": item["case_id"],
        "evidence": evidence,
    }


def _bounded(response: httpx.Response, clip: bytes, first: int) -> None:
    """A 206 with the one slice the bound allows from `first`, described exactly."""
    last = min(first + BOUND, len(clip)) - 1
    got = (response.status_code, response.headers.get("content-range"), len(response.content))
    assert got == (206, f"bytes {first}-{last}/{len(clip)}", last - first + 1)
    assert int(response.headers["content-length"]) == last - first + 1
    assert _digest(response.content) == _digest(clip[first : last + 1])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_requester_plays_bounded_ranges_and_never_gets_the_file(
    gateway: httpx.Client, delivery: dict[str, Any]
) -> None:
    requester = delivery["metro"]["users"]["requester"]
    clip, stream = delivery["clip"], f"{delivery['evidence']}/stream"
    size = len(clip)
    assert is_problem(
        gateway.get(f"{delivery['evidence']}/download", headers=requester["headers"]), 403
    )
    # No Range, an open range, the whole file by name, and a huge range from the middle.
    for header, first in (
        (None, 0),
        ("bytes=0-", 0),
        (f"bytes=0-{size - 1}", 0),
        ("bytes=1000-99999999999", 1000),
    ):
        extra = {"Range": header} if header else {}
        _bounded(gateway.get(stream, headers={**requester["headers"], **extra}), clip, first)
    # What a player asks next, and the end of the file: served as asked.
    _bounded(
        gateway.get(stream, headers={**requester["headers"], "Range": f"bytes={BOUND}-"}),
        clip,
        BOUND,
    )
    tail = gateway.get(stream, headers={**requester["headers"], "Range": "bytes=-500"})
    assert tail.status_code == 206 and _digest(tail.content) == _digest(clip[-500:])
    # Each slice is in the custody ledger, as a view of at most the bound.
    entry = audit_entry(
        gateway, requester["headers"], delivery["evidence_id"], "evidence.streamed", requester["id"]
    )
    assert 0 < entry["details"]["length"] <= BOUND and entry["details"]["permission"] == "view"


def test_the_requester_cannot_pass_on_download(
    gateway: httpx.Client, delivery: dict[str, Any]
) -> None:
    requester = delivery["metro"]["users"]["requester"]["headers"]
    prosecutor = delivery["da"]["users"]["prosecutor"]
    clip, evidence, item_id = delivery["clip"], delivery["evidence"], delivery["evidence_id"]
    link = {"permission": "download", "expires_at": _later()}
    refused = gateway.post(f"{evidence}/share-links", headers=requester, json=link)
    assert is_problem(refused, 403) and "permission" in refused.json()["detail"]
    grant = {"grantee_type": "user", "grantee_id": prosecutor["id"], "permission": "download"}
    refused = gateway.post(f"{evidence}/grants", headers=requester, json=grant)
    assert is_problem(refused, 403) and "permission" in refused.json()["detail"]

    # What it may create never widens the item: a view link on the item, and a case link or a
    # case grant with download (for the case's other evidence) still play it bounded only.
    viewing = call(
        gateway, "POST", f"{evidence}/share-links", requester, link | {"permission": "view"}, 201
    )
    case = f"/api/v1/cases/{delivery['case_id']}"
    whole_case = call(gateway, "POST", f"{case}/share-links", requester, link, 201)
    call(gateway, "POST", f"{case}/grants", requester, grant, 201)
    for token in (viewing["token"], whole_case["token"]):
        shared = f"/public/v1/shares/{token}/evidence/{item_id}"
        _bounded(gateway.get(f"{shared}/stream"), clip, 0)
        _bounded(gateway.get(f"{shared}/stream", headers={"Range": "bytes=0-"}), clip, 0)
        assert is_problem(gateway.get(f"{shared}/download"), 403)
    _bounded(gateway.get(f"{evidence}/stream", headers=prosecutor["headers"]), clip, 0)
    assert is_problem(gateway.get(f"{evidence}/download", headers=prosecutor["headers"]), 403)


def test_only_org_admins_change_retention_policies(
    gateway: httpx.Client, delivery: dict[str, Any]
) -> None:
    users = delivery["metro"]["users"]
    admin, investigator = users["admin"]["headers"], users["requester"]["headers"]
    path = "/api/v1/retention-policies/homicide"
    call(gateway, "PUT", path, admin, {"days": 36_500})
    assert is_problem(gateway.put(path, headers=investigator, json={"days": 0}), 403)
    policies = call(gateway, "GET", "/api/v1/retention-policies", investigator)["items"]
    assert {"category": "homicide", "days": 36_500} in policies


def test_cases_and_grants_name_real_users(gateway: httpx.Client, delivery: dict[str, Any]) -> None:
    users = delivery["metro"]["users"]
    lead, colleague = users["requester"]["headers"], users["colleague"]["id"]
    prosecutor = delivery["da"]["users"]["prosecutor"]["id"]
    for stranger in (prosecutor, str(uuid.uuid4())):
        refused = gateway.post(
            "/api/v1/cases", headers=lead, json={"title": "x", "assignees": [stranger]}
        )
        assert (
            is_problem(refused, 400)
            and refused.json()["detail"] == f"assignees: unknown user {stranger}"
        )
    case = new_case(gateway, lead, assignees=[colleague])
    path = f"/api/v1/cases/{case['id']}"
    refused = gateway.patch(path, headers=lead, json={"assignees": [colleague, prosecutor]})
    assert is_problem(refused, 400) and "assignees" in refused.json()["detail"]
    assert call(gateway, "GET", path, lead)["assignees"] == [colleague]

    unknown = str(uuid.uuid4())
    body = {"grantee_type": "user", "grantee_id": unknown, "permission": "view"}
    refused = gateway.post(f"{path}/grants", headers=lead, json=body)
    assert (
        is_problem(refused, 400)
        and refused.json()["detail"] == f"grantee_id: unknown user {unknown}"
    )
    assert call(gateway, "GET", f"{path}/grants", lead)["items"] == []
    # Another agency's investigator is who grants are for.
    shared = call(gateway, "POST", f"{path}/grants", lead, body | {"grantee_id": prosecutor}, 201)
    assert shared["grantee_id"] == prosecutor
