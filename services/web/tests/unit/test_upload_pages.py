"""The upload page and the field-capture app against a fake gateway: the page may connect to
the device gateway only; the upload grant asks the API for the right source, needs the CSRF
header, and is handed out again (one grant per case and source while it is good) so a reload
resumes with the same token; the capture page lists open cases and links its manifest; the
manifest and the service worker are served as browsers need them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.config import Settings
from web.domain.uploads import UploadGrant, capture_manifest, upload_origin
from web.entrypoints.http_app import create_app

from .conftest import csrf_of

pytestmark = pytest.mark.unit

ORG = str(uuid.uuid4())
USER = {"id": str(uuid.uuid4()), "org_id": ORG, "email": "ana@metro.example",
        "display_name": "Ana Ruiz", "roles": ["investigator"]}  # fmt: skip
CASE = {"id": str(uuid.uuid4()), "org_id": ORG, "number": "2026-000042", "title": "Pier <b>",
        "status": "open", "permission": "owner"}  # fmt: skip
TUS = "http://127.0.0.1:9100/ingest/v1/uploads"


class FakeGateway:
    def __init__(self) -> None:
        self.grants: list[dict[str, Any]] = []
        self.queries: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path.removeprefix("/api/v1"))
        answers: dict[tuple[str, str], Any] = {
            ("POST", "/auth/token"): {"access_token": "a", "refresh_token": "r", "expires_in": 900},
            ("GET", "/users/me"): USER,
            ("GET", "/cases"): {"items": [CASE], "count": 1},
            ("GET", f"/cases/{CASE['id']}"): CASE,
        }
        if route in answers:
            self.queries.append(request.url.query.decode())
            return httpx.Response(200, json=answers[route])
        assert route == ("POST", f"/cases/{CASE['id']}/uploads"), route
        self.grants.append(json.loads(request.content))
        expires = datetime.now(UTC) + timedelta(hours=24)
        return httpx.Response(201, json={
            "grant_id": str(uuid.uuid4()), "case_id": CASE["id"], "expires_at": expires.isoformat(),
            "tus_url": TUS, "token": f"ug_{len(self.grants)}"})  # fmt: skip


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def client(fake: FakeGateway) -> Any:
    gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(fake))
    settings = Settings(device_gateway_public_url="http://127.0.0.1:9100")
    with TestClient(create_app(settings, gateway), follow_redirects=False) as client:
        page = client.get("/sign-in")
        client.post("/sign-in", data={"csrf_token": csrf_of(page), "email": "s", "password": "x"})
        yield client


def _csrf(page: httpx.Response) -> str:
    return page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


def test_the_upload_page_connects_to_the_device_gateway_only(client: TestClient) -> None:
    page = client.get(f"/cases/{CASE['id']}/upload")
    assert page.status_code == 200
    assert "connect-src 'self' http://127.0.0.1:9100" in page.headers["content-security-policy"]
    assert "Pier &lt;b&gt;" in page.text and 'aria-current="page"' in page.text
    assert 'type="file" multiple webkitdirectory' in page.text
    assert "ug_" not in page.text  # the token comes from the grant route, by script


def test_the_grant_needs_the_csrf_header_and_is_handed_out_again(
    client: TestClient, fake: FakeGateway
) -> None:
    page = client.get(f"/cases/{CASE['id']}/upload")
    url = f"/cases/{CASE['id']}/upload/grant"
    assert client.post(url).status_code == 403
    first = client.post(url, headers={"x-csrf-token": _csrf(page)})
    again = client.post(url, headers={"x-csrf-token": _csrf(page)})
    assert first.status_code == 200 and first.headers["cache-control"] == "no-store"
    assert first.json()["tus_url"] == TUS and first.json() == again.json()
    mobile = client.post(f"{url}?source=mobile", headers={"x-csrf-token": _csrf(page)})
    assert mobile.json()["token"] != first.json()["token"]
    assert fake.grants == [{"source": "browser"}, {"source": "mobile"}]
    assert client.post(f"{url}?source=device", headers={"x-csrf-token": _csrf(page)}).is_error


def test_a_grant_close_to_expiry_is_not_handed_out() -> None:
    now = datetime.now(UTC)
    kept = UploadGrant(grant_id=uuid.uuid4(), case_id=uuid.uuid4(), tus_url=TUS, token="ug_1",
                       expires_at=now + timedelta(hours=1))  # fmt: skip
    assert not kept.reusable(now)
    assert kept.model_copy(update={"expires_at": now + timedelta(hours=20)}).reusable(now)
    assert upload_origin("") == "'self'"
    assert upload_origin("https://ingest.example.org/x") == "https://ingest.example.org"


def test_the_capture_app_is_installable(client: TestClient, fake: FakeGateway) -> None:
    page = client.get("/capture")
    assert page.status_code == 200
    assert '<link rel="manifest" href="/capture/manifest.webmanifest">' in page.text
    assert 'capture="environment"' in page.text and "2026-000042" in page.text
    assert "status=open" in fake.queries
    assert "connect-src 'self' http://127.0.0.1:9100" in page.headers["content-security-policy"]
    manifest = client.get("/capture/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    assert manifest.json() == capture_manifest()
    assert {i["sizes"] for i in manifest.json()["icons"]} == {"192x192", "512x512"}
    for icon in manifest.json()["icons"]:
        assert client.get(icon["src"]).content.startswith(b"\x89PNG")
    worker = client.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-cache"
    assert "custody-capture" in worker.text


def test_signed_out_the_capture_page_asks_to_sign_in(fake: FakeGateway) -> None:
    gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(fake))
    with TestClient(create_app(Settings(), gateway), follow_redirects=False) as client:
        assert client.get("/capture").status_code == 303
        assert client.get("/sw.js").status_code == 200
