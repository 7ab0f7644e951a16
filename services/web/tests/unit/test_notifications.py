"""The notification tray against a fake gateway (httpx.MockTransport): the list page, mark
read with CSRF, and the bell's stream relayed from the gateway's."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web.adapters.gateway import GatewayClient
from web.adapters.session_store import InMemorySessionStore
from web.config import Settings
from web.domain import notifications as tray
from web.domain.sessions import WebSession
from web.entrypoints.http_app import create_app

pytestmark = pytest.mark.unit

USER = {"id": str(uuid.uuid4()), "email": "ann@harbor.example", "display_name": "Ann", "roles": []}
UNREAD_ID, READ_ID = uuid.uuid4(), uuid.uuid4()


def _notice(id_: uuid.UUID, title: str, link: str, read_at: str | None) -> dict[str, Any]:
    return {
        "id": str(id_),
        "kind": "review_requested",
        "title": title,
        "body": "An investigator asks for video from 1 of your camera.",
        "link": link,
        "created_at": "2026-12-07T09:00:00Z",
        "read_at": read_at,
    }


class FakeGateway:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.stream_body = ""
        self.stream_status = 200

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(f"{request.method} {request.url.path}?{request.url.query.decode()}")
        path = request.url.path
        if path == "/api/v1/auth/token":
            tokens = {"access_token": "access", "refresh_token": "refresh", "expires_in": 900}
            return httpx.Response(200, json=tokens)
        if request.headers.get("authorization") != "Bearer access":
            return httpx.Response(401, json={"title": "Unauthorized", "status": 401})
        if path == "/api/v1/users/me":
            return httpx.Response(200, json=USER)
        if path == "/api/v1/notifications/stream":
            headers = {"content-type": "text/event-stream"}
            return httpx.Response(self.stream_status, text=self.stream_body, headers=headers)
        if path == "/api/v1/notifications":
            return httpx.Response(200, json=self._list(request.url.params.get("unread")))
        if request.method == "POST" and path.startswith("/api/v1/notifications/"):
            return httpx.Response(200, json={"marked": 1})
        return httpx.Response(404, json={"title": "Not Found", "status": 404})

    def _list(self, unread: str | None) -> dict[str, Any]:
        if unread == "true":
            items = [_notice(UNREAD_ID, "Video request N-1 needs your review", "/requests/1", None)]
            return {"items": items, "total": 1, "unread": 1}
        read = _notice(
            READ_ID, "Decision due soon on N-0", "//elsewhere.example/x", "2026-12-07T09:05:00Z"
        )
        return {"items": [read], "total": 1, "unread": 1}


@pytest.fixture
def fake() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def browser(fake: FakeGateway) -> Iterator[TestClient]:
    gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(fake))
    with TestClient(create_app(Settings(), gateway), follow_redirects=False) as client:
        page = client.get("/sign-in")
        form = {"csrf_token": _csrf(page.text), "email": USER["email"], "password": "right"}
        assert client.post("/sign-in", data=form).status_code == 303
        yield client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_the_page_lists_unread_then_earlier_with_links_and_forms(browser: TestClient) -> None:
    page = browser.get("/notifications")
    assert page.status_code == 200
    text = page.text
    assert text.index("Unread (1)") < text.index("Video request N-1") < text.index("Earlier")
    assert '<a class="usa-link" href="/requests/1">Video request N-1 needs your review</a>' in text
    assert 'href="//elsewhere.example/x"' not in text  # only this site's pages are linked
    assert f'action="/notifications/{UNREAD_ID}/read"' in text
    assert f'action="/notifications/{READ_ID}/read"' not in text  # already read
    assert 'action="/notifications/read-all"' in text
    assert 'aria-label="Notifications, 1 unread"' in text  # the bell, from the page's count


def test_mark_read_needs_the_csrf_token(browser: TestClient, fake: FakeGateway) -> None:
    refused = browser.post(f"/notifications/{UNREAD_ID}/read")
    assert refused.status_code == 403
    assert not [c for c in fake.calls if c.startswith("POST /api/v1/notifications/")]
    token = _csrf(browser.get("/notifications").text)
    done = browser.post(f"/notifications/{UNREAD_ID}/read", data={"csrf_token": token})
    assert (done.status_code, done.headers["location"]) == (303, "/notifications")
    every = browser.post("/notifications/read-all", data={"csrf_token": token})
    assert every.status_code == 303
    posts = [c for c in fake.calls if c.startswith("POST /api/v1/notifications/")]
    assert posts == [
        f"POST /api/v1/notifications/{UNREAD_ID}/read?",
        "POST /api/v1/notifications/read-all?",
    ]


def _events(text: str) -> list[tuple[str, str | None, str]]:
    found = []
    for block in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1)
            for line in block.splitlines()
            if ": " in line and not line.startswith(":")
        )
        if "event" in fields:
            data = "\n".join(line[6:] for line in block.splitlines() if line.startswith("data: "))
            found.append((fields["event"], fields.get("id"), data))
    return found


GATEWAY_STREAM = (
    "retry: 2000\nevent: unread\ndata: "
    + json.dumps({"unread": 2})
    + "\n\n: heartbeat\n\nevent: unread\ndata: "
    + json.dumps({"unread": 3})
    + "\n\n"
)


def test_the_stream_swaps_the_bell_and_announces_changes(
    browser: TestClient, fake: FakeGateway
) -> None:
    fake.stream_body = GATEWAY_STREAM
    answer = browser.get("/notifications/stream")
    assert answer.headers["content-type"].startswith("text/event-stream")
    events = _events(answer.text)
    # The first count fills the bell quietly; the change after it is also announced.
    assert [(name, id_) for name, id_, _ in events] == [
        ("bell", "2"),
        ("bell", "3"),
        ("announce", None),
    ]
    assert 'aria-label="Notifications, 2 unread"' in events[0][2]
    assert 'aria-label="Notifications, 3 unread"' in events[1][2]
    assert events[2][2] == "You have 3 unread notifications."
    assert "access" not in answer.text  # the token stays here


def test_a_reconnecting_browser_hears_only_what_changed(
    browser: TestClient, fake: FakeGateway
) -> None:
    fake.stream_body = GATEWAY_STREAM
    answer = browser.get("/notifications/stream", headers={"Last-Event-ID": "2"})
    assert [(name, id_) for name, id_, _ in _events(answer.text)] == [
        ("bell", "3"),
        ("announce", None),
    ]


def test_signed_out_the_stream_says_stop(fake: FakeGateway) -> None:
    gateway = GatewayClient("http://gateway.test", transport=httpx.MockTransport(fake))
    with TestClient(create_app(Settings(), gateway), follow_redirects=False) as client:
        assert client.get("/notifications/stream").status_code == 204


def test_a_refused_gateway_stream_ends_quietly(browser: TestClient, fake: FakeGateway) -> None:
    fake.stream_status = 503  # the notifier is down: the browser retries later
    answer = browser.get("/notifications/stream")
    assert answer.status_code == 200 and answer.text == "retry: 3000\n\n"
    assert browser.get("/notifications").status_code == 200  # still signed in


def test_unread_events_are_read_line_by_line() -> None:
    events = tray.UnreadEvents()
    lines = ["retry: 2000", "event: unread", 'data: {"unread": 4}', "", ": heartbeat", ""]
    assert [events.feed(line) for line in lines] == [None, None, None, 4, None, None]
    for junk in ('data: {"unread": -1}', 'data: "x"', "data: {", 'data: {"unread": true}'):
        assert [events.feed(line) for line in ("event: unread", junk, "")] == [None, None, None]
    assert [events.feed(line) for line in ("event: other", 'data: {"unread": 1}', "")][-1] is None
    assert tray.last_event_id("12") == 12
    assert tray.last_event_id("-1") is None and tray.last_event_id("9" * 12) is None
    assert tray.announcement(1) == "You have 1 unread notification."
    assert tray.announcement(0) == "You have no unread notifications."
    assert (
        tray.sse_event("bell", "<a>\n</a>", "3") == "event: bell\nid: 3\ndata: <a>\ndata: </a>\n\n"
    )


def test_peeking_at_a_session_is_no_use_of_it() -> None:
    """The stream peeks: a page left open with the bell still goes idle."""
    start = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    store = InMemorySessionStore(idle_limit=timedelta(minutes=30))
    session = store.add(WebSession.new(start))
    assert store.peek(session.id, start + timedelta(minutes=20)) is session
    assert session.last_used == start
    assert store.peek(session.id, start + timedelta(minutes=31)) is None
    assert store.peek(None, start) is None
