"""Outgoing webhooks on the whole stack, to a receiver on 127.0.0.1 that verifies every
signature with the `standardwebhooks` library: a submitted request reaches the camera owner's
endpoint signed (with only the owner's line items); a receiver answering 500 is tried again
and then answered 200; a delivery is sent again on demand with the same webhook-id; a rotated
secret and the previous one both verify; an internal address is refused before any
connection is made; another organization sees none of it.

The stack runs with WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOW_LOOPBACK (tests only) and a 1 s
backoff base (conftest)."""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook

from .conftest import login, wait_until
from .helpers import call, is_problem
from .web_people import new_camera, new_person_in_new_org

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(600)]  # may start the stack
API = "/api/v1"


class Receiver:
    """An HTTP receiver in a thread: answers each POST with the next queued status (200 when
    none is queued) and keeps what it was sent."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], str]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                text = self.rfile.read(int(self.headers["content-length"])).decode()
                receiver.received.append((dict(self.headers.items()), text))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def verified(self, secret: str) -> list[dict[str, Any]]:
        """Every body received, each verified against the secret (raises if one fails)."""
        return [Webhook(secret).verify(text, headers) for headers, text in self.received]


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.server.shutdown()


@pytest.fixture(scope="module")
def people(stack: dict[str, Any], gateway: httpx.Client) -> dict[str, Any]:
    root_headers = login(gateway, stack["admin_email"], stack["admin_password"])
    owner = new_person_in_new_org(gateway, root_headers, "Harbor", "Hana Admin", ["org_admin"])
    agency = new_person_in_new_org(gateway, root_headers, "Metro", "Ivy Inv", ["investigator"])
    rival = new_person_in_new_org(gateway, root_headers, "Rival", "Rex Admin", ["org_admin"])
    camera = new_camera(gateway, owner["headers"])
    return {"owner": owner, "agency": agency, "rival": rival, "camera": camera}


def _hook(gateway: httpx.Client, headers: dict[str, str], url: str, *types: str) -> Any:
    body = {"url": url, "description": "RMS", "event_types": list(types)}
    return call(gateway, "POST", f"{API}/webhooks", headers, body, 201)


def _deliveries(gateway: httpx.Client, headers: dict[str, str], hook_id: str) -> list[Any]:
    return list(call(gateway, "GET", f"{API}/webhooks/{hook_id}/deliveries", headers)["items"])


def _submit(gateway: httpx.Client, people: dict[str, Any]) -> Any:
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    item = {
        "camera_id": people["camera"]["id"],
        "start": (end - timedelta(minutes=10)).isoformat(),
        "end": end.isoformat(),
    }
    body = {"incident_number": f"W-{datetime.now(UTC):%H%M%S%f}", "line_items": [item]}
    return call(gateway, "POST", f"{API}/requests", people["agency"]["headers"], body, 201)


def test_a_submitted_request_reaches_the_owner_signed_and_retried_after_a_500(
    stack: dict[str, Any], gateway: httpx.Client, people: dict[str, Any], receiver: Receiver
) -> None:
    admin = people["owner"]["headers"]
    hook = _hook(gateway, admin, receiver.url, "request.submitted")
    assert hook["secret"].startswith("whsec_")
    assert "secret" not in call(gateway, "GET", f"{API}/webhooks/{hook['id']}", admin)
    receiver.answers.append(500)  # the first attempt fails; the retry (about 1 s later) lands
    request = _submit(gateway, people)

    def delivered() -> Any:
        found = _deliveries(gateway, admin, hook["id"])
        return found if found and found[0]["status"] == "delivered" else None

    delivery = wait_until(delivered, timeout=90, what="the delivery")[0]
    assert delivery["attempts"] == 2 and delivery["last_status_code"] == 200
    bodies = receiver.verified(hook["secret"])
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert {h["webhook-id"] for h, _ in receiver.received} == {delivery["event_id"]}
    assert bodies[0]["type"] == "request.submitted"
    data = bodies[0]["data"]
    assert data["request_id"] == request["id"]
    assert [i["owner_org_id"] for i in data["line_items"]] == [people["owner"]["org_id"]]
    port = stack["services"]["notifier"]["http_port"]
    metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    assert 'custody_webhook_deliveries_total{outcome="retrying"}' in metrics
    assert 'custody_webhook_deliveries_total{outcome="delivered"}' in metrics
    assert "custody_webhook_delivery_seconds_count" in metrics


def test_redelivery_sends_the_same_message_again_and_a_rotated_secret_still_verifies(
    gateway: httpx.Client, people: dict[str, Any], receiver: Receiver
) -> None:
    admin = people["owner"]["headers"]
    hook = _hook(gateway, admin, receiver.url, "request.decided")
    ping = call(gateway, "POST", f"{API}/webhooks/{hook['id']}/test", admin, None, 202)
    wait_until(lambda: _deliveries(gateway, admin, hook["id"])[0]["status"] == "delivered")
    rotated = call(gateway, "POST", f"{API}/webhooks/{hook['id']}/rotate-secret", admin)
    assert rotated["secret"] != hook["secret"] and rotated["previous_secret_expires_at"]
    receiver.received.clear()
    path = f"{API}/webhook-deliveries/{ping['id']}/redeliver"
    assert call(gateway, "POST", path, admin, None, 202)["status"] == "pending"
    wait_until(lambda: receiver.received, timeout=30, what="the redelivery")
    headers, text = receiver.received[0]
    assert headers["webhook-id"] == ping["event_id"]
    assert json.loads(text)["type"] == "webhook.ping"
    for secret in (rotated["secret"], hook["secret"]):  # both sign during the rotation
        assert receiver.verified(secret)


def _refused(response: httpx.Response) -> bool:
    return is_problem(response, 400) or is_problem(response, 422)


def _own_addresses() -> list[str]:
    """This machine's own internal addresses other than loopback (a container's, a LAN's)."""
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except socket.gaierror:
        return []
    own = {ipaddress.ip_address(info[4][0]) for info in found}
    return sorted(str(a) for a in own if not a.is_loopback and not a.is_global)


def test_internal_addresses_are_refused_before_any_connection(
    gateway: httpx.Client, people: dict[str, Any]
) -> None:
    admin = people["owner"]["headers"]
    listener = socket.create_server(("0.0.0.0", 0))  # every local interface
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        urls = [
            f"http://0.0.0.0:{port}/in",  # reaches this machine's own listeners
            f"http://169.254.169.254:{port}/latest/meta-data",
            f"http://10.0.0.1:{port}/in",
            f"http://[fd00:ec2::254]:{port}/in",
            *(f"http://{a}:{port}/in" for a in _own_addresses()),
        ]
        for url in urls:
            body = {"url": url, "event_types": ["request.submitted"]}
            response = gateway.post(f"{API}/webhooks", headers=admin, json=body)
            assert _refused(response), (url, response.text)
            assert "may not reach" in response.json()["detail"]
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected
    finally:
        listener.close()
    ftp = {"url": "ftp://hooks.example.com/in", "event_types": ["request.submitted"]}
    assert _refused(gateway.post(f"{API}/webhooks", headers=admin, json=ftp))
    listed = call(gateway, "GET", f"{API}/webhooks", admin)["items"]
    assert all(item["url"].startswith("http://127.0.0.1") for item in listed)


def test_another_organization_reaches_none_of_it(
    gateway: httpx.Client, people: dict[str, Any], receiver: Receiver
) -> None:
    admin, rival = people["owner"]["headers"], people["rival"]["headers"]
    hook = _hook(gateway, admin, receiver.url, "disclosure.ready")
    assert call(gateway, "GET", f"{API}/webhooks", rival)["items"] == []
    for method, path in [
        ("GET", f"/webhooks/{hook['id']}"),
        ("PATCH", f"/webhooks/{hook['id']}"),
        ("DELETE", f"/webhooks/{hook['id']}"),
        ("GET", f"/webhooks/{hook['id']}/deliveries"),
        ("POST", f"/webhooks/{hook['id']}/rotate-secret"),
        ("POST", f"/webhooks/{hook['id']}/test"),
    ]:
        body = {"description": "taken"} if method == "PATCH" else None
        response = gateway.request(method, API + path, headers=rival, json=body)
        assert is_problem(response, 404), (method, path, response.status_code)
    assert call(gateway, "GET", f"{API}/webhooks/{hook['id']}", admin)["description"] == "RMS"
    investigator = people["agency"]["headers"]
    assert is_problem(gateway.get(f"{API}/webhooks", headers=investigator), 403)
