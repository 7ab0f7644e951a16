"""The disclosure pages against a fake gateway: originals with their redacted copies beneath
(each copy says so and links its original), the form's own refusals at their fields, asking
for a package and landing on its page with the acknowledgement link, progress polled while it
builds and Download once ready, the receipt, and the recipient's page (no session, no
referrer, no-store) that acknowledges once."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator"]}  # fmt: skip
CASE = {"id": str(uuid.uuid4()), "org_id": ORG, "number": "2026-000042", "title": "Dock",
        "status": "open", "permission": "owner"}  # fmt: skip
ORIGINAL = {"id": str(uuid.uuid4()), "filename": "lobby.mp4", "content_type": "video/mp4",
            "size": 2_500, "sha256": "ab" * 32, "source": "upload",
            "original_id": None}  # fmt: skip
COPY = ORIGINAL | {"id": str(uuid.uuid4()), "filename": "lobby-redacted.mp4",
                   "sha256": "cd" * 32, "source": "derived",
                   "original_id": ORIGINAL["id"]}  # fmt: skip
TOKEN = "k" * 43
DISCLOSURE_ID = str(uuid.uuid4())


def disclosure(state: str, **more: Any) -> dict[str, Any]:
    ready = state == "ready"
    return {
        "id": DISCLOSURE_ID, "case_id": CASE["id"], "evidence_ids": [ORIGINAL["id"], COPY["id"]],
        "recipient_name": "County Court", "recipient_email": "", "note": "Exhibits 1-2",
        "created_by": USER["id"], "state": state, "failure_reason": None,
        "progress": {"items_done": 2 if ready else 1, "items_total": 2,
                     "bytes_done": 5000 if ready else 2500, "bytes_total": 5000},
        "items": [{"evidence_id": i["id"], "filename": i["filename"], "size": i["size"],
                   "sha256": i["sha256"], "content_type": "video/mp4"}
                  for i in (ORIGINAL, COPY)] if ready else [],
        "size": 9000 if ready else None, "sha256": "ef" * 32 if ready else None,
        "tree_head_id": 7 if ready else None, "created_at": "2026-12-07T10:00:00Z",
        "acknowledged_at": None, "acknowledged_by": None,
    } | more  # fmt: skip


class FakeGateway:
    def __init__(self) -> None:
        self.state = "building"
        self.sent: list[tuple[str, str, Any]] = []
        self.acknowledged = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1")
        base = f"/cases/{CASE['id']}"
        answers = {
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", base): CASE,
            ("GET", f"{base}/evidence"): {"items": [ORIGINAL, COPY]},
            ("GET", f"{base}/disclosures"): {"items": [disclosure(self.state)]},
            ("GET", f"/disclosures/{DISCLOSURE_ID}"): disclosure(self.state),
        }
        if (request.method, path) in answers:
            return httpx.Response(200, json=answers[(request.method, path)])
        if path == f"/disclosures/{DISCLOSURE_ID}/download":
            headers = {"content-type": "application/zip", "x-content-sha256": "ef" * 32}
            return httpx.Response(200, content=b"PK zip", headers=headers)
        if path == "/disclosures/lookup":
            return self._lookup(request)
        if path == "/disclosures/acknowledge":
            return self._acknowledge(request)
        self.sent.append((request.method, path, json.loads(request.content or b"null")))
        if path == f"{base}/disclosures":
            made = disclosure("building", acknowledgement_token=TOKEN)
            return httpx.Response(202, json=made)
        return httpx.Response(404, json={"status": 404, "title": "Not Found"})

    def _lookup(self, request: httpx.Request) -> httpx.Response:
        if f"token={TOKEN}" not in request.content.decode():
            return httpx.Response(404, json={"status": 404, "title": "Not Found"})
        found = disclosure("ready")
        if self.acknowledged:
            found |= {"acknowledged_at": "2026-12-07T11:00:00Z", "acknowledged_by": "Clerk"}
        return httpx.Response(200, json=found)

    def _acknowledge(self, request: httpx.Request) -> httpx.Response:
        if self.acknowledged:
            return httpx.Response(409, json={"status": 409, "title": "Conflict"})
        self.acknowledged = True
        return httpx.Response(
            200, json={"disclosure_id": DISCLOSURE_ID, "acknowledged_by": "Clerk"}
        )


def test_the_choice_shows_copies_under_their_original(signed_in: Any) -> None:
    with signed_in(FakeGateway()) as client:
        page = client.get(f"/cases/{CASE['id']}/disclosures/new")
    assert page.status_code == 200
    text = page.text
    assert text.index("lobby.mp4") < text.index("lobby-redacted.mp4")
    assert "Redacted copy" in text and "copy of lobby.mp4" in text
    assert f'href="/evidence/{ORIGINAL["id"]}"' in text
    assert 'id="items"' in text  # the error summary's link lands on the first box
    assert "style=" not in text


def test_the_form_refuses_at_its_fields(signed_in: Any, csrf_of: Any) -> None:
    fake = FakeGateway()
    with signed_in(fake) as client:
        page = client.get(f"/cases/{CASE['id']}/disclosures/new")
        form = {"csrf_token": csrf_of(page), "recipient_email": "nope"}
        refused = client.post(f"/cases/{CASE['id']}/disclosures", data=form)
    assert refused.status_code == 400
    assert "Choose at least one item" in refused.text and "Enter the recipient" in refused.text
    assert "Enter an email address" in refused.text
    assert not fake.sent


def test_asking_follows_the_build_then_offers_the_package(signed_in: Any, csrf_of: Any) -> None:
    fake = FakeGateway()
    with signed_in(fake) as client:
        page = client.get(f"/cases/{CASE['id']}/disclosures/new")
        form = {"csrf_token": csrf_of(page), "items": [ORIGINAL["id"], COPY["id"]],
                "recipient_name": " County  Court ", "note": "Exhibits 1-2"}  # fmt: skip
        asked = client.post(f"/cases/{CASE['id']}/disclosures", data=form)
        assert asked.status_code == 303
        assert asked.headers["location"] == f"/disclosures/{DISCLOSURE_ID}"
        building = client.get(f"/disclosures/{DISCLOSURE_ID}")
        fake.state = "ready"
        progress = client.get(f"/disclosures/{DISCLOSURE_ID}/progress")
        receipt = client.get(f"/disclosures/{DISCLOSURE_ID}/receipt")
        listed = client.get(f"/cases/{CASE['id']}/disclosures")
        download = client.get(f"/disclosures/{DISCLOSURE_ID}/download")
    assert fake.sent[0][2] == {"evidence_ids": [ORIGINAL["id"], COPY["id"]],
                               "recipient_name": "County Court", "recipient_email": "",
                               "note": "Exhibits 1-2"}  # fmt: skip
    assert 'hx-trigger="every 2s"' in building.text and "1 of 2 items" in building.text
    assert f"/d/{TOKEN}" in building.text  # the acknowledgement link, while signed in
    assert "hx-trigger" not in progress.text and "Download the package" in progress.text
    assert "ef" * 32 in receipt.text and "ab" * 32 in receipt.text and f"/d/{TOKEN}" in receipt.text
    assert "data-print" in receipt.text and "Ana Ruiz" in receipt.text
    assert "County Court" in listed.text and "Ready" in listed.text
    assert download.content == b"PK zip" and download.headers["x-content-sha256"] == "ef" * 32


def test_the_recipient_acknowledges_once(signed_in: Any) -> None:
    fake = FakeGateway()
    with signed_in(fake) as client:
        client.cookies.clear()  # the recipient has no session
        page = client.get(f"/d/{TOKEN}")
        empty = client.post(f"/d/{TOKEN}", data={"name": "  "})
        done = client.post(f"/d/{TOKEN}", data={"name": "Clerk"})
        shown = client.get(done.headers["location"])
        twice = client.post(f"/d/{TOKEN}", data={"name": "Someone else"})
        again = client.get(f"/d/{TOKEN}")
        unknown = client.get(f"/d/{'x' * 43}")
    assert page.status_code == 200 and "lobby-redacted.mp4" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert f'action="/d/{TOKEN}"' in page.text and "csrf_token" not in page.text
    assert empty.status_code == 400 and "Enter your name" in empty.text
    assert done.status_code == 303 and done.headers["referrer-policy"] == "no-referrer"
    assert "receipt acknowledged" in shown.text and "Acknowledged by Clerk" in shown.text
    assert twice.status_code == 400 and "acknowledged already" in twice.text
    assert "Acknowledge receipt</button>" not in again.text
    assert unknown.status_code == 404
