"""One front door (decision 0023): the real Caddy with infra/caddy/Caddyfile and TLS in front
of the whole stack. Through it: the web app's pages (with Secure cookies, so it believes the
proxy's X-Forwarded-Proto), the API with a token and its live stream, a device's enrollment
and check-in, and an upload with the stock tuspy client, cut short twice and resumed; the
evidence's sha256 matches. /metrics is refused, and every request leaves a JSON access log."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from custody_devicesim.clip import make_clip
from custody_devicesim.device import SimulatedDevice
from tusclient.client import TusClient
from tusclient.storage.filestorage import FileStorage

from .conftest import login, wait_until
from .front_door import CADDYFILE, FrontDoor, caddy_binary, run_front_door
from .helpers import audit_entry, call, new_case, new_org, wait_for_items

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CHUNK = 64 * 1024
STALL_SECONDS = 2.0


@pytest.fixture(scope="module")
def front_door(
    stack: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FrontDoor]:
    yield from run_front_door(stack, tmp_path_factory.mktemp("caddy"))


@pytest.fixture
def trusting(front_door: FrontDoor, monkeypatch: pytest.MonkeyPatch) -> FrontDoor:
    """Stock clients (requests, httpx) trust Caddy's CA as they would a system CA bundle."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(front_door.ca))
    monkeypatch.setenv("SSL_CERT_FILE", str(front_door.ca))
    return front_door


def test_pages_api_and_stream_through_one_origin(
    stack: dict[str, Any], front_door: FrontDoor
) -> None:
    with front_door.client() as browser:
        page = browser.get("/sign-in")
        assert page.status_code == 200 and 'name="csrf_token"' in page.text
        assert "secure" in page.headers["set-cookie"].lower()  # https, as the proxy said
        assert "default-src 'self'" in page.headers["content-security-policy"]  # the web app's
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert "server" not in page.headers
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf is not None
        form = {"csrf_token": csrf[1], "email": stack["admin_email"]}
        signed = browser.post("/sign-in", data=form | {"password": stack["admin_password"]})
        assert signed.status_code == 303, signed.text
        assert browser.get(signed.headers["location"]).status_code == 200
    # Straight to the web app over http, the cookie is not Secure.
    assert "secure" not in httpx.get(f"{stack['web_url']}/sign-in").headers["set-cookie"].lower()

    with front_door.client() as api:
        admin = login(api, stack["admin_email"], stack["admin_password"])
        assert call(api, "GET", "/api/v1/users/me", admin)["email"] == stack["admin_email"]
        with api.stream("GET", "/api/v1/notifications/stream", headers=admin) as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            first = next(line for line in events.iter_lines() if line.startswith("data: "))
        assert "unread" in json.loads(first[6:])


def test_metrics_are_not_reachable_from_outside(
    stack: dict[str, Any], front_door: FrontDoor
) -> None:
    assert httpx.get(f"{stack['web_url']}/metrics").status_code == 200  # behind the door
    with front_door.client() as outside:
        for path in ("/metrics", "/metrics/", "/METRICS", "/%6Detrics", "/metrics?x=1"):
            answer = outside.get(path)
            assert answer.status_code == 404, path
            assert "http_requests" not in answer.text, path
    # Every request is logged as one JSON object.
    wait_until(
        lambda: any(
            e["request"]["uri"] == "/metrics" and e["status"] == 404 for e in _access(front_door)
        ),
        timeout=10,
        what="the access log's line",
    )


def test_a_device_enrolls_and_checks_in_through_the_front_door(
    stack: dict[str, Any], gateway: httpx.Client, trusting: FrontDoor
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    harbor = new_org(gateway, root, "Harbor", {"admin": ["org_admin"]})["users"]["admin"]
    body = {"name": "Car 7", "kind": "in_car", "channels": 1}
    created = call(gateway, "POST", "/api/v1/devices", harbor["headers"], body, 201)
    device = SimulatedDevice(trusting.url, enrollment_code=created["enrollment_code"])
    device.enroll()
    assert device.checkin(wait=0) == []
    shown = call(gateway, "GET", f"/api/v1/devices/{created['device']['id']}", harbor["headers"])
    assert shown["online"]
    device.close()


def test_an_interrupted_upload_resumes_through_the_front_door(
    stack: dict[str, Any], gateway: httpx.Client, trusting: FrontDoor, tmp_path: Path
) -> None:
    root = login(gateway, stack["admin_email"], stack["admin_password"])
    lead = new_org(gateway, root, "Quay PD", {"lead": ["investigator"]})["users"]["lead"]
    case = new_case(gateway, lead["headers"], title="Pier fight")
    asked = {
        "title": "Videos of the pier",
        "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        "max_files": 1,
        "allowed_media_types": ["video/*"],
    }
    # Made through the front door by a client claiming another address: Caddy replaces a
    # client's X-Forwarded-For, so the ledger has the address Caddy saw.
    forged = lead["headers"] | {"X-Forwarded-For": "203.0.113.7"}
    with trusting.client() as api:
        path = f"/api/v1/cases/{case['id']}/file-requests"
        made = call(api, "POST", path, forged, asked, 201)
        assert api.get(f"/f/{made['token']}").status_code == 200  # the public upload page
    lead_id = lead["id"]
    created = audit_entry(
        gateway, lead["headers"], made["file_request"]["id"], "file_request.created", lead_id
    )
    assert created["source_address"] == "127.0.0.1"
    start = datetime(2026, 6, 1, 22, 0, tzinfo=UTC)
    clip = make_clip("phone", 1, start, start + timedelta(minutes=1), max_seconds=60)
    assert len(clip) > 6 * CHUNK, len(clip)

    # The uploader remembers its upload's URL in a file, as it would across restarts.
    video, storage = tmp_path / "pier.mp4", tmp_path / "tus-urls.json"
    video.write_bytes(clip)
    client = TusClient(
        f"{trusting.url}/ingest/v1/uploads", headers={"Authorization": f"Bearer {made['token']}"}
    )
    metadata = {"filename": "pier.mp4", "filetype": "video/mp4"}

    def uploader() -> Any:
        return client.uploader(
            file_path=str(video),
            chunk_size=CHUNK,
            metadata=metadata,
            store_url=True,
            url_storage=FileStorage(str(storage)),
        )

    # 1. The uploader stops after two chunks.
    first = uploader()
    first.upload_chunk()
    first.upload_chunk()
    upload_url, token = str(first.url), made["token"]
    assert upload_url.startswith(f"{trusting.url}/ingest/v1/uploads/")  # the one origin
    assert _offset(trusting, upload_url, token) == 2 * CHUNK

    # 2. A PATCH that stalls halfway, then its connection drops: Caddy ends the request it
    # forwarded, and the device gateway keeps what arrived and lets the upload go.
    _cut_patch(trusting, upload_url, token, 2 * CHUNK, clip[2 * CHUNK : 6 * CHUNK])
    cut_at = wait_until(
        lambda: _offset_past(trusting, upload_url, token, 2 * CHUNK),
        timeout=30,
        what="the cut PATCH's bytes",
    )

    # 3. A fresh uploader finds the URL by the file's fingerprint and resumes where it was.
    again = uploader()
    assert again.url == upload_url and again.offset == cut_at
    again.upload()
    print(f"\nresumed at {2 * CHUNK} B, then at {cut_at} B of {len(clip)} B")

    [item] = wait_for_items(gateway, lead["headers"], case["id"], 1)
    assert item["source"] == "public" and item["sha256"] == hashlib.sha256(clip).hexdigest()
    # The link's token is a credential: the access log has the page's path without it.
    assert made["token"] not in trusting.log.read_text()
    assert any(e["request"]["uri"] == "/f/REDACTED" for e in _access(trusting))


def _access(door: FrontDoor) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in door.log.read_text().splitlines()]
    return [e for e in lines if e.get("logger", "").startswith("http.log.access")]


def _offset(door: FrontDoor, upload_url: str, token: str) -> int:
    headers = {"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"}
    with door.client() as client:
        answer = client.head(upload_url, headers=headers)
    return int(answer.headers["upload-offset"]) if answer.status_code == 200 else -1


def _offset_past(door: FrontDoor, upload_url: str, token: str, before: int) -> int | None:
    offset = _offset(door, upload_url, token)
    return offset if offset > before else None


def _cut_patch(door: FrontDoor, upload_url: str, token: str, offset: int, body: bytes) -> None:
    """Declares `body` whole, sends half of it through Caddy, stalls, and drops the
    connection (closed at once, Caddy would drop the request before forwarding any of it)."""
    url = urlsplit(upload_url)
    head = (
        f"PATCH {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\nTus-Resumable: 1.0.0\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Upload-Offset: {offset}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    with (
        socket.create_connection((url.hostname, url.port)) as raw,
        door.tls().wrap_socket(raw, server_hostname=url.hostname) as tls,
    ):
        tls.sendall(head.encode() + body[: len(body) // 2])
        time.sleep(STALL_SECONDS)


def test_the_production_settings_are_a_valid_configuration(tmp_path: Path) -> None:
    """With a domain and an ACME account instead of the internal CA (nothing is issued)."""
    env = {
        **os.environ,
        "CUSTODY_DOMAIN": "custody.example.org",
        "CADDY_TLS": "ops@example.org",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    command = [caddy_binary(), "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    checked = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
