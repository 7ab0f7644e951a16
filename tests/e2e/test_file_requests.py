"""Public file requests through the public API: the link, its QR codes and the web app's
upload page (tests/e2e/test_web_public_upload.py uses it in a browser); a
contributor without an account uploads with tus straight to the device gateway; the file
becomes "public" evidence, the investigators are emailed, and the contributor sees nothing."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from custody_devicesim.clip import make_clip
from custody_platform.embedded.smtp import read_messages
from tusclient.exceptions import TusCommunicationError

from .conftest import login, wait_until
from .helpers import audit_entry, call, is_problem, new_case, new_org, tus_upload, wait_for_items

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def setting(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    admin = login(gateway, stack["admin_email"], stack["admin_password"])
    metro = new_org(gateway, admin, "Transit PD", {"lead": ["investigator"]})
    lead = metro["users"]["lead"]["headers"]
    case = new_case(gateway, lead, title="Platform assault")
    body = {
        "title": "Videos of the platform incident",
        "instructions": "Upload phone videos from 8 to 9 pm.",
        "consent_text": "I agree my video may be used as evidence <b>in court</b>.",
        "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        "max_files": 3,
        "allowed_media_types": ["video/*"],
        "ask_contributor": True,
    }
    created = call(gateway, "POST", f"/api/v1/cases/{case['id']}/file-requests", lead, body, 201)
    return {"metro": metro, "lead": lead, "case": case, "created": created}


def test_link_qr_codes_and_page(
    stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    created, token = setting["created"], setting["created"]["token"]
    assert created["file_request"]["status"] == "active"
    page_url = f"{stack['web_url']}/f/{token}"  # the web app's page
    assert created["url"] == page_url
    png = gateway.get(f"/public/f/{token}/qr.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = gateway.get(f"/public/f/{token}/qr.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    # Links printed before the page moved to the web app still work.
    moved = gateway.get(f"/public/f/{token}")
    assert moved.status_code == 307 and moved.headers["location"] == page_url

    view = gateway.get(f"/public/v1/file-requests/{token}").json()
    assert view["max_files"] == 3 and view["allowed_media_types"] == ["video/*"]
    tus_url = f"{stack['device_gateway_url']}/ingest/v1/uploads"
    assert view["upload_url"] == tus_url

    page = httpx.get(page_url)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Videos of the platform incident" in html and "At most 3 files" in html
    assert "&lt;b&gt;in court&lt;/b&gt;" in html  # the investigator's text is escaped
    assert f'data-upload-url="{tus_url}"' in html
    assert page.headers["referrer-policy"] == "no-referrer"
    policy = page.headers["content-security-policy"]
    assert f"connect-src 'self' {stack['device_gateway_url']}" in policy
    assert "unsafe-inline" not in policy

    listed = call(
        gateway, "GET", f"/api/v1/cases/{setting['case']['id']}/file-requests", setting["lead"]
    )
    assert [r["id"] for r in listed["items"]] == [created["file_request"]["id"]]


def test_public_upload_becomes_evidence_and_is_announced(
    stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    lead, case, token = setting["lead"], setting["case"], setting["created"]["token"]
    tus_url = f"{stack['device_gateway_url']}/ingest/v1/uploads"
    start = datetime(2026, 5, 1, 20, 15, tzinfo=UTC)
    clip = make_clip("phone", 1, start, start + timedelta(seconds=20))
    tus_upload(
        tus_url,
        token,
        clip,
        "IMG_0042.mp4",
        "video/mp4",
        contributor_name="A. Witness",
        contributor_contact="witness@example.org",
    )
    [item] = wait_for_items(gateway, lead, case["id"], 1)
    assert item["source"] == "public" and item["sha256"] == hashlib.sha256(clip).hexdigest()
    assert item["contributor_name"] == "A. Witness"
    assert item["file_request_id"] == setting["created"]["file_request"]["id"]

    # The case's creator is emailed about it.
    lead_email = setting["metro"]["users"]["lead"]["email"]

    def mail() -> Any:
        return next(
            (m for m in read_messages(Path(stack["mail_dir"])) if lead_email in m["To"]), None
        )

    message = wait_until(mail, timeout=60, what="the investigator's email")
    assert case["number"] in message["Subject"]

    # The contributor's token opens nothing but the upload endpoint.
    bearer = {"Authorization": f"Bearer {token}"}
    for path in (
        f"/api/v1/cases/{case['id']}",
        f"/api/v1/cases/{case['id']}/evidence",
        f"/api/v1/evidence/{item['id']}",
    ):
        assert gateway.get(path, headers=bearer).status_code == 401, path
    assert is_problem(gateway.get(f"/public/v1/shares/{token}"), 404)
    assert is_problem(gateway.get(f"/public/v1/shares/{token}/evidence/{item['id']}/stream"), 404)


def test_renamed_executable_is_refused(
    stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    tus_url = f"{stack['device_gateway_url']}/ingest/v1/uploads"
    program = b"MZ\x90\x00" + b"\x00" * 4096
    with pytest.raises(TusCommunicationError) as refused:
        tus_upload(tus_url, setting["created"]["token"], program, "holiday.mp4", "video/mp4")
    assert refused.value.status_code == 415


def test_revoked_link_refuses_uploads(
    stack: dict[str, Any], gateway: httpx.Client, setting: dict[str, Any]
) -> None:
    lead, case = setting["lead"], setting["case"]
    body = {
        "title": "Second call",
        "expires_at": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
    }
    created = call(gateway, "POST", f"/api/v1/cases/{case['id']}/file-requests", lead, body, 201)
    token = created["token"]
    revoked = call(
        gateway, "DELETE", f"/api/v1/file-requests/{created['file_request']['id']}", lead
    )
    assert revoked["status"] == "revoked"
    lead_id = setting["metro"]["users"]["lead"]["id"]
    for action in ("file_request.created", "file_request.revoked"):
        entry = audit_entry(gateway, lead, created["file_request"]["id"], action, lead_id)
        assert entry["source_address"] == "127.0.0.1"
    assert is_problem(gateway.get(f"/public/f/{token}"), 404)
    assert is_problem(gateway.get(f"/public/v1/file-requests/{token}"), 404)
    assert is_problem(gateway.get(f"/public/f/{token}/qr.png"), 404)
    assert httpx.get(f"{stack['web_url']}/f/{token}").status_code == 404
    tus_url = f"{stack['device_gateway_url']}/ingest/v1/uploads"
    with pytest.raises(TusCommunicationError) as refused:
        tus_upload(tus_url, token, b"\x00" * 100, "late.mp4", "video/mp4")
    assert refused.value.status_code == 401
