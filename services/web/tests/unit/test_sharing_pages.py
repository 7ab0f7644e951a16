"""The sharing, share viewer and file-request pages against a fake gateway: who has access by
name, a grant refused at its field, a share link shown once with an inline QR code that has no
style attribute, revoking only after a confirmation, the viewer's Download button only for a
download link, the withdrawn page for an ended link, the byte relay with Range, and the
file-request page's live uploads part."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.domain.sharing import access_state

pytestmark = pytest.mark.unit

ORG, OTHER_ORG = str(uuid.uuid4()), str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator", "org_admin"]}  # fmt: skip
BEN = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ben@metro.example",
       "display_name": "Ben Cole", "roles": ["investigator"]}  # fmt: skip
CASE = {"id": str(uuid.uuid4()), "org_id": ORG, "number": "2026-000009", "title": "Dock",
        "status": "open", "permission": "owner"}  # fmt: skip
ITEM = {"id": str(uuid.uuid4()), "filename": "lobby.mp4", "content_type": "video/mp4",
        "size": 2_500, "sha256": "ab" * 32, "source": "public", "permission": "view",
        "file_request_id": None, "contributor_name": "Jo"}  # fmt: skip
GRANT = {"id": str(uuid.uuid4()), "grantee_type": "user", "grantee_id": BEN["id"],
         "permission": "view", "expires_at": "2099-01-01T00:00:00Z", "revoked_at": None,
         "created_by": USER["id"], "created_at": "2026-12-01T10:00:00Z"}  # fmt: skip
ORG_GRANT = GRANT | {"id": str(uuid.uuid4()), "grantee_type": "org", "grantee_id": OTHER_ORG}
LINK = {"id": str(uuid.uuid4()), "permission": "download", "label": "For the DA",
        "expires_at": "2099-01-01T00:00:00Z", "created_at": "2026-12-01T10:00:00Z"}  # fmt: skip
REQUEST = {"id": str(uuid.uuid4()), "title": "Fire on Main", "status": "active",
           "expires_at": "2099-01-01T00:00:00Z", "created_at": "2026-12-01T10:00:00Z"}  # fmt: skip
TOKEN = "t" * 32


class FakeGateway:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.link_permission = "view"
        self.ranges: list[str | None] = []

    def answers(self) -> dict[tuple[str, str], Any]:
        base = f"/cases/{CASE['id']}"
        return {
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", f"/orgs/{ORG}/users"): {"items": [USER, BEN], "count": 2},
            ("GET", f"/orgs/{OTHER_ORG}"): {"id": OTHER_ORG, "name": "County DA"},
            ("GET", base): CASE,
            ("GET", f"{base}/grants"): {"items": [GRANT, ORG_GRANT], "count": 2},
            ("GET", f"{base}/share-links"): {"items": [LINK], "count": 1},
            ("GET", f"{base}/file-requests"): {"items": [REQUEST], "count": 1},
            ("GET", f"{base}/evidence"): {"items": [ITEM | {"file_request_id": REQUEST["id"]}]},
            ("GET", f"/public/v1/shares/{TOKEN}"): {
                "link": LINK | {"permission": self.link_permission},
                "items": [ITEM | {"permission": self.link_permission}],
            },
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path.removeprefix("/api/v1"))
        if route[1].endswith("/stream"):
            self.ranges.append(request.headers.get("range"))
            headers = {"content-type": "video/mp4", "content-range": "bytes 0-1/2500"}
            return httpx.Response(206, content=b"ab", headers=headers)
        if route in (answers := self.answers()):
            return httpx.Response(200, json=answers[route])
        if route[1].startswith("/public/"):
            return httpx.Response(404, json={"status": 404, "title": "Not Found"})
        self.sent.append((*route, json.loads(request.content or b"null")))
        if route == ("POST", f"/orgs/{ORG}/guests"):
            invitation = {"id": str(uuid.uuid4()), "email": "kim@county.example",
                          "token": "inv+1", "email_queued": True}  # fmt: skip
            return httpx.Response(201, json=invitation)
        if route[1].endswith("/share-links"):
            return httpx.Response(201, json={"link": LINK, "token": TOKEN, "url": f"/s/{TOKEN}"})
        if route[1].endswith("/grants") and self.sent[-1][2]["grantee_id"] == BEN["id"]:
            error = {"loc": ["body", "expires_at"], "msg": "expires_at is too far ahead"}
            return httpx.Response(422, json={"status": 422, "errors": [error]})
        return httpx.Response(200, json=GRANT)


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway, signed_in: Callable[..., Any]) -> Iterator[TestClient]:
    with signed_in(fake) as client:
        yield client


def test_who_has_access_names_people_and_organizations(browser: TestClient) -> None:
    page = browser.get(f"/cases/{CASE['id']}/sharing")
    assert page.status_code == 200
    assert "Ben Cole" in page.text and "County DA" in page.text and "For the DA" in page.text
    assert f"/cases/{CASE['id']}/sharing/revoke/grant/{GRANT['id']}" in page.text
    assert 'aria-current="page"' in page.text


def test_a_refused_grant_shows_the_message_at_its_field(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    page = browser.get(f"/cases/{CASE['id']}/sharing")
    form = {"csrf_token": csrf_of(page), "grantee": f"user:{BEN['id']}",
            "grant_permission": "view", "grant_expires": "2099-01-01"}  # fmt: skip
    refused = browser.post(f"/cases/{CASE['id']}/sharing/grants", data=form)
    assert refused.status_code == 400 and 'id="grant_expires-error"' in refused.text
    assert fake.sent[-1][2]["expires_at"] == "2099-01-01T23:59:59+00:00"
    empty = browser.post(f"/cases/{CASE['id']}/sharing/grants", data=form | {"grantee": ""})
    assert empty.status_code == 400 and "Choose who gets access" in empty.text


def test_a_new_share_link_is_shown_once_with_a_qr_code_without_styles(
    browser: TestClient, csrf_of: Callable[[Any], str]
) -> None:
    page = browser.get(f"/cases/{CASE['id']}/sharing")
    form = {"csrf_token": csrf_of(page), "link_permission": "view", "link_expires": "2026-12-31"}
    posted = browser.post(f"/cases/{CASE['id']}/sharing/links", data=form)
    assert posted.status_code == 303  # a reload of the page it shows posts nothing again
    created = browser.get(posted.headers["location"])
    assert f"http://testserver/s/{TOKEN}" in created.text
    assert f"/s/{TOKEN}" not in browser.get(f"/cases/{CASE['id']}/sharing").text  # shown once
    start = created.text.rindex("<svg", 0, created.text.index('class="web-qr"'))
    svg = created.text[start : created.text.index("</svg>", start)]
    assert "style" not in svg and "<title>QR code of the share link</title>" in svg


def test_revoking_asks_first(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    path = f"/cases/{CASE['id']}/sharing/revoke/grant/{GRANT['id']}"
    confirm = browser.get(path)
    assert "Revoke the access of Ben Cole?" in confirm.text and not fake.sent
    done = browser.post(path, data={"csrf_token": csrf_of(confirm)})
    assert done.status_code == 303 and fake.sent[-1][:2] == ("DELETE", f"/grants/{GRANT['id']}")


def test_the_viewer_offers_download_only_when_the_link_allows_it(
    browser: TestClient, fake: FakeGateway
) -> None:
    viewing = browser.get(f"/s/{TOKEN}")
    assert viewing.status_code == 200 and "<video" in viewing.text
    assert "/download" not in viewing.text and viewing.headers["referrer-policy"] == "no-referrer"
    fake.link_permission = "download"
    assert f"/s/{TOKEN}/evidence/{ITEM['id']}/download" in browser.get(f"/s/{TOKEN}").text
    gone = browser.get(f"/s/{'x' * 32}")
    assert gone.status_code == 404 and "expired or was withdrawn" in gone.text
    assert "lobby.mp4" not in gone.text and gone.headers["cache-control"] == "no-store"


def test_the_viewer_relays_ranges(browser: TestClient, fake: FakeGateway) -> None:
    part = browser.get(f"/s/{TOKEN}/evidence/{ITEM['id']}/stream", headers={"Range": "bytes=0-1"})
    assert part.status_code == 206 and part.content == b"ab" and fake.ranges == ["bytes=0-1"]
    assert part.headers["content-range"] == "bytes 0-1/2500"
    assert browser.get(f"/s/{TOKEN}/evidence/{ITEM['id']}/download").status_code == 404


def test_the_file_requests_page_and_its_live_uploads(browser: TestClient) -> None:
    page = browser.get(f"/cases/{CASE['id']}/file-requests")
    assert page.status_code == 200 and "Fire on Main" in page.text
    assert "1 file received" in page.text
    part = browser.get(f"/cases/{CASE['id']}/file-requests/uploads")
    assert part.text.lstrip().startswith('<section id="uploads"') and "lobby.mp4" in part.text
    assert 'hx-trigger="every 3s"' in part.text


def test_an_invited_guest_gets_the_acceptance_link_once(
    browser: TestClient, fake: FakeGateway, csrf_of: Callable[[Any], str]
) -> None:
    page = browser.get(f"/cases/{CASE['id']}/sharing")
    form = {"csrf_token": csrf_of(page), "guest_email": "kim@county.example"}
    refused = browser.post(f"/cases/{CASE['id']}/sharing/guests", data=form)
    assert refused.status_code == 400 and "Enter the guest&#39;s name" in refused.text
    form |= {"guest_name": "Kim Lee", "guest_agency": "County DA"}
    invited = browser.post(f"/cases/{CASE['id']}/sharing/guests", data=form)
    assert "http://testserver/invitations/accept?token=inv%2B1" in invited.text
    assert "We emailed the invitation to kim@county.example" in invited.text
    assert fake.sent[-1][2] == {"email": "kim@county.example", "display_name": "Kim Lee",
                                "agency": "County DA"}  # fmt: skip


def test_an_ended_link_says_withdrawn_as_its_button_did() -> None:
    now = datetime.now(UTC)
    assert access_state(now, None, now) == "Revoked"
    assert access_state(now, None, now, "Withdrawn") == "Withdrawn"
    assert access_state(None, now - timedelta(seconds=1), now) == "Expired"
    assert access_state(None, now + timedelta(days=1), now) == "Active"
