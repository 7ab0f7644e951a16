"""Cases and evidence through the public API: case lifecycle and search, direct and bulk
upload with an upload grant and tuspy, range streaming, view-only access, share links,
retention and legal hold, and isolation between organizations."""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip

from .conftest import login, wait_until
from .helpers import (
    MIB,
    audit_entry,
    call,
    is_problem,
    new_case,
    new_org,
    tus_upload,
    wait_for_items,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def world(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_org(
        gateway,
        admin,
        "Metro PD",
        {"lead": ["investigator"], "colleague": ["investigator"], "admin": ["org_admin"]},
    )
    partner = new_org(gateway, admin, "County DA", {"prosecutor": ["investigator"]})
    outsider = new_org(gateway, admin, "Elsewhere PD", {"snoop": ["investigator"]})
    lead = metro["users"]["lead"]["headers"]
    case = new_case(gateway, lead, tags=["robbery"], department="Central")

    # Two files in one grant (bulk): one spanning several 1 MiB verification blocks, one clip.
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", lead, {}, 201)
    assert grant["tus_url"].endswith("/ingest/v1/uploads") and grant["token"]
    big = os.urandom(2 * MIB + 12_345)
    start = datetime(2024, 5, 1, 11, 50, tzinfo=UTC)
    clip = make_clip("lobby", 1, start, start + timedelta(seconds=20))
    tus_upload(grant["tus_url"], grant["token"], big, "dump.bin", "application/octet-stream")
    tus_upload(grant["tus_url"], grant["token"], clip, "lobby.mp4", "video/mp4")
    items = {i["sha256"]: i for i in wait_for_items(gateway, lead, case["id"], 2)}
    return {
        "metro": metro,
        "partner": partner,
        "outsider": outsider,
        "case": case,
        "big": big,
        "big_item": items[hashlib.sha256(big).hexdigest()],
        "clip": clip,
        "clip_item": items[hashlib.sha256(clip).hexdigest()],
    }


def test_case_lifecycle_and_search(gateway: httpx.Client, world: dict[str, Any]) -> None:
    lead = world["metro"]["users"]["lead"]["headers"]
    colleague_id = world["metro"]["users"]["colleague"]["id"]
    word = uuid.uuid4().hex[:8]
    case = new_case(
        gateway,
        lead,
        description=f"Stolen bicycles {word}",
        incident_at="2026-05-01T10:00:00Z",
        incident_type="theft",
        department="North",
        tags=["bikes"],
        categories=["property"],
        assignees=[colleague_id],
        custom_fields={"bikes": 3},
    )
    assert case["status"] == "open" and case["number"] and case["permission"] == "owner"
    assert case["custom_fields"] == {"bikes": 3} and case["assignees"] == [colleague_id]

    def search(**params: Any) -> list[str]:
        found = call(gateway, "GET", "/api/v1/cases", lead, params=params)
        return [c["id"] for c in found["items"]]

    assert search(q=word) == [case["id"]]
    assert case["id"] in search(tag="bikes", department="North", assignee=colleague_id)
    assert case["id"] not in search(tag="robbery")

    # Only the fields sent change.
    path = f"/api/v1/cases/{case['id']}"
    changed = call(gateway, "PATCH", path, lead, {"title": "Bicycles, renamed"})
    assert changed["title"] == "Bicycles, renamed" and changed["department"] == "North"
    assert is_problem(gateway.patch(path, headers=lead, json={"title": " "}), 400)

    # open -> closed -> open -> closed -> archived; archived cannot reopen.
    for status in ("closed", "open", "closed", "archived"):
        moved = call(gateway, "POST", f"{path}/status", lead, {"status": status})
        assert moved["status"] == status
    assert search(q=word, status="archived") == [case["id"]]
    reopen = gateway.post(f"{path}/status", headers=lead, json={"status": "open"})
    assert is_problem(reopen, 409), reopen.text

    held = call(gateway, "PUT", f"{path}/legal-hold", lead, {"on": True, "reason": "litigation"})
    assert held == {"object_type": "case", "id": case["id"], "on": True}
    assert call(gateway, "GET", path, lead)["legal_hold"] is True


def test_bulk_upload_streams_verified_ranges(gateway: httpx.Client, world: dict[str, Any]) -> None:
    lead = world["metro"]["users"]["lead"]["headers"]
    big, item = world["big"], world["big_item"]
    assert item["source"] == "upload" and item["size"] == len(big)
    stream = f"/api/v1/evidence/{item['id']}/stream"

    # A range crossing the first block boundary, an open-ended one and a suffix.
    for header, start, end in (
        ("bytes=1048000-1049000", 1048000, 1049000),
        (f"bytes={len(big) - 100}-", len(big) - 100, len(big) - 1),
        ("bytes=-500", len(big) - 500, len(big) - 1),
    ):
        part = gateway.get(stream, headers={**lead, "Range": header})
        assert part.status_code == 206, part.text
        assert part.headers["content-range"] == f"bytes {start}-{end}/{len(big)}"
        assert part.content == big[start : end + 1]
    whole = gateway.get(stream, headers=lead)
    assert whole.status_code == 200 and whole.content == big
    beyond = gateway.get(stream, headers={**lead, "Range": f"bytes={len(big)}-"})
    assert is_problem(beyond, 416) and beyond.headers["content-range"] == f"bytes */{len(big)}"

    download = gateway.get(f"/api/v1/evidence/{item['id']}/download", headers=lead)
    assert download.status_code == 200 and download.content == big

    # The clip gets media facts and a poster frame after ingest.
    clip_id = world["clip_item"]["id"]

    def processed() -> Any:
        found = call(gateway, "GET", f"/api/v1/evidence/{clip_id}", lead)
        return found if found["processing"] != "pending" else None

    clip = wait_until(processed, timeout=60, what="the clip to be processed")
    assert clip["processing"] == "done" and clip["media"]["width"] > 0 and clip["has_thumbnail"]
    poster = gateway.get(f"/api/v1/evidence/{clip_id}/thumbnail", headers=lead)
    assert poster.status_code == 200 and poster.headers["content-type"] == "image/jpeg"
    assert poster.content.startswith(b"\xff\xd8")

    # Metadata and comments.
    path = f"/api/v1/evidence/{clip_id}"
    updated = call(gateway, "PATCH", path, lead, {"description": "lobby camera", "tags": ["cctv"]})
    assert updated["description"] == "lobby camera" and updated["tags"] == ["cctv"]
    call(gateway, "POST", f"{path}/comments", lead, {"body": "suspect at 00:12"}, 201)
    comments = call(gateway, "GET", f"{path}/comments", lead)["items"]
    assert [c["body"] for c in comments] == ["suspect at 00:12"]


def test_view_only_user_streams_but_cannot_download(
    gateway: httpx.Client, world: dict[str, Any]
) -> None:
    lead = world["metro"]["users"]["lead"]["headers"]
    prosecutor = world["partner"]["users"]["prosecutor"]
    case_id, item, big = world["case"]["id"], world["big_item"], world["big"]
    grant = call(
        gateway,
        "POST",
        f"/api/v1/cases/{case_id}/grants",
        lead,
        {"grantee_type": "user", "grantee_id": prosecutor["id"], "permission": "view"},
        201,
    )
    listed = call(gateway, "GET", f"/api/v1/cases/{case_id}/grants", lead)["items"]
    assert [g["id"] for g in listed] == [grant["id"]]

    them = prosecutor["headers"]
    shared = call(gateway, "GET", "/api/v1/cases", them, params={"shared": True})["items"]
    assert [c["id"] for c in shared] == [case_id] and shared[0]["permission"] == "view"
    assert call(gateway, "GET", f"/api/v1/evidence/{item['id']}", them)["permission"] == "view"
    part = gateway.get(
        f"/api/v1/evidence/{item['id']}/stream", headers={**them, "Range": "bytes=10-19"}
    )
    assert part.status_code == 206 and part.content == big[10:20]
    refused = gateway.get(f"/api/v1/evidence/{item['id']}/download", headers=them)
    assert is_problem(refused, 403), refused.text

    # The view is in the owner's custody ledger with the viewer's address.
    entry = audit_entry(gateway, lead, item["id"], "evidence.streamed", prosecutor["id"])
    assert entry["source_address"] == "127.0.0.1"

    call(gateway, "DELETE", f"/api/v1/grants/{grant['id']}", lead)
    gone = gateway.get(f"/api/v1/evidence/{item['id']}/stream", headers=them)
    assert is_problem(gone, 404)


def test_share_links_view_download_revoke_expire(
    gateway: httpx.Client, world: dict[str, Any]
) -> None:
    lead = world["metro"]["users"]["lead"]["headers"]
    item, big = world["big_item"], world["big"]
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    def link(permission: str, expires_at: str = soon) -> Any:
        body = {"permission": permission, "expires_at": expires_at, "label": "for the DA"}
        return call(gateway, "POST", f"/api/v1/evidence/{item['id']}/share-links", lead, body, 201)

    viewing = link("view")
    opened = call(gateway, "GET", f"/public/v1/shares/{viewing['token']}", {})
    assert [i["id"] for i in opened["items"]] == [item["id"]]
    assert viewing["url"].endswith(f"/s/{viewing['token']}")  # the web app's viewer
    base = f"/public/v1/shares/{viewing['token']}/evidence/{item['id']}"
    part = gateway.get(f"{base}/stream", headers={"Range": "bytes=2097152-2097161"})
    assert part.status_code == 206 and part.content == big[2097152:2097162]
    assert is_problem(gateway.get(f"{base}/download"), 403)
    other = world["clip_item"]["id"]  # same case, not shared by this link
    assert is_problem(
        gateway.get(f"/public/v1/shares/{viewing['token']}/evidence/{other}/stream"), 404
    )

    downloading = link("download")
    got = gateway.get(f"/public/v1/shares/{downloading['token']}/evidence/{item['id']}/download")
    assert got.status_code == 200 and got.content == big
    call(gateway, "DELETE", f"/api/v1/share-links/{downloading['link']['id']}", lead)
    assert is_problem(gateway.get(f"/public/v1/shares/{downloading['token']}"), 404)
    listed = call(gateway, "GET", f"/api/v1/evidence/{item['id']}/share-links", lead)["items"]
    revoked = {k["id"]: k["revoked_at"] is not None for k in listed}
    assert revoked[downloading["link"]["id"]] and not revoked[viewing["link"]["id"]]
    assert all("token" not in k for k in listed)
    assert entry_exists(gateway, lead, item["id"], "evidence.share_link_opened")

    expiring = link("view", (datetime.now(UTC) + timedelta(seconds=2)).isoformat())
    assert gateway.get(f"/public/v1/shares/{expiring['token']}").status_code == 200
    time.sleep(2.5)
    assert is_problem(gateway.get(f"/public/v1/shares/{expiring['token']}"), 404)
    assert is_problem(gateway.get(f"/public/v1/shares/not-a-real-token-{uuid.uuid4().hex}"), 404)


def entry_exists(
    client: httpx.Client, headers: dict[str, str], object_id: str, action: str
) -> bool:
    def entry() -> Any:
        found = call(
            client, "GET", "/api/v1/audit/records", headers, params={"object_id": object_id}
        )
        return any(e["action"] == action for e in found["items"])

    return bool(wait_until(entry, timeout=30, what=f"audit {action}"))


def test_retention_legal_hold_soft_delete_and_restore(
    gateway: httpx.Client, world: dict[str, Any]
) -> None:
    lead = world["metro"]["users"]["lead"]["headers"]
    case = new_case(gateway, lead)
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", lead, {}, 201)
    data = os.urandom(4096)
    tus_upload(grant["tus_url"], grant["token"], data, "note.bin", "application/octet-stream")
    [item] = wait_for_items(gateway, lead, case["id"], 1)
    path = f"/api/v1/evidence/{item['id']}"

    # Kept while the case is open; on legal hold even after it closes.
    assert is_problem(gateway.delete(path, headers=lead), 409)
    call(gateway, "POST", f"/api/v1/cases/{case['id']}/status", lead, {"status": "closed"})
    call(gateway, "PUT", f"{path}/legal-hold", lead, {"on": True, "reason": "appeal"})
    held = gateway.delete(path, headers=lead, params={"reason": "cleanup"})
    assert is_problem(held, 409) and "legal hold" in held.json()["detail"]
    call(gateway, "PUT", f"{path}/legal-hold", lead, {"on": False})

    deleted = call(gateway, "DELETE", path, lead, params={"reason": "duplicate"})
    assert deleted["deleted_at"] is not None
    assert call(gateway, "GET", f"/api/v1/cases/{case['id']}/evidence", lead)["items"] == []
    with_deleted = call(
        gateway,
        "GET",
        f"/api/v1/cases/{case['id']}/evidence",
        lead,
        params={"include_deleted": True},
    )
    assert [i["id"] for i in with_deleted["items"]] == [item["id"]]
    restored = call(gateway, "POST", f"{path}/restore", lead)
    assert restored["deleted_at"] is None
    assert len(call(gateway, "GET", f"/api/v1/cases/{case['id']}/evidence", lead)["items"]) == 1

    # Retention policies bind the whole organization: its admins set them, members read them.
    admin = world["metro"]["users"]["admin"]["headers"]
    path = "/api/v1/retention-policies/homicide"
    policy = call(gateway, "PUT", path, admin, {"days": 3650})
    assert policy == {"category": "homicide", "days": 3650}
    assert is_problem(gateway.put(path, headers=lead, json={"days": 0}), 403)
    policies = call(gateway, "GET", "/api/v1/retention-policies", lead)["items"]
    assert {"category": "homicide", "days": 3650} in policies


def test_a_case_pages_its_evidence_by_cursor(gateway: httpx.Client, world: dict[str, Any]) -> None:
    """More items than a page: forward through every item exactly once, oldest first, the
    total on every page; back again by previous_cursor; a cursor not made by the API refused."""
    lead = world["metro"]["users"]["lead"]["headers"]
    case = new_case(gateway, lead)
    grant = call(gateway, "POST", f"/api/v1/cases/{case['id']}/uploads", lead, {}, 201)
    for n in range(5):
        tus_upload(grant["tus_url"], grant["token"], os.urandom(512), f"p{n}.bin", "text/plain")
    made = [i["id"] for i in wait_for_items(gateway, lead, case["id"], 5)]
    path = f"/api/v1/cases/{case['id']}/evidence"

    def page(cursor: str | None) -> Any:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        found = call(gateway, "GET", path, lead, params=params)
        assert found["total"] == 5 and found["count"] == len(found["items"]) <= 2
        return found

    pages = [page(None)]
    while pages[-1]["next_cursor"]:
        pages.append(page(pages[-1]["next_cursor"]))
    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    assert [i["id"] for p in pages for i in p["items"]] == made  # each once, in the same order
    assert pages[0]["previous_cursor"] is None

    # By id: an item's processing may finish between two reads of the same page.
    def ids(found: Any) -> list[str]:
        return [i["id"] for i in found["items"]]

    back = page(pages[2]["previous_cursor"])
    assert ids(back) == ids(pages[1]) and ids(page(back["previous_cursor"])) == ids(pages[0])
    assert ids(page(back["next_cursor"])) == ids(pages[2])

    bad = gateway.get(path, headers=lead, params={"cursor": "not-a-cursor"})
    assert is_problem(bad, 400) and "cursor" in bad.json()["detail"]
    for limit in (0, 501):
        assert is_problem(gateway.get(path, headers=lead, params={"limit": limit}), 422)


def test_other_organizations_ids_are_not_found(
    gateway: httpx.Client, world: dict[str, Any]
) -> None:
    snoop = world["outsider"]["users"]["snoop"]["headers"]
    case_id, item_id = world["case"]["id"], world["big_item"]["id"]
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    case, item = f"/api/v1/cases/{case_id}", f"/api/v1/evidence/{item_id}"
    attempts: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", case, None),
        ("PATCH", case, {"title": "mine now"}),
        ("POST", f"{case}/status", {"status": "closed"}),
        ("PUT", f"{case}/legal-hold", {"on": False}),
        ("GET", f"{case}/evidence", None),
        ("POST", f"{case}/evidence", {"evidence_id": item_id}),
        ("GET", f"{case}/grants", None),
        (
            "POST",
            f"{case}/grants",
            {"grantee_type": "user", "grantee_id": str(uuid.uuid4()), "permission": "view"},
        ),
        ("POST", f"{case}/share-links", {"permission": "download", "expires_at": soon}),
        ("GET", f"{case}/file-requests", None),
        ("POST", f"{case}/file-requests", {"title": "t", "expires_at": soon}),
        ("POST", f"{case}/uploads", {}),
        ("GET", item, None),
        ("PATCH", item, {"description": "x"}),
        ("DELETE", item, None),
        ("POST", f"{item}/restore", None),
        ("PUT", f"{item}/legal-hold", {"on": False}),
        ("GET", f"{item}/comments", None),
        ("POST", f"{item}/comments", {"body": "hi"}),
        ("GET", f"{item}/thumbnail", None),
        ("GET", f"{item}/stream", None),
        ("GET", f"{item}/download", None),
        ("GET", f"{item}/grants", None),
        ("POST", f"{item}/share-links", {"permission": "view", "expires_at": soon}),
    ]
    for method, path, body in attempts:
        response = gateway.request(method, path, headers=snoop, json=body)
        assert is_problem(response, 404), f"{method} {path}: {response.status_code} {response.text}"
        assert gateway.request(method, path, json=body).status_code == 401, f"{method} {path}"
    # The outsider's own case cannot take the item either.
    mine = new_case(gateway, snoop)
    taken = gateway.post(
        f"/api/v1/cases/{mine['id']}/evidence", headers=snoop, json={"evidence_id": item_id}
    )
    assert is_problem(taken, 404), taken.text
